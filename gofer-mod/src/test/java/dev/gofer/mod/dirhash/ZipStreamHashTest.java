package dev.gofer.mod.dirhash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.RawZip;
import dev.gofer.mod.zip.ModuleZip;
import dev.gofer.mod.zip.SourceFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming hash equals the full pass on every zip fixture, whatever the write sizes, and on
 * crafted zips it either equals it too or falls back to it: never a different accepted hash.
 */
class ZipStreamHashTest {
  private static final int[] CHUNKS = {1, 7, 4096, 65536, Integer.MAX_VALUE};

  @TempDir Path tmp;

  /**
   * Writes {@code zip} through a new stream in {@code chunk}-byte writes from one reused buffer
   * that is scribbled over after each write, as a download loop reuses its buffer.
   */
  static ZipStreamHash stream(byte[] zip, int chunk, long maxContent) {
    ZipStreamHash s = ZipStreamHash.create(maxContent);
    byte[] buf = new byte[Math.min(chunk, Math.max(zip.length, 1))];
    for (int i = 0; i < zip.length; i += buf.length) {
      int n = Math.min(buf.length, zip.length - i);
      System.arraycopy(zip, i, buf, 0, n);
      s.write(buf, 0, n);
      Arrays.fill(buf, (byte) 0x50);
    }
    s.close();
    return s;
  }

  static ZipStreamHash stream(byte[] zip, int chunk) {
    return stream(zip, chunk, ModuleZip.MAX_ZIP_FILE);
  }

  /** The full pass's answer: the hash, or the refusal's message. */
  static String full(Path zip) throws IOException {
    try {
      return DirHash.hashZip(zip);
    } catch (DirHashException e) {
      return "refused: " + e.getMessage();
    }
  }

  /** The answer with the stream: the hash and whether it streamed, or the refusal's message. */
  static String streamed(Path zip, ZipStreamHash s, boolean[] used) throws IOException {
    try {
      DirHash.ZipHash h = DirHash.hashZip(zip, s);
      used[0] = h.streamed();
      return h.h1();
    } catch (DirHashException e) {
      return "refused: " + e.getMessage();
    }
  }

  /** Asserts streamed == full for every chunk size; returns whether the fast path was taken. */
  private boolean assertSame(String what, byte[] bytes) throws IOException {
    Path zip = Files.write(tmp.resolve("z" + Integer.toHexString(what.hashCode()) + ".zip"), bytes);
    String want = full(zip);
    Boolean streamedEvery = null;
    for (int chunk : CHUNKS) {
      boolean[] used = {false};
      String got = streamed(zip, stream(bytes, chunk), used);
      assertThat(got).as(what + " in writes of " + chunk).isEqualTo(want);
      if (streamedEvery == null) {
        streamedEvery = used[0];
      }
      assertThat(used[0]).as(what + ": same path for writes of " + chunk).isEqualTo(streamedEvery);
    }
    return streamedEvery;
  }

  // --- equality on fixtures -------------------------------------------------------------------

  /** Every zip a writer made honestly, by what made it. */
  private static Map<String, byte[]> honestZips() throws IOException {
    Map<String, byte[]> zips = new LinkedHashMap<>();
    for (JsonNode t : Vectors.load("zip-fixtures").get("suites").get("create")) {
      if (t.has("wantErr") || t.has("path_hex")) {
        continue;
      }
      List<SourceFile> files = new ArrayList<>();
      for (JsonNode f : t.get("files")) {
        files.add(SourceFile.of(f.get("name").asText(), content(f)));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ModuleZip.create(out, t.get("path").asText(), t.get("version").asText(), files);
      zips.put("ModuleZip.create: " + t.get("name").asText(), out.toByteArray());
    }
    List<FixtureModules.Module> modules = new ArrayList<>(FixtureModules.standard());
    modules.add(FixtureModules.greet());
    for (FixtureModules.Module m : modules) {
      List<SourceFile> files = new ArrayList<>();
      m.files().forEach((name, text) -> files.add(SourceFile.of(name, text.getBytes(UTF_8))));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ModuleZip.create(out, m.path(), m.version(), files);
      zips.put("FixtureModules: " + m.path() + "@" + m.version(), out.toByteArray());
    }
    for (JsonNode c : Vectors.load("dirhash").get("cases")) {
      Map<String, byte[]> files = new LinkedHashMap<>();
      for (JsonNode f : c.get("files")) {
        files.put(f.get("name").asText(), f.get("content").asText().getBytes(UTF_8));
      }
      String name = c.get("name").asText();
      zips.put("ZipOutputStream, deflated: " + name, zipOutputStream(files, false));
      zips.put("ZipOutputStream, stored: " + name, zipOutputStream(files, true));
    }
    Random rnd = new Random(42);
    byte[] noise = new byte[300_000];
    rnd.nextBytes(noise);
    byte[] text = "the quick brown fox jumps over the lazy dog\n".repeat(20_000).getBytes(UTF_8);
    Map<String, byte[]> big = new LinkedHashMap<>();
    big.put("m@v1.0.0/", new byte[0]);
    big.put("m@v1.0.0/noise.bin", noise);
    big.put("m@v1.0.0/text.txt", text);
    big.put("m@v1.0.0/empty", new byte[0]);
    zips.put("ZipOutputStream, deflated: large files and a directory", zipOutputStream(big, false));
    zips.put("ZipOutputStream, stored: large files and a directory", zipOutputStream(big, true));
    for (JsonNode t : Vectors.load("zip-fixtures").get("suites").get("unzip")) {
      RawZip raw = RawZip.create();
      java.util.Set<String> names = new java.util.HashSet<>();
      for (JsonNode f : t.get("files")) {
        names.add(f.get("name").asText());
        raw.add(f.get("name").asText(), content(f));
      }
      if (names.size() == t.get("files").size()) { // dup_file is among the crafted zips
        zips.put("RawZip, unzip fixture: " + t.get("name").asText(), raw.bytes());
      }
    }
    return zips;
  }

  private static byte[] content(JsonNode f) {
    return f.has("content_hex")
        ? Vectors.hex(f.get("content_hex").asText())
        : f.get("content").asText().getBytes(UTF_8);
  }

  private static byte[] zipOutputStream(Map<String, byte[]> files, boolean stored)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out, UTF_8)) {
      for (var e : files.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        if (stored) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          entry.setCompressedSize(e.getValue().length);
          entry.setCrc(crc.getValue());
        }
        z.putNextEntry(entry);
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @TestFactory
  Stream<DynamicTest> everyHonestZipHashesTheSameStreamedInAnyWriteSizes() throws IOException {
    return honestZips().entrySet().stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
            assertThat(assertSame(e.getKey(), e.getValue())).as("fast path used").isTrue()));
  }

  @Test
  void theFixturesAreManyAndVaried() throws IOException {
    Map<String, byte[]> zips = honestZips();
    assertThat(zips).hasSizeGreaterThan(30);
    assertThat(zips.keySet()).anyMatch(k -> k.startsWith("ModuleZip.create"))
        .anyMatch(k -> k.startsWith("FixtureModules"))
        .anyMatch(k -> k.contains("stored"))
        .anyMatch(k -> k.contains("deflated"));
  }

  @Test
  void aModuleZipOfGofersOwnWriterStreamsToItsKnownHash() throws IOException {
    List<FixtureModules.Written> written =
        FixtureModules.writeProxyTree(tmp.resolve("proxy"), FixtureModules.standard());
    for (FixtureModules.Written w : written) {
      ZipStreamHash s = stream(Files.readAllBytes(w.zip()), 4096);
      DirHash.ZipHash h = DirHash.hashZip(w.zip(), s);
      assertThat(h.fallback()).isEmpty();
      assertThat(h.h1()).isEqualTo(w.zipHash());
    }
  }

  // --- crafted zips ----------------------------------------------------------------------------

  @TestFactory
  Stream<DynamicTest> aCraftedZipGivesTheFullPassesAnswerAndStreamsOnlyWhenSound() {
    return AdversarialZips.all().stream()
        .map(c -> DynamicTest.dynamicTest(c.name(), () ->
            assertThat(assertSame(c.name(), c.zip())).as("fast path used").isEqualTo(c.streams())));
  }

  @Test
  void swappedOffsetsHashWhatTheOffsetsSayNotWhatTheNamesSay() throws IOException {
    assertThat(CraftedZip.crc(AdversarialZips.PLUMLESS))
        .isEqualTo(CraftedZip.crc(AdversarialZips.BUCKEROO));
    String byName = Hash1.create()
        .add(AdversarialZips.A, AdversarialZips.PLUMLESS, 0, 8)
        .add(AdversarialZips.B, AdversarialZips.BUCKEROO, 0, 8)
        .sum();
    String byOffset = Hash1.create()
        .add(AdversarialZips.A, AdversarialZips.BUCKEROO, 0, 8)
        .add(AdversarialZips.B, AdversarialZips.PLUMLESS, 0, 8)
        .sum();
    for (AdversarialZips.Case c : AdversarialZips.all()) {
      if (c.name().startsWith("swapped offsets")
          || c.name().startsWith("entries in the other order")) {
        Path zip = Files.write(tmp.resolve("swap.zip"), c.zip());
        assertThat(full(zip)).as(c.name()).isEqualTo(byOffset).isNotEqualTo(byName);
        assertThat(DirHash.hashZip(zip, stream(c.zip(), 7)).h1()).as(c.name()).isEqualTo(byOffset);
      }
    }
  }

  @Test
  void aDeflateBombGivesUpAtTheContentLimitAndLeavesTheDecisionToTheFullPass() throws IOException {
    byte[] zeros = new byte[3 << 20];
    CraftedZip z = CraftedZip.create();
    z.add("m@v1.0.0/bomb", zeros).descriptor(CraftedZip.Descriptor.SIGNED);
    byte[] bytes = z.bytes();
    assertThat(bytes.length).isLessThan(zeros.length / 100);
    Path zip = Files.write(tmp.resolve("bomb.zip"), bytes);

    ZipStreamHash s = stream(bytes, 4096, 1 << 20);
    assertThat(s.gaveUp())
        .hasValueSatisfying(r -> assertThat(r).contains("more than 1048576 bytes of content"));
    DirHash.ZipHash h = DirHash.hashZip(zip, s);
    assertThat(h.streamed()).isFalse();
    assertThat(h.h1()).isEqualTo(DirHash.hashZip(zip));
    // under the limit the same zip streams
    assertThat(DirHash.hashZip(zip, stream(bytes, 4096, 4 << 20)).streamed()).isTrue();
  }

  @Test
  void aLocalHeaderThatUnderstatesTheSizeGivesUpAsSoonAsTheDataOutgrowsIt() throws IOException {
    byte[] zeros = new byte[1 << 20];
    CraftedZip z = CraftedZip.create();
    z.add("m@v1.0.0/zeros", zeros);
    byte[] bytes = z.bytes();
    // the local header's uncompressed size (offset 22) says 1000 bytes
    bytes[22] = (byte) 0xe8;
    bytes[23] = 0x03;
    bytes[24] = 0;
    ZipStreamHash s = stream(bytes, 65536);
    assertThat(s.gaveUp())
        .hasValueSatisfying(r -> assertThat(r).contains("larger than its local header"));
    assertSame("understated local size", bytes);
  }

  @Test
  void aRetriedDownloadNeedsAFreshStreamAndAStaleOneFallsBack() throws IOException {
    byte[] bytes = AdversarialZips.pair(false).bytes();
    Path zip = Files.write(tmp.resolve("retry.zip"), bytes);
    ZipStreamHash stale = ZipStreamHash.create();
    stale.write(bytes, 0, bytes.length / 2); // the first attempt broke off here
    stale.write(bytes, 0, bytes.length); // the retry, into the same stream by mistake
    DirHash.ZipHash h = DirHash.hashZip(zip, stale);
    assertThat(h.streamed()).isFalse();
    assertThat(h.fallback()).hasValueSatisfying(r -> assertThat(r).contains("were streamed"));
    assertThat(h.h1()).isEqualTo(DirHash.hashZip(zip));
  }

  @Test
  void writesAfterCloseGiveUp() throws IOException {
    byte[] bytes = AdversarialZips.pair(false).bytes();
    ZipStreamHash s = ZipStreamHash.create();
    s.write(bytes, 0, 10);
    s.close();
    s.write(bytes, 10, bytes.length - 10);
    assertThat(s.gaveUp()).isPresent();
    assertThat(s.size()).isEqualTo(bytes.length);
    Path zip = Files.write(tmp.resolve("closed.zip"), bytes);
    assertThat(DirHash.hashZip(zip, s).streamed()).isFalse();
  }
}
