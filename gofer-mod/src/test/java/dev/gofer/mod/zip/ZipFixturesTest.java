package dev.gofer.mod.zip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.testing.RawZip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Runs all 54 upstream fixtures of golang.org/x/mod/zip against this package. */
class ZipFixturesTest {
  @TempDir Path tmp;

  private static JsonNode suite(String name) {
    return Vectors.load("zip-fixtures").get("suites").get(name);
  }

  @Test
  void thereAre54Fixtures() {
    int n = 0;
    for (JsonNode s : Vectors.load("zip-fixtures").get("suites")) {
      n += s.size();
    }
    assertThat(n).isEqualTo(54);
  }

  /** The module path of a fixture; invalid UTF-8 bytes become lone surrogates (see internal.GoQuote). */
  static String modulePath(JsonNode t) {
    if (t.has("path_hex")) {
      StringBuilder b = new StringBuilder();
      for (byte x : Vectors.hex(t.get("path_hex").asText())) {
        b.append((x & 0xff) < 0x80 ? (char) x : (char) (0xDC00 + (x & 0xff)));
      }
      return b.toString();
    }
    return t.get("path").asText();
  }

  static byte[] content(JsonNode f) {
    return f.has("content_hex")
        ? Vectors.hex(f.get("content_hex").asText())
        : f.get("content").asText().getBytes(UTF_8);
  }

  private Path writeTree(JsonNode t, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (JsonNode f : t.get("files")) {
      Path p = dir.resolve(f.get("name").asText());
      Files.createDirectories(p.getParent());
      Files.write(p, content(f));
    }
    return dir;
  }

  private Stream<DynamicTest> each(String suite, Executable body) {
    List<DynamicTest> tests = new ArrayList<>();
    int i = 0;
    for (JsonNode t : suite(suite)) {
      int k = i++;
      tests.add(DynamicTest.dynamicTest(suite + "/" + t.get("name").asText(),
          () -> body.run(t, tmp.resolve(suite + k))));
    }
    return tests.stream();
  }

  @FunctionalInterface
  interface Executable {
    void run(JsonNode t, Path work) throws Exception;
  }

  private static void expectHashOrError(JsonNode t, ThrowingSupplier hash) throws Exception {
    if (t.has("wantErr")) {
      assertThatThrownBy(hash::get)
          .isInstanceOf(ModuleZipException.class)
          .hasMessageContaining(t.get("wantErr").asText());
    } else {
      assertThat(hash.get()).isEqualTo(t.get("hash").asText());
    }
  }

  @FunctionalInterface
  interface ThrowingSupplier {
    String get() throws Exception;
  }

  @TestFactory
  Stream<DynamicTest> create() {
    return each("create", (t, work) -> expectHashOrError(t, () -> {
      List<SourceFile> files = new ArrayList<>();
      for (JsonNode f : t.get("files")) {
        files.add(SourceFile.of(f.get("name").asText(), content(f)));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ModuleZip.create(out, modulePath(t), t.get("version").asText(), files);
      Files.createDirectories(work);
      Path zip = Files.write(work.resolve("m.zip"), out.toByteArray());
      return DirHash.hashZip(zip);
    }));
  }

  @TestFactory
  Stream<DynamicTest> createFromDir() {
    return each("create_from_dir", (t, work) -> expectHashOrError(t, () -> {
      Path dir = writeTree(t, work.resolve("src"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ModuleZip.createFromDir(out, modulePath(t), t.get("version").asText(), dir);
      Path zip = Files.write(work.resolve("m.zip"), out.toByteArray());
      return DirHash.hashZip(zip);
    }));
  }

  @TestFactory
  Stream<DynamicTest> unzip() {
    return each("unzip", (t, work) -> expectHashOrError(t, () -> {
      RawZip raw = RawZip.create();
      for (JsonNode f : t.get("files")) {
        raw.add(f.get("name").asText(), content(f));
      }
      Files.createDirectories(work);
      Path zip = Files.write(work.resolve("m.zip"), raw.bytes());
      Path dir = work.resolve("out");
      String path = modulePath(t);
      String version = t.get("version").asText();
      ModuleZip.unzip(dir, path, version, zip);
      return DirHash.hashDir(dir, path + "@" + version);
    }));
  }

  static String format(CheckedFiles cf) {
    StringBuilder b = new StringBuilder("valid:\n");
    cf.valid().forEach(v -> b.append(v).append('\n'));
    b.append("\nomitted:\n");
    cf.omitted().forEach(e -> b.append(e).append('\n'));
    b.append("\ninvalid:\n");
    cf.invalid().forEach(e -> b.append(e).append('\n'));
    return b.toString();
  }

  @TestFactory
  Stream<DynamicTest> checkFiles() {
    return each("check_files", (t, work) -> {
      List<SourceFile> files = new ArrayList<>();
      for (JsonNode f : t.get("files")) {
        files.add(SourceFile.of(f.get("name").asText(), content(f)));
      }
      CheckedFiles cf = ModuleZip.checkFiles(files);
      assertThat(format(cf)).isEqualTo(t.get("want").asText());
      assertThat(cf.error().isPresent()).isEqualTo(!cf.invalid().isEmpty());
    });
  }

  @TestFactory
  Stream<DynamicTest> checkDir() {
    return each("check_dir", (t, work) -> {
      Path dir = writeTree(t, work);
      CheckedFiles cf = ModuleZip.checkDir(dir);
      assertThat(format(cf).replace(dir.toString(), "$work")).isEqualTo(t.get("want").asText());
    });
  }

  @TestFactory
  Stream<DynamicTest> checkZip() {
    return each("check_zip", (t, work) -> {
      RawZip raw = RawZip.create();
      for (JsonNode f : t.get("files")) {
        raw.add(f.get("name").asText(), content(f));
      }
      Files.createDirectories(work);
      Path zip = Files.write(work.resolve("m.zip"), raw.bytes());
      CheckedFiles cf = ModuleZip.checkZip(modulePath(t), t.get("version").asText(), zip);
      assertThat(format(cf)).isEqualTo(t.get("want").asText());
      if (!cf.invalid().isEmpty()) {
        try {
          cf.throwIfInvalid();
          fail("expected an exception");
        } catch (ModuleZipException e) {
          assertThat(e.rule()).isEqualTo(ZipRule.INVALID_FILES);
          assertThat(e.files()).isEqualTo(cf.invalid());
        }
      }
    });
  }
}
