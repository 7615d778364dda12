package dev.gofer.mod.tlog;

import dev.gofer.mod.internal.GoBase64;
import java.nio.charset.StandardCharsets;

/**
 * A tree head: the number of records {@code n} and the root hash. Its text form is what a
 * checksum database signs (Go's {@code tlog.Tree}, {@code FormatTree}, {@code ParseTree}):
 *
 * <pre>
 * go.sum database tree
 * N
 * Hash
 * </pre>
 */
public record Tree(long n, Hash hash) {
  /** The empty tree: no records and {@link Tlog#EMPTY_HASH}. */
  public static final Tree EMPTY = new Tree(0, Tlog.EMPTY_HASH);

  private static final byte[] PREFIX = "go.sum database tree\n".getBytes(StandardCharsets.UTF_8);
  private static final int MAX_TEXT = 1_000_000;

  public Tree {
    if (n < 0) {
      throw new IllegalArgumentException("negative tree size " + n);
    }
    java.util.Objects.requireNonNull(hash, "hash");
  }

  /** The three-line text form, each line ending in a newline. */
  public byte[] format() {
    return ("go.sum database tree\n" + n + "\n" + hash.base64() + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a tree head text. Lines after the third are ignored: a future compatible format may
   * add lines, an incompatible one would change the first line.
   *
   * @throws TlogException {@code malformed tree note} unless the text starts with {@code go.sum
   *     database tree\n}, has at least three newlines, is at most 1,000,000 bytes, has a canonical
   *     non-negative decimal size and a base64 hash of exactly 32 bytes
   */
  public static Tree parse(byte[] text) {
    if (text.length > MAX_TEXT || !startsWith(text, PREFIX)) {
      throw malformed();
    }
    int nStart = PREFIX.length;
    int nEnd = indexOf(text, (byte) '\n', nStart);
    int hashEnd = nEnd < 0 ? -1 : indexOf(text, (byte) '\n', nEnd + 1);
    if (hashEnd < 0) {
      throw malformed();
    }
    long n = parseCanonicalSize(text, nStart, nEnd);
    // The hash line is decoded as Go decodes it; it need not be ASCII to get here, so decode the
    // bytes as Latin-1 (one char per byte): any non-base64 byte is then rejected.
    String line = new String(text, nEnd + 1, hashEnd - nEnd - 1, StandardCharsets.ISO_8859_1);
    byte[] h = GoBase64.decode(line);
    if (h == null || h.length != Hash.SIZE) {
      throw malformed();
    }
    return new Tree(n, Hash.wrap(h));
  }

  /** {@link #parse(byte[])} of the UTF-8 bytes of {@code text}. */
  public static Tree parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static long parseCanonicalSize(byte[] b, int from, int to) {
    int len = to - from;
    if (len == 0 || len > 19 || (b[from] == '0' && len > 1)) {
      throw malformed();
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw malformed();
      }
      n = n * 10 + d;
      if (n < 0) {
        throw malformed(); // overflow past Long.MAX_VALUE
      }
    }
    return n;
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    return b.length >= prefix.length
        && java.util.Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
  }

  static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static TlogException malformed() {
    return new TlogException("malformed tree note");
  }
}
