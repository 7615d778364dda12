package dev.gofer.host.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user reads when the proxy or checksum database cannot be reached. */
class NetErrorTest {
  /** A port on 127.0.0.1 that nothing listens on: bound, then closed. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aRefusedProxyIsNamedInWordsWithTheSettingToCheck() throws Exception {
    String proxy = "http://127.0.0.1:" + closedPort();
    AuditSettings s = AuditSettings.resolve(proxy, Map.of());
    try (HttpClient http = HttpClient.newHttpClient()) {
      assertThatThrownBy(() -> Auditor.remote(http, s))
          .isInstanceOf(IOException.class)
          .hasMessage("checking " + proxy + "/sumdb/sum.golang.org/supported: connection refused"
              + " (is the proxy up? it comes from --proxy or GOPROXY)");
    }
  }

  @Test
  void aRefusedDatabaseReadSaysSoWithoutAClassName() throws Exception {
    URI base = URI.create("http://127.0.0.1:" + closedPort() + "/sumdb/sum.golang.org");
    try (HttpClient http = HttpClient.newHttpClient()) {
      assertThatThrownBy(() -> new LookupRemote(http, base).read("/latest"))
          .hasMessage("reading " + base + "/latest: connection refused")
          .hasMessageNotContaining("Exception");
    }
  }

  @Test
  void aProxyThatAnswersIsStillUsed() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/sumdb/sum.golang.org/supported", x -> {
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    server.start();
    try (HttpClient http = HttpClient.newHttpClient()) {
      String proxy = "http://127.0.0.1:" + server.getAddress().getPort();
      assertThat(Auditor.remote(http, AuditSettings.resolve(proxy, Map.of()))).isInstanceOf(LookupRemote.class);
    } finally {
      server.stop(0);
    }
  }
}
