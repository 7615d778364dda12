package dev.gofer.mod.note;

import dev.gofer.mod.internal.GoBase64;
import dev.gofer.mod.internal.GoQuote;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Key texts of signed notes: generation, and the parsing behind {@link Verifier#parse} and {@link
 * Signer#parse}. There is one algorithm, Ed25519, with identifier 1.
 */
public final class Keys {
  private static final int ALG_ED25519 = 1;

  private Keys() {}

  /**
   * A generated key pair in Go's text forms. {@link #toString()} hides the signer key.
   *
   * @param signerKey {@code PRIVATE+KEY+<name>+<hash>+<keydata>}: secret
   * @param verifierKey {@code <name>+<hash>+<keydata>}: give to clients, for example in {@code
   *     GOSUMDB}
   */
  public record KeyPair(String signerKey, String verifierKey) {
    @Override
    public String toString() {
      return "KeyPair[verifierKey=" + verifierKey + ", signerKey=(secret)]";
    }
  }

  /** Generates a new Ed25519 key pair for the named server (Go's {@code note.GenerateKey}). */
  public static KeyPair generate(String name) {
    return generate(name, new SecureRandom());
  }

  /**
   * Generates a key pair from {@code random}, which supplies the 32-byte seed.
   *
   * @throws NoteException if {@code name} is not a valid key name (Go would produce keys its own
   *     parser rejects)
   */
  public static KeyPair generate(String name, SecureRandom random) {
    if (!Names.isValid(name)) {
      throw new NoteException("invalid key name " + GoQuote.quote(name));
    }
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    random.nextBytes(seed);
    byte[] pub = withAlg(Ed25519.publicKeyOfSeed(seed));
    int hash = keyHash(name, pub);
    String prefix = name + "+" + String.format("%08x", hash) + "+";
    Base64.Encoder b64 = Base64.getEncoder();
    return new KeyPair("PRIVATE+KEY+" + prefix + b64.encodeToString(withAlg(seed)), prefix + b64.encodeToString(pub));
  }

  /**
   * The verifier key text for a raw 32-byte Ed25519 public key (Go's {@code
   * note.NewEd25519VerifierKey}).
   */
  public static String ed25519VerifierKey(String name, byte[] publicKey) {
    if (publicKey.length != Ed25519.KEY_SIZE) {
      throw new NoteException("invalid public key size %d, expected %d".formatted(publicKey.length, Ed25519.KEY_SIZE));
    }
    byte[] pub = withAlg(publicKey);
    return name + "+" + String.format("%08x", keyHash(name, pub)) + "+" + Base64.getEncoder().encodeToString(pub);
  }

  /** SHA-256(name || "\n" || key)[0:4] as a big-endian int; {@code key} includes the algorithm byte. */
  static int keyHash(String name, byte[] key) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(name.getBytes(StandardCharsets.UTF_8));
      d.update((byte) '\n');
      d.update(key);
      byte[] sum = d.digest();
      return (sum[0] & 0xff) << 24 | (sum[1] & 0xff) << 16 | (sum[2] & 0xff) << 8 | (sum[3] & 0xff);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Verifier parseVerifier(String vkey) {
    String[] nameRest = cut(vkey);
    String name = nameRest[0];
    String[] hashKey = cut(nameRest[1]);
    Integer hash = parseHash(hashKey[0]);
    byte[] key = GoBase64.decode(hashKey[1]);
    if (hash == null || key == null || !Names.isValid(name) || key.length == 0) {
      throw new NoteException("malformed verifier id");
    }
    if (hash != keyHash(name, key)) {
      throw new NoteException("invalid verifier hash");
    }
    if (key[0] != ALG_ED25519) {
      throw new NoteException("unknown verifier algorithm");
    }
    if (key.length != 1 + Ed25519.KEY_SIZE) {
      throw new NoteException("malformed verifier id");
    }
    byte[] raw = Arrays.copyOfRange(key, 1, key.length);
    return new Ed25519Verifier(name, hash, Ed25519.publicKey(raw));
  }

  static Signer parseSigner(String skey) {
    String[] a = cut(skey);
    String[] b = cut(a[1]);
    String[] c = cut(b[1]);
    String name = c[0];
    String[] hashKey = cut(c[1]);
    Integer hash = parseHash(hashKey[0]);
    byte[] key = GoBase64.decode(hashKey[1]);
    if (!a[0].equals("PRIVATE") || !b[0].equals("KEY") || hash == null || key == null
        || !Names.isValid(name) || key.length == 0) {
      throw new NoteException("malformed verifier id");
    }
    if (key[0] != ALG_ED25519) {
      throw new NoteException("unknown verifier algorithm");
    }
    if (key.length != 1 + Ed25519.KEY_SIZE) {
      throw new NoteException("malformed verifier id");
    }
    byte[] seed = Arrays.copyOfRange(key, 1, key.length);
    if (hash != keyHash(name, withAlg(Ed25519.publicKeyOfSeed(seed)))) {
      throw new NoteException("invalid verifier hash");
    }
    return new Ed25519Signer(name, hash, Ed25519.privateKey(seed));
  }

  /** Splits at the first {@code +}: {before, after}, or {s, ""} without one (Go's strings.Cut). */
  private static String[] cut(String s) {
    int i = s.indexOf('+');
    return i < 0 ? new String[] {s, ""} : new String[] {s.substring(0, i), s.substring(i + 1)};
  }

  /** Exactly 8 hex digits, either case, as a 32-bit value; null otherwise. */
  private static Integer parseHash(String s) {
    if (s.length() != 8) {
      return null;
    }
    int v = 0;
    for (int i = 0; i < 8; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0 || s.charAt(i) > 'f') {
        return null; // Character.digit also accepts non-ASCII digits
      }
      v = v << 4 | d;
    }
    return v;
  }

  private static byte[] withAlg(byte[] raw) {
    byte[] out = new byte[raw.length + 1];
    out[0] = ALG_ED25519;
    System.arraycopy(raw, 0, out, 1, raw.length);
    return out;
  }

  /** An Ed25519 verifier key. */
  private record Ed25519Verifier(String name, int keyHash, PublicKey key) implements Verifier {
    @Override
    public boolean verify(byte[] msg, byte[] sig) {
      return Ed25519.verify(key, msg, sig);
    }

    @Override
    public String toString() {
      return "Verifier[" + NoteException.keyId(name, keyHash) + "]";
    }
  }

  /** An Ed25519 signer key. */
  private record Ed25519Signer(String name, int keyHash, PrivateKey key) implements Signer {
    @Override
    public byte[] sign(byte[] msg) {
      return Ed25519.sign(key, msg);
    }

    @Override
    public String toString() {
      return "Signer[" + NoteException.keyId(name, keyHash) + "]";
    }
  }
}
