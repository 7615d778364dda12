package dev.gofer.proxy.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority made with the real {@code openssl} command: a CA and server
 * certificates for {@code 127.0.0.1} and {@code localhost} with RSA, EC or Ed25519 keys.
 */
final class TestPki {
  /** Server key types openssl can make. */
  enum KeyType {
    RSA("rsa:2048"),
    EC("ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
    ED25519("ed25519");

    final List<String> newkey;

    KeyType(String... newkey) {
      this.newkey = List.of(newkey);
    }
  }

  /** A server certificate (signed by the CA) and its PKCS#8 key. */
  record Server(Path certificate, Path key) {}

  private final Path dir;
  final Path caCertificate;
  private final Path caKey;
  private int serial;

  private TestPki(Path dir) {
    this.dir = dir;
    this.caCertificate = dir.resolve("ca.pem");
    this.caKey = dir.resolve("ca.key");
  }

  /** Whether {@code openssl} runs here. */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A new CA in {@code dir}. */
  static TestPki create(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    TestPki pki = new TestPki(dir);
    openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", pki.caKey.toString(), "-out", pki.caCertificate.toString(), "-days", "2",
        "-subj", "/CN=gofer test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    return pki;
  }

  /** A server certificate for 127.0.0.1 and localhost, named {@code cn}. */
  Server server(String name, KeyType type) throws IOException, InterruptedException {
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    Path cert = dir.resolve(name + ".pem");
    Path ext = dir.resolve(name + ".ext");
    Files.writeString(
        ext,
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
            + "keyUsage=critical,digitalSignature" + (type == KeyType.RSA ? ",keyEncipherment" : "") + "\n"
            + "extendedKeyUsage=serverAuth\n");
    List<String> req = new ArrayList<>(List.of("req", "-newkey"));
    req.addAll(type.newkey);
    req.addAll(List.of("-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name));
    openssl(dir, req.toArray(new String[0]));
    openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCertificate.toString(), "-CAkey", caKey.toString(),
        "-set_serial", Integer.toString(++serial + 1000), "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
    return new Server(cert, key);
  }

  /** Rewrites {@code key} in the traditional form (PKCS#1 for RSA, SEC1 for EC). */
  Path traditional(Path key) throws IOException, InterruptedException {
    Path out = dir.resolve(key.getFileName() + ".traditional");
    openssl(dir, "pkey", "-in", key.toString(), "-traditional", "-out", out.toString());
    return out;
  }

  /** An SSL context that trusts this CA only. */
  SSLContext clientContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caCertificate)) {
      trust.setCertificateEntry("ca", (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
    }
  }
}
