package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gofer.proxy.ServeConfig;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.store.Store;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How serve reaches its upstream: one HTTP client, its connections kept. */
class SourcesTest {
  @TempDir Path tmp;

  @Test
  void moduleAndChecksumReadsShareOneUpstreamConnection() throws Exception {
    // A keep-alive HTTP/1.1 upstream that notes the client port of every request: requests on
    // one connection share a port. Its answers need not make sense; each read must just reach it.
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext(
        "/",
        ex -> {
          seen.add(ex.getRequestURI().getPath() + " from port " + ex.getRemoteAddress().getPort());
          byte[] body = "v1.0.0\n".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    upstream.start();
    try {
      ServeConfig cfg =
          ServeCommandTest.config(
              Map.of("GOFER_HOME", tmp.toString()),
              "--upstream", "http://127.0.0.1:" + upstream.getAddress().getPort(),
              "--prefetch=false", "--prefetch-zips=false");
      Store store = Sources.openStore(cfg);
      try (Sources sources = Sources.of(cfg, store, new Metrics())) {
        sources.modules().list("example.com/shared");
        sources.sumdb().answer("sum.golang.org/latest");
        sources.modules().list("example.com/shared/again");
      }
    } finally {
      upstream.stop(0);
    }
    assertThat(seen).hasSize(3);
    assertThat(seen.get(1)).startsWith("/sumdb/sum.golang.org/latest");
    // Two clients would show two ports: the checksum read on a connection of its own.
    assertThat(seen.stream().map(s -> s.substring(s.lastIndexOf(' ') + 1)).distinct()).hasSize(1);
  }

  @Test
  void idleUpstreamConnectionsAreKeptLongerThanTheJdkDefaultUnlessSetExplicitly() {
    Properties defaults = new Properties();
    Gofer.keepUpstreamConnections(defaults);
    assertThat(defaults.getProperty("jdk.httpclient.keepalive.timeout.h2")).isEqualTo("120");

    Properties explicit = new Properties();
    explicit.setProperty("jdk.httpclient.keepalive.timeout.h2", "7");
    Gofer.keepUpstreamConnections(explicit);
    assertThat(explicit.getProperty("jdk.httpclient.keepalive.timeout.h2")).isEqualTo("7");
  }
}
