package dev.gofer.mod.dirhash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * An incremental {@code h1:} hash ({@code dirhash.Hash1}): files are added in any order, each as
 * its name and the SHA-256 of its content, and {@link #sum()} sorts them by the UTF-8 bytes of
 * their names and hashes the summary lines {@code hex(sha256(content)) + "  " + name + "\n"}.
 *
 * <p>This lets a caller hash file contents while they stream past (one pass, no temporary copy)
 * and finish once the whole file set is known. An instance is not thread-safe; it keeps the
 * names and 32-byte digests, never the contents.
 */
public final class Hash1 {
  /** The {@code h1:} hash of an empty file list (the SHA-256 of the empty string). */
  public static final String EMPTY = "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

  static final int BUFFER_SIZE = 1 << 17;

  private record Entry(byte[] name, byte[] digest) {}

  private final List<Entry> entries = new ArrayList<>();
  private final MessageDigest contentDigest = sha256();
  private byte[] buffer;

  private Hash1() {}

  /** A new, empty hash. */
  public static Hash1 create() {
    return new Hash1();
  }

  /**
   * Adds a file by the SHA-256 digest of its content.
   *
   * @throws DirHashException if {@code name} contains a newline
   */
  public Hash1 add(String name, byte[] contentSha256) {
    if (contentSha256.length != 32) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + contentSha256.length);
    }
    entries.add(new Entry(checkName(name), contentSha256.clone()));
    return this;
  }

  /** Adds a file whose content is {@code content}. */
  public Hash1 add(String name, byte[] content, int offset, int length) {
    byte[] n = checkName(name);
    contentDigest.update(content, offset, length);
    entries.add(new Entry(n, contentDigest.digest()));
    return this;
  }

  /**
   * Adds a file whose content is read from {@code content} to its end; the stream is not closed.
   */
  public Hash1 add(String name, InputStream content) throws IOException {
    byte[] n = checkName(name);
    entries.add(new Entry(n, digest(content)));
    return this;
  }

  /** The number of files added so far. */
  public int size() {
    return entries.size();
  }

  /** The {@code h1:} hash of the files added so far. */
  public String sum() {
    Entry[] sorted = entries.toArray(Entry[]::new);
    Arrays.sort(sorted, (a, b) -> Arrays.compareUnsigned(a.name, b.name));
    MessageDigest summary = sha256();
    HexFormat hex = HexFormat.of();
    byte[] line = new byte[256];
    for (Entry e : sorted) {
      int need = 64 + 2 + e.name.length + 1;
      if (line.length < need) {
        line = new byte[need];
      }
      byte[] h = hex.formatHex(e.digest).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(h, 0, line, 0, 64);
      line[64] = ' ';
      line[65] = ' ';
      System.arraycopy(e.name, 0, line, 66, e.name.length);
      line[need - 1] = '\n';
      summary.update(line, 0, need);
    }
    return "h1:" + Base64.getEncoder().encodeToString(summary.digest());
  }

  /** Digests {@code in} to its end with the reused content digest and buffer. */
  byte[] digest(InputStream in) throws IOException {
    if (buffer == null) {
      buffer = new byte[BUFFER_SIZE];
    }
    for (int n; (n = in.read(buffer)) >= 0; ) {
      contentDigest.update(buffer, 0, n);
    }
    return contentDigest.digest();
  }

  void addDigest(byte[] utf8Name, byte[] digest) {
    entries.add(new Entry(utf8Name, digest));
  }

  MessageDigest contentDigest() {
    return contentDigest;
  }

  byte[] buffer() {
    if (buffer == null) {
      buffer = new byte[BUFFER_SIZE];
    }
    return buffer;
  }

  static byte[] checkName(String name) {
    if (name.indexOf('\n') >= 0) {
      throw new DirHashException("dirhash: filenames with newlines are not supported");
    }
    return name.getBytes(StandardCharsets.UTF_8);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-256", e);
    }
  }
}
