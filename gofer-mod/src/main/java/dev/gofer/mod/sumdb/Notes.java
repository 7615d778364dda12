package dev.gofer.mod.sumdb;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * TEMPORARY bridge: the signed-note operations the checksum database needs (one verifier, one
 * signer), until {@code dev.gofer.mod.note} is available; then these delegate to it.
 */
final class Notes {
  private Notes() {}

  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  /** Verifies notes signed by one key. */
  record Verifier(String name, int hash, PublicKey key) {
    /** Returns the note's text if a signature by this key verifies. */
    byte[] open(byte[] msg) {
      String s = new String(msg, StandardCharsets.UTF_8);
      if (!Arrays.equals(s.getBytes(StandardCharsets.UTF_8), msg)) {
        throw new SumdbException("malformed note");
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 && c != '\n') {
          throw new SumdbException("malformed note");
        }
      }
      int split = s.lastIndexOf("\n\n");
      if (split < 0) {
        throw new SumdbException("malformed note");
      }
      String text = s.substring(0, split + 1);
      String sigs = s.substring(split + 2);
      if (sigs.isEmpty() || !sigs.endsWith("\n")) {
        throw new SumdbException("malformed note");
      }
      boolean verified = false;
      int count = 0;
      for (String line : sigs.substring(0, sigs.length() - 1).split("\n", -1)) {
        if (!line.startsWith("\u2014 ")) {
          throw new SumdbException("malformed note");
        }
        String rest = line.substring(2);
        int sp = rest.indexOf(' ');
        if (sp <= 0 || sp == rest.length() - 1) {
          throw new SumdbException("malformed note");
        }
        byte[] sig;
        try {
          sig = Base64.getDecoder().decode(rest.substring(sp + 1));
        } catch (IllegalArgumentException e) {
          throw new SumdbException("malformed note");
        }
        if (sig.length < 5 || ++count > 100) {
          throw new SumdbException("malformed note");
        }
        int h = (sig[0] & 0xff) << 24 | (sig[1] & 0xff) << 16 | (sig[2] & 0xff) << 8 | sig[3] & 0xff;
        if (!rest.substring(0, sp).equals(name) || h != hash || verified) {
          continue;
        }
        try {
          Signature v = Signature.getInstance("Ed25519");
          v.initVerify(key);
          v.update(text.getBytes(StandardCharsets.UTF_8));
          if (!v.verify(sig, 4, sig.length - 4)) {
            throw new SumdbException("invalid signature for key %s+%08x".formatted(name, hash));
          }
        } catch (GeneralSecurityException e) {
          throw new SumdbException("invalid signature for key %s+%08x".formatted(name, hash));
        }
        verified = true;
      }
      if (!verified) {
        throw new SumdbException("note has no verifiable signatures");
      }
      return text.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Signs notes with one key. */
  record Signer(String name, int hash, PrivateKey key) {
    byte[] sign(byte[] text) {
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(text);
        byte[] sig = s.sign();
        byte[] all = new byte[4 + sig.length];
        all[0] = (byte) (hash >>> 24);
        all[1] = (byte) (hash >>> 16);
        all[2] = (byte) (hash >>> 8);
        all[3] = (byte) hash;
        System.arraycopy(sig, 0, all, 4, sig.length);
        String line =
            "\n\u2014 " + name + " " + Base64.getEncoder().encodeToString(all) + "\n";
        byte[] l = line.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(text, text.length + l.length);
        System.arraycopy(l, 0, out, text.length, l.length);
        return out;
      } catch (GeneralSecurityException e) {
        throw new SumdbException("signing: " + e.getMessage(), e);
      }
    }
  }

  static Verifier verifier(String vkey) {
    String[] f = vkey.split("\\+", 3);
    if (f.length != 3 || f[1].length() != 8) {
      throw new SumdbException("malformed verifier id");
    }
    try {
      byte[] k = Base64.getDecoder().decode(f[2]);
      int hash = (int) Long.parseLong(f[1], 16);
      if (k.length != 33 || k[0] != 1 || keyHash(f[0], k) != hash) {
        throw new SumdbException("malformed verifier id");
      }
      byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
      System.arraycopy(k, 1, der, X509_PREFIX.length, 32);
      PublicKey pk = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
      return new Verifier(f[0], hash, pk);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new SumdbException("malformed verifier id");
    }
  }

  static Signer signer(String skey) {
    String[] f = skey.split("\\+", 5);
    if (f.length != 5 || !f[0].equals("PRIVATE") || !f[1].equals("KEY")) {
      throw new SumdbException("malformed signer key");
    }
    try {
      byte[] k = Base64.getDecoder().decode(f[4]);
      if (k.length != 33 || k[0] != 1) {
        throw new SumdbException("malformed signer key");
      }
      byte[] der = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + 32);
      System.arraycopy(k, 1, der, PKCS8_PREFIX.length, 32);
      PrivateKey pk = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
      return new Signer(f[2], (int) Long.parseLong(f[3], 16), pk);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new SumdbException("malformed signer key");
    }
  }

  private static int keyHash(String name, byte[] key) throws GeneralSecurityException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(name.getBytes(StandardCharsets.UTF_8));
    md.update((byte) '\n');
    byte[] d = md.digest(key);
    return (d[0] & 0xff) << 24 | (d[1] & 0xff) << 16 | (d[2] & 0xff) << 8 | d[3] & 0xff;
  }
}
