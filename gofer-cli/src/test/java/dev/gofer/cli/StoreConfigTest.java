package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.mod.note.Keys;
import dev.gofer.mod.sumdb.Log;
import dev.gofer.mod.sumdb.LogRecord;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.TestSumdbServer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store commands read the configuration of {@code gofer serve}: the same {@code --config}
 * file, {@code GOFER_*} variables and flags, with the same precedence and the same one-line
 * errors (exit 2), each command the keys it uses.
 */
class StoreConfigTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  record Result(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  /** {@code gofer args} in-process, with {@code env} as its whole environment. */
  Result run(Map<String, String> env, String... args) {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("GOFER_HOME", tmp.resolve("home").toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Gofer.run(args, new PrintWriter(out, true), new PrintWriter(err, true), all, OutputStream.nullOutputStream());
    return new Result(code, out.toString(), err.toString());
  }

  static void assertOneLineUsageError(Result r, String start) {
    assertThat(r.code()).as(r.err()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("gofer: " + start);
  }

  @Test
  void mirrorSyncTakesDataUpstreamAndChecksumDatabaseFromTheConfigFile() throws Exception {
    Keys.KeyPair keys = Keys.generate("sumdb.gofer.test");
    Log log = Log.inMemory(keys.signerKey(), Sources.TILE_HEIGHT);
    for (FixtureModules.Written w : FixtureModules.writeProxyTree(tmp.resolve("upstream"), FixtureModules.standard())) {
      log.append(new LogRecord(w.module().path(), w.module().version(), w.goSumLines()));
    }
    try (TestSumdbServer sumdb = TestSumdbServer.start(log)) {
      Path etc = Files.createDirectories(tmp.resolve("etc"));
      Path file =
          Files.writeString(
              etc.resolve("gofer.toml"),
              """
              # serve's file: its own keys are accepted, and offline does not stop sync from fetching
              listen = "0.0.0.0:3000"
              freshness = "10m"
              offline = true
              data = "store"
              upstream = "%s"
              [[sumdb]]
              key = "%s"
              url = "%s"
              """
                  .formatted("file://" + tmp.resolve("upstream"), keys.verifierKey(), sumdb.url()));

      Result r = run(Map.of(), "mirror", "sync", "--config", file.toString(), "--json", FixtureModules.APP + "@v1.0.0", FixtureModules.HELLO + "@v1.1.0");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.json().get("fetched").asInt()).isEqualTo(2);
      Path store = etc.resolve("store/cache/download");
      assertThat(store.resolve("example.com/fixture/app/@v/v1.0.0.zip")).as("data relative to the file").isRegularFile();
      assertThat(store.resolve("example.com/fixture/hello/@v/v1.1.0.zip")).isRegularFile();
      assertThat(tmp.resolve("home/proxy")).as("not the default store").doesNotExist();
      assertThat(sumdb.requestsStartingWith("/lookup/")).as("verified against the file's database").isEqualTo(2);
      assertThat(store.resolve("sumdb/sumdb.gofer.test")).isDirectory();

      // A flag beats the file, a variable beats the file, as for serve.
      Result flag = run(Map.of(), "mirror", "sync", "--config", file.toString(), "--data", tmp.resolve("other").toString(), "-q", FixtureModules.HELLO + "@v1.0.0");
      assertThat(flag.code()).as(flag.err()).isZero();
      assertThat(tmp.resolve("other/cache/download/example.com/fixture/hello/@v/v1.0.0.zip")).isRegularFile();
      Result env = run(Map.of("GOFER_CONFIG", file.toString(), "GOFER_DATA", tmp.resolve("third").toString()), "mirror", "sync", "-q", FixtureModules.HELLO + "@v1.0.0");
      assertThat(env.code()).as(env.err()).isZero();
      assertThat(tmp.resolve("third/cache/download/example.com/fixture/hello/@v/v1.0.0.zip")).isRegularFile();
    }
  }

  @Test
  void environmentVariablesApplyToVerify() throws Exception {
    Path data = tmp.resolve("data");
    String privateUpstream = MirrorCommandTest.writePrivateUpstream(tmp.resolve("private"));
    Result sync = run(Map.of(), "mirror", "sync", "-q", "--data", data.toString(), "--private", "corp.example", "--private-upstream", privateUpstream, MirrorCommandTest.PRIVATE + "@v1.0.0");
    assertThat(sync.code()).as(sync.err()).isZero();

    Map<String, String> env = Map.of("GOFER_DATA", data.toString(), "GOFER_PRIVATE", "corp.example", "GOFER_OFFLINE", "true");
    Result verify = run(env, "verify", "--json");
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.json().get("versions").asInt()).as("the store of GOFER_DATA").isEqualTo(1);
    assertThat(verify.json().get("privateVersions").asInt()).as("the patterns of GOFER_PRIVATE").isEqualTo(1);

    // The flag beats the variable: not private now, the version needs a checksum-database record,
    // and offline (GOFER_OFFLINE) the store has none.
    Result publicNow = run(env, "verify", "--json", "--private", "other.example");
    assertThat(publicNow.code()).as(publicNow.out() + publicNow.err()).isEqualTo(Gofer.EXIT_PROBLEMS);
    assertThat(publicNow.json().get("privateVersions").asInt()).isZero();

    assertOneLineUsageError(run(Map.of("GOFER_UPSTREAM_TIMEOUT", "soon"), "verify"), "invalid GOFER_UPSTREAM_TIMEOUT=\"soon\"");
    assertOneLineUsageError(run(Map.of("GOFER_SUMDB", "off"), "verify"), "invalid GOFER_SUMDB=\"off\"");
  }

  @Test
  void aBadValueInTheFileIsOneLineAndExit2ForEveryStoreCommand() throws Exception {
    Path data = tmp.resolve("data");
    Path timeout = Files.writeString(tmp.resolve("timeout.toml"), "data = \"data\"\n\nupstream-timeout = \"forever\"\n");
    String where = timeout + ":3: invalid upstream-timeout \"forever\"";
    assertOneLineUsageError(run(Map.of(), "mirror", "sync", "--config", timeout.toString(), "example.com/a@v1.0.0"), where);
    assertOneLineUsageError(run(Map.of(), "mirror", "import", "--config", timeout.toString(), "archive.zip"), where);
    assertOneLineUsageError(run(Map.of("GOFER_CONFIG", timeout.toString()), "verify"), where);

    Path unknown = Files.writeString(tmp.resolve("unknown.toml"), "data = \"data\"\ndta = \"x\"\n");
    assertOneLineUsageError(run(Map.of(), "mirror", "export", "--config", unknown.toString(), "out.zip"), unknown + ":2: unknown key \"dta\"");

    Path sumdb = Files.writeString(tmp.resolve("sumdb.toml"), "[[sumdb]]\nname = \"corp.example\"\n");
    assertOneLineUsageError(run(Map.of(), "mirror", "import", "--config", sumdb.toString(), "archive.zip"), sumdb + ":1: invalid sumdb[1] \"corp.example\": no key is built in");

    assertOneLineUsageError(
        run(Map.of(), "mirror", "sync", "--config", tmp.resolve("none.toml").toString(), "example.com/a@v1.0.0"),
        "config file " + tmp.resolve("none.toml") + " does not exist");
    assertThat(data).as("nothing created").doesNotExist();
    assertThat(tmp.resolve("home")).doesNotExist();
  }

  @Test
  void aKeyOnlyServeUsesIsLeftToServe() throws Exception {
    Path file = Files.writeString(tmp.resolve("gofer.toml"), "data = \"data\"\nlisten = \"nowhere\"\n");
    Result verify = run(Map.of(), "verify", "--config", file.toString(), "--offline");
    assertThat(verify.code()).as(verify.err()).isZero();
    assertThat(tmp.resolve("data/cache/download")).isDirectory();
    assertOneLineUsageError(run(Map.of(), "serve", "--config", file.toString()), file + ":2: invalid listen \"nowhere\"");
  }
}
