package dev.gofer.mod.note;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 through the JDK (RFC 8032, as Go's {@code crypto/ed25519}). Raw 32-byte keys are wrapped
 * in the DER headers of RFC 8410: SubjectPublicKeyInfo for public keys, PKCS#8 for seeds.
 */
final class Ed25519 {
  static final int KEY_SIZE = 32;
  static final int SIGNATURE_SIZE = 64;

  private static final byte[] SPKI_PREFIX = hex("302a300506032b6570032100");
  private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

  private Ed25519() {}

  /** The JDK public key for 32 raw bytes, or null if the JDK will not decode them as a point. */
  static PublicKey publicKey(byte[] raw) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, raw)));
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  static PrivateKey privateKey(byte[] seed) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK cannot load an Ed25519 seed", e);
    }
  }

  /**
   * The public key of a seed. The JDK has no direct API for it, but its key pair generator draws
   * exactly the 32-byte seed from its random source, so a source that returns the seed yields the
   * matching public key.
   */
  static byte[] publicKeyOfSeed(byte[] seed) {
    SecureRandom fixed =
        new SecureRandom() {
          private static final long serialVersionUID = 1L;

          @Override
          public void nextBytes(byte[] bytes) {
            if (bytes.length != KEY_SIZE) {
              throw new IllegalStateException("unexpected Ed25519 key generation draw");
            }
            System.arraycopy(seed, 0, bytes, 0, KEY_SIZE);
          }
        };
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, fixed);
      byte[] spki = g.generateKeyPair().getPublic().getEncoded();
      if (spki.length != SPKI_PREFIX.length + KEY_SIZE
          || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
        throw new IllegalStateException("unexpected Ed25519 public key encoding");
      }
      return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks Ed25519", e);
    }
  }

  static byte[] sign(PrivateKey key, byte[] msg) {
    try {
      java.security.Signature s = java.security.Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(msg);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Whether {@code sig} is a valid signature of {@code msg}; false for any malformed input. */
  static boolean verify(PublicKey key, byte[] msg, byte[] sig) {
    if (key == null || sig.length != SIGNATURE_SIZE) {
      return false;
    }
    try {
      java.security.Signature s = java.security.Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(msg);
      return s.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }
}
