package dev.gofer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.goproxy.ClientOptions;
import dev.gofer.mod.goproxy.ProxyChain;
import dev.gofer.mod.testing.GoCommand;
import dev.gofer.proxy.http.AccessLog;
import dev.gofer.proxy.http.ProxyHandler;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.OnlineModules;
import dev.gofer.proxy.sumdb.DatabaseConfig;
import dev.gofer.proxy.sumdb.SumdbMirror;
import dev.gofer.proxy.store.Store;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real public services: proxy.golang.org as the upstream and sum.golang.org (through
 * it) as the checksum database. Runs only with {@code ./mvnw verify -Plive}; it needs the network
 * and depends on services outside this repository, so the default build skips it and says why.
 */
class LiveProxyIT {
  static final String UPSTREAM = "https://proxy.golang.org";

  @BeforeAll
  static void onlyWhenAskedFor() {
    boolean live = Boolean.getBoolean("gofer.live");
    if (!live) {
      System.err.println(
          "LiveProxyIT skipped: it reaches proxy.golang.org and sum.golang.org; run ./mvnw verify -Plive to include it");
    }
    assumeTrue(live, "live tests run with -Plive (they reach proxy.golang.org and sum.golang.org)");
    assumeTrue(GoCommand.available(), "go is not on PATH");
  }

  record Running(Store store, ProxyServer server, AutoCloseable[] resources) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      server.close();
      for (AutoCloseable c : resources) {
        c.close();
      }
    }
  }

  static Running serve(Path data) throws Exception {
    Store store = Store.open(data);
    Metrics metrics = new Metrics();
    SumdbMirror mirror =
        SumdbMirror.builder(store, metrics).database(DatabaseConfig.sumGolangOrg()).upstream(UPSTREAM).build();
    ProxyChain chain = ProxyChain.create(UPSTREAM, ClientOptions.defaults());
    OnlineModules modules =
        new OnlineModules(store, chain, OnlineModules.PrivateModules.none(), mirror, metrics, OnlineModules.Options.defaults());
    AccessLog log = new AccessLog(AccessLog.Format.OFF, OutputStream.nullOutputStream());
    ProxyServer server =
        ProxyServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            new ProxyHandler(modules, mirror, metrics, log, () -> true, "gofer live test\n"),
            null);
    return new Running(store, server, new AutoCloseable[] {modules, chain, log});
  }

  @Test
  void goDownloadsAndVerifiesARealModuleThroughGofer(@TempDir Path tmp) throws Exception {
    try (Running r = serve(tmp.resolve("data"))) {
      GoCommand go = GoCommand.hermetic(tmp.resolve("go"), r.server().uri().toString(), Map.of());
      Path work = Files.createDirectories(tmp.resolve("work"));
      GoCommand.Result d = go.run(work, "mod", "download", "-json", "golang.org/x/text@v0.14.0");
      assertThat(d.exitCode()).as(d.stderr() + d.stdout()).isZero();
      assertThat(d.stdout()).contains("\"Sum\": \"h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=\"");
      Path zip = r.store().file("golang.org/x/text", "v0.14.0", "zip");
      assertThat(DirHash.hashZip(zip)).isEqualTo("h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=");
      assertThat(r.store().state().resolve("sumdb/sum.golang.org/latest")).isRegularFile();
      assertThat(r.store().sumdb("sum.golang.org").resolve("lookup/golang.org/x/text@v0.14.0")).isRegularFile();
    }
  }

  @Test
  void goFetchesAToolchainModuleThroughGofer(@TempDir Path tmp) throws Exception {
    try (Running r = serve(tmp.resolve("data"))) {
      // Toolchain modules always go through the checksum database, whatever GONOSUMDB says.
      GoCommand go = GoCommand.hermetic(tmp.resolve("go"), r.server().uri().toString(), Map.of("GONOSUMDB", "*"));
      Path work = Files.createDirectories(tmp.resolve("work"));
      String mv = "golang.org/toolchain@v0.0.1-go1.22.0.linux-amd64";
      GoCommand.Result d = go.run(work, "mod", "download", "-json", mv);
      assertThat(d.exitCode()).as(d.stderr() + d.stdout()).isZero();
      Path zip = r.store().file("golang.org/toolchain", "v0.0.1-go1.22.0.linux-amd64", "zip");
      assertThat(Files.size(zip)).isGreaterThan(50L << 20);
      assertThat(d.stdout()).contains("\"Sum\": \"" + DirHash.hashZip(zip) + "\"");
    }
  }
}
