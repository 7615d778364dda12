package dev.gofer.mod.goproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyChainTest {
  FixtureServer a;
  FixtureServer b;
  String deadUrl;

  @BeforeEach
  void start() throws IOException {
    a = new FixtureServer();
    b = new FixtureServer();
    b.ok("/example.com/m/@v/list", "v1.0.0\n");
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadUrl = "http://127.0.0.1:" + ss.getLocalPort(); // nothing listens once closed
    }
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  ProxyChain chain(String goproxy) {
    return ProxyChain.create(goproxy, ProxyClientHttpTest.FAST);
  }

  @Test
  void zipsTravelOnConnectionsOfTheirOwnAndMetadataAndChecksumReadsShareOne() throws IOException {
    a.ok("/example.com/m/@v/v1.0.0.mod", "module example.com/m\n");
    a.ok("/example.com/m/@v/v1.0.0.zip", new byte[64 * 1024]);
    a.ok("/example.com/m/@v/list", "v1.0.0\n");
    a.ok("/sumdb/sum.golang.org/latest", "a tree\n");
    try (ProxyChain c = chain(a.base().toString())) {
      for (int i = 0; i < 3; i++) {
        c.mod("example.com/m", "v1.0.0");
        c.zip("example.com/m", "v1.0.0", OutputStream.nullOutputStream(), Progress.NONE);
        c.list("example.com/m");
        // What SumdbMirror does with the chain's client: checksum reads through the upstream.
        HttpClient http = c.httpClient().orElseThrow();
        try {
          http.send(HttpRequest.newBuilder(URI.create(a.base() + "/sumdb/sum.golang.org/latest")).build(), BodyHandlers.ofString());
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
    }
    java.util.Set<Integer> zipPorts = new java.util.HashSet<>();
    java.util.Set<Integer> otherPorts = new java.util.HashSet<>();
    for (FixtureServer.Request r : a.requests) {
      (r.path().endsWith(".zip") ? zipPorts : otherPorts).add(r.clientPort());
    }
    // Sequential requests reuse a kept-alive connection: one for zips, one for the rest.
    assertThat(zipPorts).hasSize(1);
    assertThat(otherPorts).hasSize(1).doesNotContainAnyElementsOf(zipPorts);
  }

  @Test
  void commaFallsThroughOn404And410Only() {
    for (int code : new int[] {404, 410}) {
      a.status("/example.com/m/@v/list", code, "text/plain", "nope\n");
      try (ProxyChain c = chain(a.base() + "," + b.base())) {
        assertThat(c.list("example.com/m")).containsExactly("v1.0.0");
      }
    }
  }

  @Test
  void commaStopsOnOtherStatusesAndTransportErrors() {
    a.status("/example.com/m/@v/list", 500, "text/plain", "boom\n");
    try (ProxyChain c = chain(a.base() + "," + b.base())) {
      assertThatThrownBy(() -> c.list("example.com/m"))
          .isInstanceOf(ProxyStatusException.class)
          .hasMessageContaining("500 Internal Server Error");
    }
    a.status("/example.com/m/@v/list", 403, null, "");
    try (ProxyChain c = chain(a.base() + "," + b.base())) {
      assertThatThrownBy(() -> c.list("example.com/m")).isInstanceOf(ProxyStatusException.class);
    }
    try (ProxyChain c = chain(deadUrl + "," + b.base())) {
      assertThatThrownBy(() -> c.list("example.com/m")).isInstanceOf(ProxyTransportException.class);
    }
    assertThat(b.requests).isEmpty();
  }

  @Test
  void pipeFallsThroughOnAnyError() {
    a.status("/example.com/m/@v/list", 500, "text/plain", "boom\n");
    try (ProxyChain c = chain(a.base() + "|" + deadUrl + "|" + b.base())) {
      assertThat(c.list("example.com/m")).containsExactly("v1.0.0");
    }
  }

  @Test
  void theMostHelpfulErrorIsReported() {
    a.status("/example.com/x/@v/list", 500, "text/plain", "boom\n");
    // a proxy error outranks a later not-found
    try (ProxyChain c = chain(a.base() + "|" + b.base())) {
      assertThatThrownBy(() -> c.list("example.com/x"))
          .isInstanceOf(ProxyStatusException.class)
          .hasMessageContaining(a.base().toString());
    }
    // among not-founds the last one wins
    try (ProxyChain c = chain(b.base() + "," + b.base() + "/second")) {
      assertThatThrownBy(() -> c.list("example.com/x"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("/second/example.com/x/@v/list");
    }
    // off after not-found: off's message, still a not-found
    try (ProxyChain c = chain(b.base() + ",off")) {
      assertThatThrownBy(() -> c.list("example.com/x"))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("module example.com/x: module lookup disabled by GOPROXY=off");
    }
    // direct outranks everything and keeps the earlier error as its cause
    try (ProxyChain c = chain(a.base() + "|direct")) {
      assertThatThrownBy(() -> c.list("example.com/x"))
          .isInstanceOf(DirectModeException.class)
          .hasMessage("module example.com/x: direct mode is not supported by gofer; use a proxy")
          .cause()
          .isInstanceOf(ProxyStatusException.class);
    }
  }

  @Test
  void offAloneFailsWithoutARequest() {
    try (ProxyChain c = chain("off")) {
      assertThatThrownBy(() -> c.info("example.com/m", "v1.0.0"))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("example.com/m@v1.0.0: module lookup disabled by GOPROXY=off");
    }
  }

  @Test
  void zipIntoAStreamFallsThroughOnlyIfNothingWasWritten(@TempDir Path dir) throws IOException {
    byte[] good = "GOOD".getBytes();
    b.ok("/example.com/m/@v/v1.0.0.zip", good);
    a.status("/example.com/m/@v/v1.0.0.zip", 404, null, "");
    try (ProxyChain c = chain(a.base() + "|" + b.base())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(c.zip("example.com/m", "v1.0.0", out, Progress.NONE)).isEqualTo(4);
      assertThat(out.toByteArray()).isEqualTo(good);
    }
    a.route(
        "/example.com/m/@v/v1.0.0.zip",
        ex -> {
          ex.sendResponseHeaders(200, 100);
          OutputStream o = ex.getResponseBody();
          o.write(new byte[10]);
          o.flush();
          throw new IOException("cut");
        });
    try (ProxyChain c = chain(a.base() + "|" + b.base())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThatThrownBy(() -> c.zip("example.com/m", "v1.0.0", out, Progress.NONE))
          .isInstanceOf(ProxyTransportException.class);
      // the Path form starts each attempt afresh
      Path dest = dir.resolve("m.zip");
      assertThat(c.zip("example.com/m", "v1.0.0", dest, Progress.NONE)).isEqualTo(4);
      assertThat(Files.readAllBytes(dest)).isEqualTo(good);
    }
  }

  @Test
  void infoLatestAndModWalkToo() {
    a.status("/example.com/m/@v/v1.0.0.info", 404, null, "");
    a.status("/example.com/m/@latest", 404, null, "");
    a.status("/example.com/m/@v/list", 404, null, "");
    a.status("/example.com/m/@v/v1.0.0.mod", 410, null, "");
    b.ok("/example.com/m/@v/v1.0.0.info", "{\"Version\":\"v1.0.0\"}");
    b.ok("/example.com/m/@latest", "{\"Version\":\"v1.0.0\"}");
    b.ok("/example.com/m/@v/v1.0.0.mod", "module example.com/m\n");
    try (ProxyChain c = chain(a.base() + "," + b.base())) {
      assertThat(c.info("example.com/m", "v1.0.0").version()).isEqualTo("v1.0.0");
      assertThat(c.latest("example.com/m").version()).isEqualTo("v1.0.0");
      assertThat(new String(c.mod("example.com/m", "v1.0.0"))).isEqualTo("module example.com/m\n");
    }
  }
}
