package dev.gofer.mod.goproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gofer.mod.ModException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyClientHttpTest {
  static final ClientOptions FAST =
      ClientOptions.defaults()
          .withGoferVersion("9.9.9-test")
          .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));
  /** For the tests that wait for a timeout on purpose. */
  static final ClientOptions IMPATIENT =
      FAST.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(800), Duration.ofMillis(800));

  FixtureServer server;
  ProxyClient client;

  @BeforeEach
  void start() throws IOException {
    server = new FixtureServer();
    client = ProxyClient.create(server.base(), FAST);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void listKeepsValidNonPseudoVersionsSortedAndSendsUserAgent() {
    server.ok(
        "/example.com/m/@v/list",
        "v1.10.0\nv1.2.0 2020-01-01T00:00:00Z\nnot-a-version\n\nv0.0.0-20200101000000-abcdefabcdef\n  v1.9.0  \nv2.0.0+incompatible");
    assertThat(client.list("example.com/m"))
        .containsExactly("v1.2.0", "v1.9.0", "v1.10.0", "v2.0.0+incompatible");
    assertThat(server.requests.get(0).userAgent()).isEqualTo("gofer/9.9.9-test");
  }

  @Test
  void emptyListIsAnAnswer() {
    server.ok("/example.com/m/@v/list", "");
    assertThat(client.list("example.com/m")).isEmpty();
  }

  @Test
  void upperCaseIsCaseEncodedAndBangPercentEscapedLikeGo() {
    server.ok("/github.com/!burnt!sushi/toml/@v/list", "v1.0.0\n");
    server.ok(
        "/github.com/!burnt!sushi/toml/@v/v1.0.0-!r!c1.info",
        "{\"Version\":\"v1.0.0-RC1\"}");
    assertThat(client.list("github.com/BurntSushi/toml")).containsExactly("v1.0.0");
    assertThat(client.info("github.com/BurntSushi/toml", "v1.0.0-RC1").version())
        .isEqualTo("v1.0.0-RC1");
    assertThat(server.rawPaths())
        .containsExactly(
            "/github.com/%21burnt%21sushi/toml/@v/list",
            "/github.com/%21burnt%21sushi/toml/@v/v1.0.0-%21r%21c1.info");
  }

  @Test
  void basePathIsKept() throws IOException {
    server.ok("/mod/golang.org/toolchain/@v/list", "v0.0.1-go1.21.0.linux-amd64\n");
    try (ProxyClient c = ProxyClient.create(URI.create(server.base() + "/mod/"), FAST)) {
      assertThat(c.list("golang.org/toolchain")).containsExactly("v0.0.1-go1.21.0.linux-amd64");
    }
  }

  @Test
  void toolchainVectorPathsAreTheOnesRequested() throws IOException {
    var ex = dev.gofer.mod.Vectors.load("toolchain-module").get("examples").get(0);
    String v = ex.get("module_version").asText();
    String mod = "module golang.org/toolchain\n";
    server.ok("/golang.org/toolchain/@v/list", v + "\n");
    server.ok("/golang.org/toolchain/@v/" + v + ".info", "{\"Version\":\"" + v + "\",\"Time\":\"2023-08-08T15:00:00Z\"}");
    server.ok("/golang.org/toolchain/@v/" + v + ".mod", mod);
    server.ok("/golang.org/toolchain/@v/" + v + ".zip", new byte[] {1, 2, 3});
    client.list("golang.org/toolchain");
    client.info("golang.org/toolchain", v);
    assertThat(new String(client.mod("golang.org/toolchain", v), StandardCharsets.UTF_8))
        .isEqualTo(ex.has("mod") ? ex.get("mod").asText() : mod);
    client.zip("golang.org/toolchain", v, new ByteArrayOutputStream(), Progress.NONE);
    List<String> expected = new ArrayList<>();
    ex.get("proxy_paths").forEach(p -> expected.add("/" + p.asText()));
    assertThat(server.rawPaths()).containsExactlyElementsOf(expected);
  }

  @Test
  void infoParsesVersionTimeAndOrigin() {
    String json =
        "{\"Version\":\"v1.13.0\",\"Time\":\"2024-01-02T03:04:05Z\",\"Origin\":{\"VCS\":\"git\","
            + "\"URL\":\"https://github.com/alecthomas/kong\",\"Hash\":\"d8de\",\"Ref\":\"refs/tags/v1.13.0\"}}";
    server.ok("/github.com/alecthomas/kong/@v/v1.13.0.info", json);
    Info info = client.info("github.com/alecthomas/kong", "v1.13.0");
    assertThat(info.version()).isEqualTo("v1.13.0");
    assertThat(info.time()).contains(Instant.parse("2024-01-02T03:04:05Z"));
    assertThat(info.origin().orElseThrow().ref()).isEqualTo("refs/tags/v1.13.0");
    assertThat(info.json()).isEqualTo(json);
  }

  @Test
  void infoForACanonicalVersionMustNameThatVersion() {
    server.ok("/example.com/m/@v/v1.0.0.info", "{\"Version\":\"v1.0.1\"}");
    assertThatThrownBy(() -> client.info("example.com/m", "v1.0.0"))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessage(
            "example.com/m@v1.0.0: proxy returned info for version v1.0.1 instead of requested version");
  }

  @Test
  void infoForABranchResolvesAndBranchErrorsSayInvalidVersion() {
    server.ok("/example.com/m/@v/master.info", "{\"Version\":\"v0.0.0-20200101000000-abcdefabcdef\"}");
    assertThat(client.info("example.com/m", "master").version())
        .isEqualTo("v0.0.0-20200101000000-abcdefabcdef");
    assertThatThrownBy(() -> client.info("example.com/m", "dev"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith("example.com/m@dev: invalid version: reading " + server.base() + "/example.com/m/@v/dev.info: 404 Not Found");
  }

  @Test
  void badJsonIsAnInvalidResponseNamingTheProxy() {
    server.ok("/example.com/m/@v/v1.0.0.info", "{\"Version\":\"v1.0.0\",}");
    assertThatThrownBy(() -> client.info("example.com/m", "v1.0.0"))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageStartingWith(
            "example.com/m@v1.0.0: invalid response from proxy \"" + server.base() + "\": invalid character '}'");
  }

  @Test
  void nonCanonicalVersionInInfoIsRejected() {
    server.ok("/example.com/m/@v/master.info", "{\"Version\":\"v1.2\"}");
    assertThatThrownBy(() -> client.info("example.com/m", "master"))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("version \"v1.2\" is not a canonical version");
  }

  @Test
  void notFound404And410CarryTheServerDetail() {
    server.status("/example.com/m/@v/list", 404, "text/plain; charset=utf-8", "not found: example.com/m@latest: no such module\n");
    server.status("/example.com/g/@v/list", 410, "text/plain", "gone\nsecond line\n\nafter blank\n");
    assertThatThrownBy(() -> client.list("example.com/m"))
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404))
        .hasMessage(
            "module example.com/m: reading " + server.base() + "/example.com/m/@v/list: 404 Not Found\n"
                + "\tserver response: not found: example.com/m@latest: no such module");
    assertThatThrownBy(() -> client.list("example.com/g"))
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(410))
        .hasMessage(
            "module example.com/g: reading " + server.base() + "/example.com/g/@v/list: 410 Gone\n"
                + "\tserver response:\n\tgone\n\tsecond line");
  }

  @Test
  void detailIsDroppedForHtmlAndControlCharacters() {
    server.status("/example.com/h/@v/list", 404, "text/html", "<h1>nope</h1>");
    server.status("/example.com/c/@v/list", 404, "text/plain", "evil \u001b[31m red\n");
    assertThatThrownBy(() -> client.list("example.com/h"))
        .hasMessageEndingWith("/example.com/h/@v/list: 404 Not Found");
    assertThatThrownBy(() -> client.list("example.com/c"))
        .hasMessageEndingWith("/example.com/c/@v/list: 404 Not Found");
  }

  @Test
  void otherStatusesAreProxyStatusErrors() {
    server.status("/example.com/m/@v/list", 500, "text/plain", "upstream broke\n");
    server.status("/example.com/f/@v/list", 403, null, "");
    assertThatThrownBy(() -> client.list("example.com/m"))
        .isInstanceOfSatisfying(ProxyStatusException.class, e -> assertThat(e.statusCode()).isEqualTo(500))
        .hasMessageContaining("500 Internal Server Error\n\tserver response: upstream broke");
    assertThatThrownBy(() -> client.list("example.com/f"))
        .isInstanceOf(ProxyStatusException.class)
        .hasMessageEndingWith(": 403 Forbidden");
  }

  @Test
  void redirectsAreFollowed() {
    server.route(
        "/example.com/m/@v/list",
        ex -> {
          ex.getResponseHeaders().set("Location", "/elsewhere/list");
          ex.sendResponseHeaders(302, -1);
        });
    server.ok("/elsewhere/list", "v1.0.0\n");
    assertThat(client.list("example.com/m")).containsExactly("v1.0.0");
  }

  @Test
  void basicCredentialsFromUserInfoAreSentAndRedacted() throws IOException {
    server.status("/example.com/m/@v/list", 401, "text/plain", "who are you\n");
    URI withUser = URI.create("http://alice:s3cret@127.0.0.1:" + server.base().getPort());
    try (ProxyClient c = ProxyClient.create(withUser, FAST)) {
      assertThatThrownBy(() -> c.list("example.com/m"))
          .hasMessageContaining("reading http://alice:xxxxx@127.0.0.1:")
          .hasMessageNotContaining("s3cret");
    }
    assertThat(server.requests.get(0).authorization())
        .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void responseHeadersThatNeverComeTimeOut() {
    server.route("/example.com/m/@v/list", ex -> server.hang());
    ProxyClient impatient = ProxyClient.create(server.base(), IMPATIENT);
    assertThatThrownBy(() -> impatient.list("example.com/m"))
        .isInstanceOfSatisfying(
            ProxyTransportException.class,
            e -> assertThat(e.getCause()).isInstanceOf(java.net.http.HttpTimeoutException.class))
        .hasMessageStartingWith("module example.com/m: Get \"" + server.base() + "/example.com/m/@v/list\": ");
    impatient.close();
  }

  @Test
  void aBodyThatStallsTimesOut() {
    server.route(
        "/example.com/m/@v/v1.0.0.zip",
        ex -> {
          ex.sendResponseHeaders(200, 1000);
          OutputStream out = ex.getResponseBody();
          out.write(new byte[10]);
          out.flush();
          server.hang();
        });
    ProxyClient impatient = ProxyClient.create(server.base(), IMPATIENT);
    assertThatThrownBy(() -> impatient.zip("example.com/m", "v1.0.0", new ByteArrayOutputStream(), Progress.NONE))
        .isInstanceOf(ProxyTransportException.class)
        .hasMessageStartingWith("example.com/m@v1.0.0: reading ")
        .hasMessageContaining("timed out");
    impatient.close();
  }

  @Test
  void aBodyShorterThanItsContentLengthFails() {
    server.route(
        "/example.com/m/@v/v1.0.0.mod",
        ex -> {
          ex.sendResponseHeaders(200, 100);
          OutputStream out = ex.getResponseBody();
          out.write("module example.com/m\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          throw new IOException("drop the connection");
        });
    assertThatThrownBy(() -> client.mod("example.com/m", "v1.0.0"))
        .isInstanceOf(ProxyTransportException.class)
        .hasMessageStartingWith("example.com/m@v1.0.0: reading " + server.base() + "/example.com/m/@v/v1.0.0.mod: ");
  }

  @Test
  void aResetConnectionIsATransportError() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = ss.accept()) {
                      s.getInputStream().read(new byte[256]);
                      s.setSoLinger(true, 0); // close with RST
                    } catch (IOException e) {
                      // test over
                    }
                  });
      try (ProxyClient c = ProxyClient.create(URI.create("http://127.0.0.1:" + ss.getLocalPort()), FAST)) {
        assertThatThrownBy(() -> c.list("example.com/m"))
            .isInstanceOf(ProxyTransportException.class)
            .hasMessageStartingWith("module example.com/m: Get \"http://127.0.0.1:");
      }
      t.join();
    }
  }

  @Test
  void aRefusedConnectionIsATransportError() throws IOException {
    int port;
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = ss.getLocalPort();
    }
    try (ProxyClient c = ProxyClient.create(URI.create("http://127.0.0.1:" + port), FAST)) {
      assertThatThrownBy(() -> c.list("example.com/m"))
          .isInstanceOf(ProxyTransportException.class)
          .hasMessageContaining("connection refused");
    }
  }

  @Test
  void oversizedBodiesAreRejectedDeclaredOrNot() {
    ClientOptions small = FAST.withLimits(16, 8, 8);
    server.ok("/example.com/m/@v/v1.0.0.zip", new byte[17]);
    server.route(
        "/example.com/m/@v/v1.0.0.mod",
        ex -> {
          ex.sendResponseHeaders(200, 0); // chunked: no declared length
          try (OutputStream out = ex.getResponseBody()) {
            out.write(new byte[9]);
          }
        });
    server.ok("/example.com/m/@v/list", "v1.0.0\nv1.1.0\n");
    try (ProxyClient c = ProxyClient.create(server.base(), small)) {
      assertThatThrownBy(() -> c.zip("example.com/m", "v1.0.0", new ByteArrayOutputStream(), Progress.NONE))
          .isInstanceOf(InvalidResponseException.class)
          .hasMessage("example.com/m@v1.0.0: downloaded zip file too large");
      assertThatThrownBy(() -> c.mod("example.com/m", "v1.0.0"))
          .isInstanceOf(InvalidResponseException.class)
          .hasMessage("example.com/m@v1.0.0: downloaded go.mod file too large");
      assertThatThrownBy(() -> c.list("example.com/m")).isInstanceOf(InvalidResponseException.class);
    }
  }

  @Test
  void zipAtTheCapIsFineAndProgressIsReported() throws IOException {
    byte[] zip = new byte[200_000];
    new java.util.Random(1).nextBytes(zip);
    server.ok("/example.com/m/@v/v1.0.0.zip", zip);
    List<long[]> updates = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ProxyClient c = ProxyClient.create(server.base(), FAST.withLimits(zip.length, 8, 8))) {
      assertThat(c.zip("example.com/m", "v1.0.0", out, (d, t) -> updates.add(new long[] {d, t})))
          .isEqualTo(zip.length);
    }
    assertThat(out.toByteArray()).isEqualTo(zip);
    assertThat(updates.getLast()).containsExactly(zip.length, zip.length);
    assertThat(updates).isSortedAccordingTo((a, b) -> Long.compare(a[0], b[0]));
  }

  @Test
  void zipToPathIsAtomic(@TempDir Path dir) throws IOException {
    byte[] zip = "PK fake zip".getBytes(StandardCharsets.UTF_8);
    server.ok("/example.com/m/@v/v1.0.0.zip", zip);
    server.status("/example.com/m/@v/v1.1.0.zip", 500, "text/plain", "no\n");
    Path dest = dir.resolve("m.zip");
    assertThat(client.zip("example.com/m", "v1.0.0", dest, Progress.NONE)).isEqualTo(zip.length);
    assertThat(Files.readAllBytes(dest)).isEqualTo(zip);
    Path other = dir.resolve("n.zip");
    assertThatThrownBy(() -> client.zip("example.com/m", "v1.1.0", other, Progress.NONE))
        .isInstanceOf(ProxyStatusException.class);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("m.zip");
    }
  }

  @Test
  void aFailingDestinationIsTheCallersIOException() {
    server.ok("/example.com/m/@v/v1.0.0.zip", new byte[10]);
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("disk full");
          }
        };
    assertThatThrownBy(() -> client.zip("example.com/m", "v1.0.0", broken, Progress.NONE))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("disk full");
  }

  @Test
  void latestUsesAtLatestThenFallsBackToTheListOn404() {
    server.ok("/example.com/a/@latest", "{\"Version\":\"v1.2.3\",\"Time\":\"2021-01-01T00:00:00Z\"}");
    assertThat(client.latest("example.com/a").version()).isEqualTo("v1.2.3");

    server.status("/example.com/b/@latest", 410, "text/plain", "gone\n");
    server.ok(
        "/example.com/b/@v/list",
        "v1.0.0\nv0.0.0-20200101000000-aaaaaaaaaaaa 2020-06-01T00:00:00Z\nv0.0.0-20190101000000-bbbbbbbbbbbb 2021-06-01T00:00:00Z\n");
    Info b = client.latest("example.com/b");
    assertThat(b.version()).isEqualTo("v0.0.0-20190101000000-bbbbbbbbbbbb");
    assertThat(b.time()).contains(Instant.parse("2021-06-01T00:00:00Z"));

    server.status("/example.com/c/@latest", 404, null, "");
    server.ok("/example.com/c/@v/list", "v0.0.0-20200101000000-aaaaaaaaaaaa\nv0.0.0-20210101000000-cccccccccccc\n");
    server.ok("/example.com/c/@v/v0.0.0-20210101000000-cccccccccccc.info",
        "{\"Version\":\"v0.0.0-20210101000000-cccccccccccc\",\"Time\":\"2021-01-01T01:00:00+01:00\"}");
    assertThat(client.latest("example.com/c").time()).contains(Instant.parse("2021-01-01T00:00:00Z"));

    server.status("/example.com/d/@latest", 404, null, "");
    server.ok("/example.com/d/@v/list", "v1.0.0\n");
    assertThatThrownBy(() -> client.latest("example.com/d"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("module example.com/d: no commits");

    server.status("/example.com/e/@latest", 500, null, "");
    assertThatThrownBy(() -> client.latest("example.com/e")).isInstanceOf(ProxyStatusException.class);
  }

  @Test
  void invalidPathsAndVersionsFailBeforeAnyRequest() {
    assertThatThrownBy(() -> client.list("Example.com/m")).isInstanceOf(ModException.class)
        .isNotInstanceOf(ProxyException.class);
    assertThatThrownBy(() -> client.info("example.com/m", "a/b")).isInstanceOf(ModException.class)
        .isNotInstanceOf(ProxyException.class);
    assertThatThrownBy(() -> client.mod("example.com/m", "v1.2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("example.com/m@v1.2: invalid version: internal error: version passed to GoMod is not canonical");
    assertThat(server.requests).isEmpty();
  }
}
