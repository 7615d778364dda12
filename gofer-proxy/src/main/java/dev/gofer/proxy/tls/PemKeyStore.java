package dev.gofer.proxy.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a certificate chain and its private key from PEM files into an in-memory {@link
 * KeyStore}, the form Jetty's {@code SslContextFactory} takes.
 *
 * <p>The certificate file holds one or more {@code CERTIFICATE} blocks, the server's own first.
 * The key file holds one {@code PRIVATE KEY} block (PKCS#8: RSA, EC or Ed25519), or an RSA key
 * in PKCS#1 form ({@code RSA PRIVATE KEY}, converted here). Other forms (SEC1 {@code EC PRIVATE
 * KEY}, encrypted keys) are refused with the {@code openssl} command that converts them. The key
 * must belong to the first certificate: a test signature made with it must verify with the
 * certificate's public key.
 */
public final class PemKeyStore {
  /** The alias of the one key entry. */
  public static final String ALIAS = "gofer";

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  /**
   * A loaded key store, its password, and the leaf certificate (for messages: subject, expiry).
   */
  public record Loaded(KeyStore keyStore, String password, X509Certificate leaf) {
    /** The leaf certificate's subject, such as {@code CN=gofer.corp.example}. */
    public String subject() {
      return leaf.getSubjectX500Principal().getName();
    }

    /** When the leaf certificate expires. */
    public Instant notAfter() {
      return leaf.getNotAfter().toInstant();
    }
  }

  private PemKeyStore() {}

  /**
   * Loads {@code certificateFile} and {@code keyFile}.
   *
   * @throws TlsException with a one-line message naming the file and what to do
   */
  public static Loaded load(Path certificateFile, Path keyFile) {
    List<X509Certificate> chain = certificates(certificateFile);
    PrivateKey key = privateKey(keyFile);
    X509Certificate leaf = chain.get(0);
    if (!matches(key, leaf.getPublicKey())) {
      throw new TlsException(
          "the private key in " + keyFile + " does not belong to the certificate in " + certificateFile
              + " (" + leaf.getSubjectX500Principal().getName()
              + "); give the key that was made with this certificate, and put the server's certificate first");
    }
    try {
      String password = HexFormat.of().formatHex(random());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(ALIAS, key, password.toCharArray(), chain.toArray(new X509Certificate[0]));
      return new Loaded(ks, password, leaf);
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsException("cannot hold the key of " + keyFile + " in a key store: " + e.getMessage());
    }
  }

  private static byte[] random() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return b;
  }

  static List<X509Certificate> certificates(Path file) {
    List<Block> blocks = blocks(file, "certificate");
    List<X509Certificate> chain = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 support", e);
    }
    for (Block b : blocks) {
      if (!b.type().equals("CERTIFICATE")) {
        continue;
      }
      try {
        chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der(file))));
      } catch (CertificateException e) {
        throw new TlsException(file + ": certificate " + (chain.size() + 1) + " is not a valid X.509 certificate: " + e.getMessage());
      }
    }
    if (chain.isEmpty()) {
      throw new TlsException(
          file + ": no certificate found; want PEM '-----BEGIN CERTIFICATE-----' blocks, the server's certificate first");
    }
    return chain;
  }

  static PrivateKey privateKey(Path file) {
    List<Block> keys = new ArrayList<>();
    for (Block b : blocks(file, "private key")) {
      if (b.type().endsWith("PRIVATE KEY")) {
        keys.add(b);
      }
    }
    if (keys.isEmpty()) {
      throw new TlsException(file + ": no private key found; want a PEM '-----BEGIN PRIVATE KEY-----' block (PKCS#8)");
    }
    if (keys.size() > 1) {
      throw new TlsException(file + ": " + keys.size() + " private keys found; keep only the one of the certificate");
    }
    Block b = keys.get(0);
    String convert = "convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out " + file + ".pkcs8";
    return switch (b.type()) {
      case "PRIVATE KEY" -> pkcs8(file, b.der(file));
      case "RSA PRIVATE KEY" -> {
        if (b.body().contains("ENCRYPTED")) {
          throw new TlsException(file + ": the key is encrypted; gofer needs it unencrypted: " + convert);
        }
        yield pkcs8(file, pkcs1ToPkcs8(b.der(file)));
      }
      case "EC PRIVATE KEY" -> throw new TlsException(file + ": an EC key in SEC1 form; gofer reads PKCS#8: " + convert);
      case "ENCRYPTED PRIVATE KEY" -> throw new TlsException(
          file + ": the key is encrypted; gofer needs it unencrypted: " + convert);
      default -> throw new TlsException(file + ": a '" + b.type() + "' is not supported; gofer reads PKCS#8: " + convert);
    };
  }

  private static PrivateKey pkcs8(Path file, byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // try the next algorithm
      }
    }
    throw new TlsException(file + ": not an RSA, EC or Ed25519 private key in PKCS#8 form");
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL). */
  static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algorithm = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };
    byte[] version = {0x02, 0x01, 0x00};
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algorithm);
    body.writeBytes(derHeader(0x04, pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(derHeader(0x30, body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static byte[] derHeader(int tag, int length) {
    if (length < 0x80) {
      return new byte[] {(byte) tag, (byte) length};
    }
    int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
    byte[] h = new byte[2 + bytes];
    h[0] = (byte) tag;
    h[1] = (byte) (0x80 | bytes);
    for (int i = 0; i < bytes; i++) {
      h[2 + i] = (byte) (length >>> (8 * (bytes - 1 - i)));
    }
    return h;
  }

  /** Whether {@code key} signs what {@code publicKey} verifies. */
  static boolean matches(PrivateKey key, PublicKey publicKey) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
          default -> null;
        };
    if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())
        && !(algorithm.equals("EdDSA") && publicKey.getAlgorithm().startsWith("Ed"))) {
      return false;
    }
    try {
      byte[] message = "gofer: does this key belong to this certificate?".getBytes(StandardCharsets.UTF_8);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(message);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private record Block(String type, String body) {
    byte[] der(Path file) {
      if (body.contains(":")) {
        throw new TlsException(
            file + ": the " + type.toLowerCase(java.util.Locale.ROOT) + " has PEM headers (an encrypted key?); "
                + "gofer reads plain PKCS#8: convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out " + file + ".pkcs8");
      }
      try {
        return Base64.getMimeDecoder().decode(body.strip());
      } catch (IllegalArgumentException e) {
        throw new TlsException(file + ": the " + type.toLowerCase(java.util.Locale.ROOT) + " block is not valid base64");
      }
    }
  }

  private static List<Block> blocks(Path file, String what) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new TlsException("the " + what + " file " + file + " does not exist");
    } catch (IOException e) {
      throw new TlsException("cannot read the " + what + " file " + file + ": " + e.getMessage());
    }
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      blocks.add(new Block(m.group(1), m.group(2)));
    }
    if (blocks.isEmpty()) {
      throw new TlsException(file + ": not a PEM file (no '-----BEGIN ...-----' block); want the " + what + " in PEM form");
    }
    return blocks;
  }
}
