package dev.gofer.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.GoCommand;
import dev.gofer.proxy.ProxyServer;
import dev.gofer.proxy.http.AccessLog;
import dev.gofer.proxy.http.ProxyHandler;
import dev.gofer.proxy.http.SumdbFront;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.StoreModules;
import dev.gofer.proxy.store.Store;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** HTTPS from PEM files made by the real openssl, checked with real clients: the JDK's and go. */
class TlsIT {
  @TempDir static Path dir;
  static TestPki pki;

  @BeforeAll
  static void ca() throws Exception {
    assumeTrue(TestPki.available(), "openssl is not on PATH: skipping the TLS tests");
    pki = TestPki.create(dir.resolve("pki"));
  }

  static ProxyServer serve(Store store, TlsFiles tls, OutputStream log) throws Exception {
    return ProxyServer.start(
        new InetSocketAddress("127.0.0.1", 0),
        new ProxyHandler(
            new StoreModules(store), SumdbFront.NONE, new Metrics(), new AccessLog(AccessLog.Format.OFF, log), () -> true, "gofer\n"),
        tls.sslContextFactory());
  }

  static HttpResponse<String> get(URI uri) throws Exception {
    // A new client per call: a new TLS handshake, so it sees a reloaded certificate.
    try (HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext()).build()) {
      return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  static String peer(HttpResponse<?> r) throws Exception {
    return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0]).getSubjectX500Principal().getName();
  }

  @ParameterizedTest
  @EnumSource(TestPki.KeyType.class)
  void servesHttpsWithEachKeyType(TestPki.KeyType type) throws Exception {
    TestPki.Server s = pki.server("https-" + type, type);
    Store store = Store.open(dir.resolve("store-" + type));
    try (ProxyServer server = serve(store, TlsFiles.load(s.certificate(), s.key()), OutputStream.nullOutputStream())) {
      assertThat(server.uri().getScheme()).isEqualTo("https");
      HttpResponse<String> r = get(server.uri().resolve("/healthz"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ok\n");
      assertThat(peer(r)).isEqualTo("CN=https-" + type);
    }
  }

  @Test
  void reloadServesRenewedFilesAndKeepsTheOldOnesWhenTheNewAreBad() throws Exception {
    TestPki.Server first = pki.server("first", TestPki.KeyType.EC);
    TestPki.Server second = pki.server("second", TestPki.KeyType.RSA);
    Path cert = dir.resolve("live.pem");
    Path key = dir.resolve("live.key");
    Files.copy(first.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(first.key(), key, StandardCopyOption.REPLACE_EXISTING);
    TlsFiles tls = TlsFiles.load(cert, key);
    try (ProxyServer server = serve(Store.open(dir.resolve("store-reload")), tls, OutputStream.nullOutputStream())) {
      assertThat(peer(get(server.uri().resolve("/healthz")))).isEqualTo("CN=first");

      Files.copy(second.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(second.key(), key, StandardCopyOption.REPLACE_EXISTING);
      assertThat(tls.reload().subject()).isEqualTo("CN=second");
      assertThat(peer(get(server.uri().resolve("/healthz")))).isEqualTo("CN=second");

      // A half-renewed pair (new certificate, old key) is refused; "second" stays in service.
      Files.copy(first.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
      try {
        tls.reload();
        throw new AssertionError("reload accepted a key that is not the certificate's");
      } catch (TlsException e) {
        assertThat(e.getMessage()).contains("does not belong");
      }
      assertThat(tls.current().subject()).isEqualTo("CN=second");
      assertThat(peer(get(server.uri().resolve("/healthz")))).isEqualTo("CN=second");
    }
  }

  @Test
  void goDownloadsOverHttpsTrustingTheTestCa() throws Exception {
    assumeTrue(GoCommand.available(), "go is not on PATH");
    TestPki.Server s = pki.server("go-https", TestPki.KeyType.ED25519);
    Store store = Store.open(dir.resolve("store-go"));
    List<FixtureModules.Written> written = FixtureModules.writeProxyTree(store.download(), FixtureModules.standard());
    try (ProxyServer server = serve(store, TlsFiles.load(s.certificate(), s.key()), OutputStream.nullOutputStream())) {
      assertThat(server.uri().toString()).startsWith("https://127.0.0.1:");
      GoCommand go =
          GoCommand.hermetic(
              dir.resolve("go"),
              server.uri().toString(),
              Map.of("GOSUMDB", "off", "SSL_CERT_FILE", pki.caCertificate.toString(), "SSL_CERT_DIR", dir.resolve("none").toString()));
      Path work = Files.createDirectories(dir.resolve("work"));
      FixtureModules.Written w = written.get(0);
      String mv = w.module().path() + "@" + w.module().version();
      GoCommand.Result r = go.run(work, "mod", "download", "-json", mv);
      assertThat(r.exitCode()).as(r.stderr() + r.stdout()).isZero();
      assertThat(r.stdout()).contains("\"Sum\": \"" + w.zipHash() + "\"");

      // Without the test CA, go refuses the certificate: the trust really came from SSL_CERT_FILE.
      GoCommand untrusting =
          GoCommand.hermetic(
              dir.resolve("go-untrusting"),
              server.uri().toString(),
              Map.of("GOSUMDB", "off", "SSL_CERT_FILE", dir.resolve("none.pem").toString(), "SSL_CERT_DIR", dir.resolve("none").toString()));
      GoCommand.Result refused = untrusting.run(work, "mod", "download", "-json", mv);
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.stdout() + refused.stderr()).contains("certificate");
    }
  }
}
