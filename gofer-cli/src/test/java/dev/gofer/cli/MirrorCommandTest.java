package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.mod.zip.ModuleZip;
import dev.gofer.mod.zip.SourceFile;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gofer mirror} and {@code gofer verify} from the command line: usage errors exit 2 with
 * one line, {@code --json} prints one JSON object, and a private module travels sync → export →
 * import with no checksum database and no network (a {@code file://} private upstream).
 */
class MirrorCommandTest {
  static final String PRIVATE = "corp.example/lib";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path data;
  String privateUpstream;

  record Result(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Gofer.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeEach
  void privateUpstream() throws Exception {
    data = tmp.resolve("data");
    privateUpstream = writePrivateUpstream(tmp.resolve("private"));
  }

  /** Writes {@link #PRIVATE} v1.0.0 as a GOPROXY tree under {@code dir}; returns its file:// URL. */
  static String writePrivateUpstream(Path dir) throws Exception {
    Path v = Files.createDirectories(dir.resolve("corp.example/lib/@v"));
    byte[] goMod = ("module " + PRIVATE + "\n\ngo 1.21\n").getBytes(StandardCharsets.UTF_8);
    Files.write(v.resolve("v1.0.0.mod"), goMod);
    Files.writeString(v.resolve("v1.0.0.info"), "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-02T03:04:05Z\"}");
    Files.writeString(v.resolve("list"), "v1.0.0\n");
    try (OutputStream out = Files.newOutputStream(v.resolve("v1.0.0.zip"))) {
      ModuleZip.create(out, PRIVATE, "v1.0.0", List.of(SourceFile.of("go.mod", goMod), SourceFile.of("lib.go", "package lib\n".getBytes(StandardCharsets.UTF_8))));
    }
    return "file://" + dir;
  }

  private String[] withPrivate(String... args) {
    return Stream.concat(Stream.of(args), Stream.of("--data", data.toString(), "--private", "corp.example", "--private-upstream", privateUpstream))
        .toArray(String[]::new);
  }

  @Test
  void mirrorWithoutACommandIsAUsageError() {
    Result r = run("mirror");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).contains("missing command");
  }

  @Test
  void syncWithoutInputsIsAUsageError() {
    Result r = run("mirror", "sync", "--data", data.toString());
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).contains("INPUT");
    assertThat(data).doesNotExist();
  }

  @Test
  void syncOfSomethingThatIsNoInputIsAUsageErrorOnOneLine() {
    Result r = run("mirror", "sync", "--data", data.toString(), "nonsense");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err().lines().findFirst().orElseThrow()).contains("\"nonsense\": not a go.mod or go.sum file");
    assertThat(data).doesNotExist();
  }

  @Test
  void syncOfAQueryIsAUsageError() {
    Result r = run("mirror", "sync", "--data", data.toString(), "example.com/x@latest");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).contains("not a canonical version");
  }

  @Test
  void syncOfAMissingGoSumIsAUsageError() {
    Result r = run("mirror", "sync", "--data", data.toString(), tmp.resolve("nowhere/go.sum").toString());
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).contains("no such file");
  }

  @Test
  void exportWithoutAFileIsAUsageError() {
    Result r = run("mirror", "export", "--data", data.toString());
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).contains("FILE");
  }

  @Test
  void importOfAMissingArchiveIsAUsageError() {
    Result r = run("mirror", "import", "--data", data.toString(), tmp.resolve("missing.zip").toString());
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).startsWith("gofer: no such archive");
  }

  @Test
  void importOfJunkIsRefusedWithJsonAndExit1() throws Exception {
    Path junk = Files.writeString(tmp.resolve("junk.zip"), "not a zip\n");
    Result r = run("mirror", "import", "--json", "--data", data.toString(), junk.toString());
    assertThat(r.code()).isEqualTo(Gofer.EXIT_PROBLEMS);
    assertThat(r.json().get("ok").asBoolean()).isFalse();
    assertThat(r.json().get("error").asText()).startsWith("refusing junk.zip");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void aPrivateModuleTravelsSyncExportImportWithJsonReports() throws Exception {
    Result first = run(withPrivate("mirror", "sync", "--json", PRIVATE + "@v1.0.0"));
    assertThat(first.code()).as(first.err()).isZero();
    JsonNode j = first.json();
    assertThat(j.get("fetched").asInt()).isEqualTo(1);
    assertThat(j.get("ok").asBoolean()).isTrue();
    assertThat(j.get("items").get(0).get("outcome").asText()).isEqualTo("fetched");
    assertThat(data.resolve("cache/download/corp.example/lib/@v/v1.0.0.zip")).isRegularFile();

    Result again = run(withPrivate("mirror", "sync", "--json", PRIVATE + "@v1.0.0"));
    assertThat(again.json().get("present").asInt()).isEqualTo(1);

    Result missing = run(withPrivate("mirror", "sync", "--json", "-q", PRIVATE + "@v1.9.9"));
    assertThat(missing.code()).isEqualTo(Gofer.EXIT_PROBLEMS);
    assertThat(missing.json().get("failed").asInt()).isEqualTo(1);
    assertThat(missing.json().get("items").get(0).get("detail").asText()).contains("404");

    Result verify = run(withPrivate("verify", "--json", "--offline"));
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.json().get("clean").asBoolean()).isTrue();
    assertThat(verify.json().get("privateVersions").asInt()).isEqualTo(1);

    Path archive = tmp.resolve("out.zip");
    Result export = run("mirror", "export", "--json", "--data", data.toString(), archive.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.json().get("versions").asInt()).isEqualTo(1);

    Path other = tmp.resolve("other");
    Result imported = run("mirror", "import", "--json", "--data", other.toString(), "--private", "corp.example", archive.toString());
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.json().get("ok").asBoolean()).isTrue();
    assertThat(other.resolve("cache/download/corp.example/lib/@v/v1.0.0.zip")).isRegularFile();
    assertThat(Files.readString(other.resolve("cache/download/corp.example/lib/@v/list"))).isEqualTo("v1.0.0\n");

    // Without the private pattern the same module needs a checksum-database record the archive lacks.
    Result unverifiable = run("mirror", "import", "--data", tmp.resolve("third").toString(), archive.toString());
    assertThat(unverifiable.code()).isEqualTo(Gofer.EXIT_PROBLEMS);
    assertThat(unverifiable.err()).contains("no verified checksum-database record");
  }

  @Test
  void verifyOfAnEmptyStorePrintsJsonAndExits0() throws Exception {
    Result r = run("verify", "--json", "--data", data.toString());
    assertThat(r.code()).isZero();
    assertThat(r.json().get("clean").asBoolean()).isTrue();
    assertThat(r.json().get("problems")).isEmpty();
  }

  @Test
  void verifyFindsATamperedPrivateZip() throws Exception {
    assertThat(run(withPrivate("mirror", "sync", "-q", PRIVATE + "@v1.0.0")).code()).isZero();
    Path zip = data.resolve("cache/download/corp.example/lib/@v/v1.0.0.zip");
    Path ziphash = data.resolve("cache/download/corp.example/lib/@v/v1.0.0.ziphash");
    Files.writeString(ziphash, "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    Result r = run(withPrivate("verify", "--offline", "--quarantine"));
    assertThat(r.code()).isEqualTo(Gofer.EXIT_PROBLEMS);
    assertThat(r.out()).contains("mismatch", "(quarantined)");
    assertThat(zip).doesNotExist();
    assertThat(data.resolve("quarantine/cache/download/corp.example/lib/@v/v1.0.0.zip")).isRegularFile();
  }
}
