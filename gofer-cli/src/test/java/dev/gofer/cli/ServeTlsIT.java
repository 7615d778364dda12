package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar serving HTTPS from openssl-made files, and reloading them on SIGHUP. */
class ServeTlsIT {
  @TempDir Path tmp;

  static boolean openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }

  /** A self-signed Ed25519 certificate for 127.0.0.1 named {@code cn}: {cert, key}. */
  Path[] selfSigned(String cn) throws Exception {
    Path cert = tmp.resolve(cn + ".pem");
    Path key = tmp.resolve(cn + ".key");
    assertThat(
            openssl(tmp, "req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=" + cn, "-addext", "subjectAltName=IP:127.0.0.1"))
        .isTrue();
    return new Path[] {cert, key};
  }

  static HttpClient trusting(Path... certs) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    for (Path c : certs) {
      try (InputStream in = Files.newInputStream(c)) {
        trust.setCertificateEntry(c.getFileName().toString(), CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).build();
  }

  static String peer(Path[] trust, URI uri) throws Exception {
    try (HttpClient http = trusting(trust)) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }
  }

  /** Completes when a line containing {@code text} appears on {@code in}; collects all lines. */
  static CompletableFuture<String> watch(InputStream in, String text, StringBuffer all) {
    CompletableFuture<String> seen = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          all.append(line).append('\n');
          if (line.contains(text)) {
            seen.complete(line);
          }
        }
        seen.completeExceptionally(new AssertionError("stream ended without \"" + text + "\":\n" + all));
      } catch (IOException e) {
        seen.completeExceptionally(e);
      }
    });
    return seen;
  }

  Process serve(Path jar, Path cert, Path key, String hup) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder("env", hup, java, "-jar", jar.toString(), "serve", "--listen", "127.0.0.1:0", "--offline",
            "--data", tmp.resolve("data").toString(), "--tls-cert", cert.toString(), "--tls-key", key.toString());
    pb.environment().keySet().removeIf(k -> k.startsWith("GOFER_"));
    return pb.start();
  }

  static boolean envHandlesSignals() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("env", "--default-signal=HUP", "true").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }

  /** The shaded jar, or the test is skipped where it, openssl or env's signal options are missing. */
  Path jarWithTools() throws IOException, InterruptedException {
    assumeTrue(openssl(tmp, "version"), "openssl is not on PATH: skipping the TLS test");
    Path jar = Path.of("target", "gofer.jar").toAbsolutePath();
    assumeTrue(Files.isRegularFile(jar), "target/gofer.jar is missing: run through 'mvn verify'");
    assumeTrue(envHandlesSignals(), "env has no --default-signal (coreutils 8.31 or later): skipping the TLS test");
    return jar;
  }

  @Test
  void servesHttpsAndReloadsTheCertificateOnSighup() throws Exception {
    Path jar = jarWithTools();
    Path[] first = selfSigned("first");
    Path[] second = selfSigned("second");
    Path cert = Files.copy(first[0], tmp.resolve("live.pem"));
    Path key = Files.copy(first[1], tmp.resolve("live.key"));
    // A build started under nohup hands its SIGHUP disposition (ignored) down to this child, and
    // the JVM keeps it: reset it, as systemd does for the service.
    Process p = serve(jar, cert, key, "--default-signal=HUP");
    try {
      StringBuffer err = new StringBuffer();
      CompletableFuture<String> reloaded = watch(p.getErrorStream(), "TLS certificate reloaded", err);
      String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertThat(line).as(err.toString()).startsWith("gofer serve: listening on https://127.0.0.1:");
      URI uri = URI.create(line.split(" ")[4]).resolve("/healthz");
      assertThat(peer(new Path[] {first[0], second[0]}, uri)).isEqualTo("CN=first");

      Files.copy(second[0], cert, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(second[1], key, StandardCopyOption.REPLACE_EXISTING);
      assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor()).isZero();
      assertThat(reloaded.get(60, TimeUnit.SECONDS)).contains("CN=second");
      assertThat(peer(new Path[] {first[0], second[0]}, uri)).isEqualTo("CN=second");

      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(err.toString()).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void saysSighupCannotReloadWhenStartedWithItIgnored() throws Exception {
    Path jar = jarWithTools();
    Path[] first = selfSigned("first");
    Process p = serve(jar, first[0], first[1], "--ignore-signal=HUP"); // as nohup starts it
    try {
      StringBuffer err = new StringBuffer();
      CompletableFuture<String> warned = watch(p.getErrorStream(), "SIGHUP cannot reload it", err);
      String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertThat(line).as(err.toString()).startsWith("gofer serve: listening on https://127.0.0.1:");
      assertThat(warned.get(60, TimeUnit.SECONDS)).contains("WARN").contains("CN=first").contains("nohup");
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(err.toString()).doesNotContain("SIGHUP reloads it");
    } finally {
      p.destroyForcibly();
    }
  }
}
