package dev.gofer.mod.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.mod.note.Keys;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.FixtureModules.Written;
import dev.gofer.mod.testing.GoCommand;
import dev.gofer.mod.testing.TestSumdbServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real go command verifies fixture modules through a {@link Log} served by {@link
 * TestSumdbServer}, refuses a log that disagrees with the modules, reports a forked log as a
 * security error, and leaves a cache our {@link Client} reads.
 */
class SumdbGoIT {
  static final String NAME = "sumdb.gofer.test";

  @TempDir Path tmp;
  Keys.KeyPair keys;
  Path proxy;
  List<Written> written;

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(GoCommand.available(), "no go command on PATH");
    keys = Keys.generate(NAME);
    proxy = tmp.resolve("proxy");
    written = FixtureModules.writeProxyTree(proxy, FixtureModules.standard());
  }

  Log log(String lyingAbout) {
    Log log = Log.inMemory(keys.signerKey(), 8);
    for (Written w : written) {
      String lines = w.goSumLines();
      if ((w.module().path() + "@" + w.module().version()).equals(lyingAbout)) {
        lines = lines.replace(w.zipHash(), "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
      }
      log.append(new LogRecord(w.module().path(), w.module().version(), lines));
    }
    return log;
  }

  GoCommand go(String dir, TestSumdbServer server) throws IOException {
    return GoCommand.hermetic(
        tmp.resolve(dir),
        "file://" + proxy,
        Map.of("GOSUMDB", keys.verifierKey() + " " + server.url(), "GONOSUMDB", "", "GOPRIVATE", ""));
  }

  @Test
  void goVerifiesModulesThroughTheLog() throws Exception {
    try (TestSumdbServer server = TestSumdbServer.start(log(null))) {
      GoCommand go = go("go", server);
      ObjectMapper json = new ObjectMapper();
      for (Written w : written) {
        String mv = w.module().path() + "@" + w.module().version();
        GoCommand.Result r = go.run(tmp, "mod", "download", "-json", mv);
        assertThat(r.exitCode()).as(mv + ": " + r.stderr() + r.stdout()).isZero();
        assertThat(json.readTree(r.stdout()).get("Sum").asText()).isEqualTo(w.zipHash());
        assertThat(server.requests("/lookup/" + FixtureModules.escape(mv))).as(mv).isEqualTo(1);
      }
      assertThat(server.requestsStartingWith("/tile/8/0/")).isPositive();

      // The go command's own files are in the layout our client store reads: a client with no
      // network answers every lookup from them, proving them again on the way.
      Path gopath = tmp.resolve("go/gopath");
      assertThat(gopath.resolve("pkg/sumdb/" + NAME + "/latest")).exists();
      Client offline =
          Client.builder(
                  keys.verifierKey(),
                  path -> {
                    throw new IOException("offline");
                  },
                  ClientStore.inDirectories(gopath.resolve("pkg/sumdb"), go.modCache().resolve("cache/download")))
              .build();
      assertThat(offline.latest().tree()).isEqualTo(server.log().signed().tree());
      for (Written w : written) {
        assertThat(offline.lookup(w.module().path(), w.module().version()))
            .containsExactly(w.module().path() + " " + w.module().version() + " " + w.zipHash());
        assertThat(offline.lookup(w.module().path(), w.module().version() + "/go.mod"))
            .containsExactly(w.module().path() + " " + w.module().version() + "/go.mod " + w.goModHash());
      }
    }
  }

  @Test
  void goRefusesAModuleTheLogDisagreesWith() throws Exception {
    String victim = FixtureModules.HELLO + "@v1.0.0";
    try (TestSumdbServer server = TestSumdbServer.start(log(victim))) {
      GoCommand.Result r = go("go", server).run(tmp, "mod", "download", "-json", victim);
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.stderr() + r.stdout()).containsAnyOf("SECURITY ERROR", "checksum mismatch");
    }
  }

  @Test
  void goReportsAForkedLogAsASecurityError() throws Exception {
    try (TestSumdbServer server = TestSumdbServer.start(log(null))) {
      GoCommand go = go("go", server);
      String first = FixtureModules.HELLO + "@v1.1.0";
      assertThat(go.run(tmp, "mod", "download", "-json", first).exitCode()).isZero();
      // Same size, one record different: a head the go command already knows cannot be true.
      server.setLog(log(FixtureModules.HELLO + "@v1.0.0"));
      GoCommand.Result r = go.run(tmp, "mod", "download", "-json", FixtureModules.HELLO + "@v1.0.0");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.stderr() + r.stdout()).contains("SECURITY ERROR").contains("go.sum database server misbehavior detected!");
    }
  }

  @Test
  void serverAnswersWithGoStatusCodes() throws Exception {
    try (TestSumdbServer server = TestSumdbServer.start(log(null))) {
      var http = java.net.http.HttpClient.newHttpClient();
      String base = server.url().toString();
      Map<String, Integer> want =
          Map.of(
              "/latest", 200,
              "/lookup/example.com/fixture/hello@v1.0.0", 200,
              "/lookup/example.com/!fixture/!upper@v1.0.0", 200,
              "/lookup/example.com/fixture/hello@v9.9.9", 404,
              "/lookup/example.com/fixture/hello@latest", 400,
              "/lookup/example.com/Fixture@v1.0.0", 400,
              "/tile/8/0/000.p/5", 200,
              "/tile/8/0/000.p/6", 404,
              "/tile/8/0/0", 400,
              "/nothing", 404);
      for (var e : want.entrySet()) {
        var resp =
            http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + e.getKey())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(resp.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
      }
      // Our own HTTP remote reads the server like the go command.
      SumdbRemote remote = SumdbRemote.http(http, server.url());
      Client client = Client.builder(keys.verifierKey(), remote, ClientStore.inMemory()).build();
      Written w = written.get(0);
      assertThat(client.lookup(w.module().path(), w.module().version()))
          .containsExactly(w.module().path() + " " + w.module().version() + " " + w.zipHash());
      assertThat(Files.exists(tmp)).isTrue();
    }
  }
}
