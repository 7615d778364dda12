package dev.gofer.mod.dirhash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirHashTest {
  @TempDir Path tmp;

  private static Map<String, byte[]> files(JsonNode c) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (JsonNode f : c.get("files")) {
      m.put(f.get("name").asText(), f.get("content").asText().getBytes(UTF_8));
    }
    return m;
  }

  @Test
  void everyVectorCaseHashesAsHash1() throws IOException {
    JsonNode cases = Vectors.load("dirhash").get("cases");
    assertThat(cases.size()).isEqualTo(6);
    for (JsonNode c : cases) {
      Map<String, byte[]> m = files(c);
      String h = DirHash.hash1(m.keySet(), n -> new ByteArrayInputStream(m.get(n)));
      assertThat(h).as(c.get("name").asText()).isEqualTo(c.get("h1").asText());
    }
  }

  @Test
  void everyVectorCaseHashesTheSameAsAZipOfIt() throws IOException {
    for (JsonNode c : Vectors.load("dirhash").get("cases")) {
      Path zip = tmp.resolve("v" + Math.abs(c.get("name").asText().hashCode()) + ".zip");
      writeZip(zip, files(c));
      assertThat(DirHash.hashZip(zip)).as(c.get("name").asText()).isEqualTo(c.get("h1").asText());
    }
  }

  @Test
  void incrementalHashMatchesWhateverTheOrder() {
    JsonNode c = Vectors.load("dirhash").get("cases").get(0);
    Map<String, byte[]> m = files(c);
    List<String> names = new ArrayList<>(m.keySet());
    Hash1 forward = Hash1.create();
    names.forEach(n -> forward.add(n, m.get(n), 0, m.get(n).length));
    Hash1 backward = Hash1.create();
    names.reversed().forEach(n -> backward.add(n, sha256(m.get(n))));
    assertThat(forward.sum()).isEqualTo(c.get("h1").asText()).isEqualTo(backward.sum());
  }

  @Test
  void sortsByUtf8BytesNotUtf16() throws IOException {
    JsonNode c = Vectors.load("dirhash").get("cases").get(5);
    Map<String, byte[]> m = files(c);
    assertThat(DirHash.hash1(m.keySet(), n -> new ByteArrayInputStream(m.get(n))))
        .isEqualTo(c.get("h1").asText())
        .isNotEqualTo(c.get("h1_if_sorted_by_utf16_WRONG").asText());
  }

  @Test
  void goModHashVectors() throws IOException {
    JsonNode cases = Vectors.load("dirhash").get("cases");
    for (int i : new int[] {3, 4}) {
      byte[] mod = cases.get(i).get("files").get(0).get("content").asText().getBytes(UTF_8);
      assertThat(DirHash.hashGoMod(mod)).isEqualTo(cases.get(i).get("h1").asText());
      assertThat(DirHash.hashGoMod(new ByteArrayInputStream(mod)))
          .isEqualTo(cases.get(i).get("h1").asText());
    }
    JsonNode tc = Vectors.load("toolchain-module");
    assertThat(DirHash.hashGoMod(tc.get("mod_file_content").asText().getBytes(UTF_8)))
        .isEqualTo(tc.get("mod_file_h1_derived").asText());
  }

  @Test
  void rejectsNewlinesInNames() {
    for (JsonNode r : Vectors.load("dirhash").get("rejects")) {
      List<String> names = new ArrayList<>();
      r.get("files").forEach(n -> names.add(n.asText()));
      assertThatThrownBy(() -> DirHash.hash1(names, n -> new ByteArrayInputStream(new byte[0])))
          .isInstanceOf(DirHashException.class)
          .hasMessage(r.get("error").asText());
    }
  }

  @Test
  void hashDirNamesFilesWithThePrefix() throws IOException {
    JsonNode c = Vectors.load("dirhash").get("cases").get(1);
    Files.writeString(tmp.resolve("xyz"), "data for xyz");
    Files.writeString(tmp.resolve("abc"), "data for abc");
    assertThat(DirHash.dirFiles(tmp, "prefix")).containsExactly("prefix/abc", "prefix/xyz");
    assertThat(DirHash.hashDir(tmp, "prefix")).isEqualTo(c.get("h1").asText());
    assertThat(DirHash.hashDir(tmp, "prefix/")).isEqualTo(c.get("h1").asText());
  }

  @Test
  void emptyConstantIsTheEmptyListHash() throws IOException {
    assertThat(Hash1.create().sum()).isEqualTo(Hash1.EMPTY);
    assertThat(DirHash.hashDir(tmp, "m@v1.0.0")).isEqualTo(Hash1.EMPTY);
  }

  @Test
  void zipEntryLongerThanDeclaredIsRefused() throws IOException {
    Path zip = tmp.resolve("lie.zip");
    writeZip(zip, Map.of("m@v1.0.0/a.txt", "hello world".getBytes(UTF_8)));
    byte[] b = Files.readAllBytes(zip);
    patchSizes(b, 11, 5);
    Files.write(zip, b);
    assertThatThrownBy(() -> DirHash.hashZip(zip)).isInstanceOf(DirHashException.class);
  }

  @Test
  void corruptZipIsTyped() throws IOException {
    Path zip = tmp.resolve("bad.zip");
    Files.write(zip, "PK\u0003\u0004 not really a zip".getBytes(UTF_8));
    assertThatThrownBy(() -> DirHash.hashZip(zip)).isInstanceOf(DirHashException.class);
  }

  @Test
  void duplicateZipEntriesAreRefused() throws IOException {
    Path zip = tmp.resolve("dup.zip");
    try (OutputStream os = Files.newOutputStream(zip)) {
      os.write(dev.gofer.mod.testing.RawZip.create().add("m@v1.0.0/a", new byte[] {1}).add("m@v1.0.0/a", new byte[] {2}).bytes());
    }
    assertThatThrownBy(() -> DirHash.hashZip(zip))
        .isInstanceOf(DirHashException.class)
        .hasMessageContaining("multiple entries");
  }

  /**
   * The full pass reads zips as Go's {@code archive/zip} does (ZipStreamHashGoIT checks every
   * crafted zip against Go itself; these are the cases where {@code java.util.zip.ZipFile}, used
   * before, disagreed with Go, pinned here without a go command).
   */
  @Test
  void theFullPassRefusesAndAcceptsCraftedZipsAsGoDoes() throws IOException {
    Map<String, AdversarialZips.Case> byName = new LinkedHashMap<>();
    AdversarialZips.all().forEach(c -> byName.put(c.name(), c));
    Map<String, String> refusedByGo =
        Map.of(
            "directory compressed size smaller than the data", "unexpected EOF",
            "directory flags say data descriptor, local ones do not", "checksum error",
            "data descriptor with the wrong CRC-32", "checksum error",
            "end record comment holding an end signature", "not a valid zip file");
    for (var e : refusedByGo.entrySet()) {
      Path zip = Files.write(tmp.resolve("refused.zip"), byName.get(e.getKey()).zip());
      assertThatThrownBy(() -> DirHash.hashZip(zip)).as(e.getKey()).isInstanceOf(DirHashException.class).hasMessageContaining(e.getValue());
    }
    // Go reads these as the plain pair: an encryption flag it ignores, extra fields it skips.
    String pair = DirHash.hashZip(Files.write(tmp.resolve("pair.zip"), AdversarialZips.pair(false).bytes()));
    for (String name : List.of("encrypted flag", "zip64 extra block in the directory", "extra field block overruns the field")) {
      Path zip = Files.write(tmp.resolve("accepted.zip"), byName.get(name).zip());
      assertThat(DirHash.hashZip(zip)).as(name).isEqualTo(pair);
    }
  }

  /** Rewrites the uncompressed size field of every header from {@code from} to {@code to}. */
  static void patchSizes(byte[] b, int from, int to) {
    for (int i = 0; i + 30 < b.length; i++) {
      if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {
        setIntIf(b, i + 24, from, to);
      } else if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4) {
        setIntIf(b, i + 22, from, to);
      }
    }
  }

  private static void setIntIf(byte[] b, int off, int from, int to) {
    int v = (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    if (v == from) {
      b[off] = (byte) to;
      b[off + 1] = (byte) (to >> 8);
      b[off + 2] = (byte) (to >> 16);
      b[off + 3] = (byte) (to >> 24);
    }
  }

  static void writeZip(Path zip, Map<String, byte[]> files) throws IOException {
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (var e : files.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
  }

  static byte[] sha256(byte[] b) {
    return Hash1.sha256().digest(b);
  }
}
