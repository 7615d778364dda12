package dev.gofer.mod.tlog;

import dev.gofer.mod.internal.GoBase64;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A 32-byte SHA-256 hash identifying a log record, an interior node or a tree root (Go's {@code
 * tlog.Hash}). Immutable; printed as standard base64 like Go's {@code Hash.String}.
 */
public final class Hash {
  /** The size of a hash in bytes. */
  public static final int SIZE = 32;

  /** The all-zero hash. */
  public static final Hash ZERO = new Hash(new byte[SIZE]);

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The hash with the given 32 bytes (copied). */
  public static Hash of(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("hash must be 32 bytes, not " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  /** The hash stored at {@code data[offset, offset+32)} (copied). */
  public static Hash of(byte[] data, int offset) {
    return new Hash(Arrays.copyOfRange(data, offset, offset + SIZE));
  }

  /** Takes ownership of a 32-byte array the caller will not touch again. */
  static Hash wrap(byte[] bytes) {
    return new Hash(bytes);
  }

  /**
   * Parses the base64 form of a hash (Go's {@code tlog.ParseHash}).
   *
   * @throws TlogException {@code malformed hash} unless {@code s} is standard base64 of exactly 32
   *     bytes
   */
  public static Hash parse(String s) {
    byte[] b = GoBase64.decode(s);
    if (b == null || b.length != SIZE) {
      throw new TlogException("malformed hash");
    }
    return new Hash(b);
  }

  /**
   * Parses 64 hex digits.
   *
   * @throws TlogException {@code malformed hash} unless {@code hex} is 64 hex digits
   */
  public static Hash parseHex(String hex) {
    if (hex.length() != 2 * SIZE) {
      throw new TlogException("malformed hash");
    }
    try {
      return new Hash(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new TlogException("malformed hash");
    }
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Copies the 32 bytes into {@code dst} at {@code offset}. */
  public void copyTo(byte[] dst, int offset) {
    System.arraycopy(bytes, 0, dst, offset, SIZE);
  }

  /** Whether this hash equals the 32 bytes at {@code data[offset, offset+32)}. */
  public boolean matches(byte[] data, int offset) {
    return Arrays.equals(bytes, 0, SIZE, data, offset, offset + SIZE);
  }

  /** Lower-case hex. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** Standard base64 with padding (44 characters). */
  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  byte[] unsafeBytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The base64 form, as Go prints a hash. */
  @Override
  public String toString() {
    return base64();
  }
}
