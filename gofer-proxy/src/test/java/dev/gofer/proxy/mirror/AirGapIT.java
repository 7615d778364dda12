package dev.gofer.proxy.mirror;

import static dev.gofer.mod.testing.FixtureModules.APP;
import static dev.gofer.mod.testing.FixtureModules.HELLO;
import static dev.gofer.mod.testing.FixtureModules.HELLO_V2;
import static dev.gofer.mod.testing.FixtureModules.UPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.testing.GoCommand;
import dev.gofer.proxy.ProxyServer;
import dev.gofer.proxy.http.AccessLog;
import dev.gofer.proxy.http.ProxyHandler;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.StoreModules;
import dev.gofer.proxy.store.Store;
import dev.gofer.proxy.sumdb.DatabaseConfig;
import dev.gofer.proxy.sumdb.SumdbMirror;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The air gap end to end: an online store filled by {@code mirror sync} from go.sum files (while
 * the checksum database grows between two syncs), exported, imported into an empty store on the
 * "other side", and served from there offline, modules and checksum database both, to the real
 * go command, which builds a program with an empty module cache and the checksum database
 * verified, with the upstream and the database stopped.
 */
class AirGapIT {
  @TempDir Path tmp;

  @Test
  void syncExportImportThenGoBuildsOfflineWithTheChecksumDatabaseVerified() throws Exception {
    assumeTrue(GoCommand.available(), "go is not on PATH");
    Path archive = tmp.resolve("airgap.zip");
    Store online = Store.open(tmp.resolve("online"));
    try (AirGap world = new AirGap(tmp.resolve("world"))) {
      try (AirGap.Syncer s = world.syncer(online)) {
        SyncReport first =
            s.run(world.goSum("first.sum", List.of(world.fixture(HELLO, "v1.0.0"), world.fixture(HELLO, "v1.1.0"), world.fixture(UPPER, "v1.0.0"))));
        assertThat(first.ok()).as(first.text()).isTrue();
        assertThat(first.count(SyncReport.Outcome.FETCHED)).isEqualTo(3);
      }
      long headBefore = world.log.size();
      world.growLog();
      assertThat(world.log.size()).isGreaterThan(headBefore);
      try (AirGap.Syncer s = world.syncer(online)) {
        SyncReport second =
            s.run(world.goSum("second.sum", List.of(world.fixture(APP, "v1.0.0"), world.fixture(HELLO_V2, "v2.0.0"), world.fixture(HELLO, "v1.1.0"))));
        assertThat(second.ok()).as(second.text()).isTrue();
        assertThat(second.count(SyncReport.Outcome.FETCHED)).isEqualTo(2);
        assertThat(second.count(SyncReport.Outcome.PRESENT)).isEqualTo(1);
        assertThat(second.json()).contains("\"fetched\":2", "\"present\":1", "\"failed\":0");
      }
      // The online store's own head is the grown log's, and every lookup is stored.
      assertThat(Files.readString(online.state().resolve("sumdb/" + AirGap.NAME + "/latest")))
          .contains("\n" + world.log.size() + "\n");
      assertThat(online.sumdb(AirGap.NAME).resolve("lookup/example.com/fixture/hello@v1.0.0")).isRegularFile();

      MirrorExport.Result exported = new MirrorExport(online).export(archive, Optional.empty());
      assertThat(exported.versions()).isEqualTo(5);
      assertThat(exported.lookups()).isEqualTo(5);
      assertThat(exported.tiles()).isPositive();
      world.stopNetwork();
      int upstreamRequests = world.upstreamRequests.get();

      // The other side of the air gap: an empty store.
      Store airgapped = Store.open(tmp.resolve("airgapped"));
      MirrorImport.Result imported =
          new MirrorImport(airgapped, List.of(world.keys.verifierKey()), PrefixPatterns.parse("")).importArchive(archive);
      assertThat(imported.versions()).isEqualTo(5);
      assertThat(imported.heads()).containsEntry(AirGap.NAME, world.log.size());
      assertThat(Files.readString(airgapped.state().resolve("sumdb/" + AirGap.NAME + "/latest")))
          .isEqualTo(Files.readString(online.state().resolve("sumdb/" + AirGap.NAME + "/latest")));
      assertThat(tmp.resolve("airgapped")).isDirectoryNotContaining("glob:**import.tmp-*");

      // A second import of the same archive publishes nothing new.
      MirrorImport.Result again =
          new MirrorImport(airgapped, List.of(world.keys.verifierKey()), PrefixPatterns.parse("")).importArchive(archive);
      assertThat(again.published()).isZero();

      Metrics metrics = new Metrics();
      SumdbMirror offlineDb =
          SumdbMirror.builder(airgapped, metrics).database(DatabaseConfig.of(world.keys.verifierKey())).offline(true).build();
      ByteArrayOutputStream access = new ByteArrayOutputStream();
      try (AccessLog log = new AccessLog(AccessLog.Format.TEXT, access);
          ProxyServer server =
              ProxyServer.start(
                  new InetSocketAddress("127.0.0.1", 0),
                  new ProxyHandler(new StoreModules(airgapped), offlineDb, metrics, log, () -> true, "gofer\n"),
                  null)) {
        GoCommand go =
            GoCommand.hermetic(
                tmp.resolve("go"),
                server.uri().toString(),
                Map.of("GOSUMDB", world.keys.verifierKey(), "GONOSUMDB", "", "GOPRIVATE", "", "GONOPROXY", ""));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(
            work.resolve("go.mod"),
            "module example.com/work\n\ngo 1.21\n\nrequire (\n\t" + HELLO + " v1.1.0\n\t" + HELLO_V2 + " v2.0.0\n\t" + UPPER + " v1.0.0\n)\n");
        Files.writeString(
            work.resolve("main.go"),
            "package main\n\nimport (\n\t\"fmt\"\n\n\t\"" + HELLO + "/greet\"\n\thello2 \"" + HELLO_V2 + "\"\n\t_ \"" + UPPER + "\"\n)\n\n"
                + "func main() { fmt.Println(greet.Greet(\"air gap\"), hello2.Hello()) }\n");
        GoCommand.Result tidy = go.run(work, "mod", "tidy");
        assertThat(tidy.exitCode()).as(tidy.stderr() + "\n" + access).isZero();
        assertThat(Files.readString(work.resolve("go.sum")))
            .contains(world.fixture(HELLO, "v1.1.0").zipHash(), world.fixture(HELLO_V2, "v2.0.0").zipHash(), world.fixture(UPPER, "v1.0.0").zipHash());
        GoCommand.Result build = go.run(work, "build", "-o", "app", ".");
        assertThat(build.exitCode()).as(build.stderr()).isZero();
        Process p = new ProcessBuilder(work.resolve("app").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out.strip()).isEqualTo("hello v1.1.0, air gap hello, v2");
        // The go command verified the modules through the checksum database gofer served.
        assertThat(access.toString()).contains("/sumdb/" + AirGap.NAME + "/lookup/", "/sumdb/" + AirGap.NAME + "/tile/8/");
        assertThat(tmp.resolve("go/gopath/pkg/sumdb/" + AirGap.NAME + "/latest")).isRegularFile();
      }
      assertThat(world.upstreamRequests.get()).isEqualTo(upstreamRequests);
    }
  }
}
