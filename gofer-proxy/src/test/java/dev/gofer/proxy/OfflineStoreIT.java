package dev.gofer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.GoCommand;
import dev.gofer.proxy.http.AccessLog;
import dev.gofer.proxy.http.ProxyHandler;
import dev.gofer.proxy.http.SumdbFront;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.StoreModules;
import dev.gofer.proxy.store.Store;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real go command downloads fixture modules from a store served with nothing upstream. */
class OfflineStoreIT {
  @Test
  void goDownloadsFromTheStoreAlone(@TempDir Path tmp) throws Exception {
    assumeTrue(GoCommand.available(), "go is not on PATH");
    Store store = Store.open(tmp.resolve("data"));
    List<FixtureModules.Written> written =
        FixtureModules.writeProxyTree(store.download(), FixtureModules.standard());
    try (AccessLog log = new AccessLog(AccessLog.Format.TEXT, OutputStream.nullOutputStream());
        ProxyServer server =
            ProxyServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                new ProxyHandler(new StoreModules(store), SumdbFront.NONE, new Metrics(), log, () -> true, "gofer\n"),
                null)) {
      GoCommand go = GoCommand.hermetic(tmp.resolve("go"), server.uri().toString(), Map.of("GOSUMDB", "off"));
      Path work = Files.createDirectories(tmp.resolve("work"));
      for (FixtureModules.Written w : written) {
        String mv = w.module().path() + "@" + w.module().version();
        GoCommand.Result r = go.run(work, "mod", "download", "-json", mv);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("\"Sum\": \"" + w.zipHash() + "\"");
        assertThat(r.stdout()).contains("\"GoModSum\": \"" + w.goModHash() + "\"");
      }
      GoCommand.Result versions = go.run(work, "list", "-m", "-versions", FixtureModules.HELLO);
      assertThat(versions.exitCode()).as(versions.stderr()).isZero();
      assertThat(versions.stdout().trim()).isEqualTo(FixtureModules.HELLO + " v1.0.0 v1.1.0");
      GoCommand.Result missing = go.run(work, "mod", "download", "-json", "example.com/nowhere@v1.0.0");
      assertThat(missing.exitCode()).isNotZero();
      assertThat(missing.stdout()).contains("not in this proxy's store");
    }
  }
}
