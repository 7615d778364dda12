package dev.gofer.mod.tlog;

import dev.gofer.mod.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A log record: its id (position in the log) and its text, such as the go.sum lines of one module
 * version. Go's {@code tlog.FormatRecord} and {@code tlog.ParseRecord}.
 *
 * <p>Record text is valid UTF-8 without ASCII control characters other than newline, ends in a
 * newline and has no blank lines. The formatted form, served in a lookup response, is {@code
 * "<id>\n" + text + "\n"}: the extra newline makes the blank line that ends the record.
 */
public record Record(long id, String text) {
  public Record {
    Objects.requireNonNull(text, "text");
  }

  /** Where parsing stopped: the record, and the offset of the rest of the message. */
  public record Parsed(Record record, int restOffset) {}

  /**
   * Formats a record for a lookup response.
   *
   * @throws TlogException {@code malformed record data} if {@code text} is not valid record text
   */
  public static byte[] format(long id, byte[] text) {
    if (!isValidText(text, 0, text.length)) {
      throw malformed();
    }
    byte[] prefix = (id + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] msg = new byte[prefix.length + text.length + 1];
    System.arraycopy(prefix, 0, msg, 0, prefix.length);
    System.arraycopy(text, 0, msg, prefix.length, text.length);
    msg[msg.length - 1] = '\n';
    return msg;
  }

  /** {@link #format(long, byte[])} of this record. */
  public byte[] format() {
    return format(id, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The record's leaf hash, {@code Tlog.recordHash(text)}. */
  public Hash hash() {
    return Tlog.recordHash(text);
  }

  /**
   * Parses a formatted record at the start of {@code msg}, stopping right after the blank line
   * that ends it. In a lookup response, the rest (from {@link Parsed#restOffset()}) is the signed
   * tree head.
   *
   * <p>As in Go, the id line is read like {@code strconv.ParseInt(s, 10, 64)}: an optional sign
   * and leading zeros are accepted.
   *
   * @throws TlogException {@code malformed record data} if the id is not a decimal int64, there is
   *     no blank line, or the text is not valid record text
   */
  public static Parsed parse(byte[] msg) {
    int nl = Tree.indexOf(msg, (byte) '\n', 0);
    if (nl < 0) {
      throw malformed();
    }
    long id = parseInt64(msg, 0, nl);
    int textStart = nl + 1;
    int blank = indexOfBlankLine(msg, textStart);
    if (blank < 0) {
      throw malformed();
    }
    int textEnd = blank + 1;
    if (!isValidText(msg, textStart, textEnd)) {
      throw malformed();
    }
    String text = new String(msg, textStart, textEnd - textStart, StandardCharsets.UTF_8);
    return new Parsed(new Record(id, text), blank + 2);
  }

  /**
   * Whether {@code b[from, to)} is valid record text: well-formed UTF-8, no control character
   * other than newline, no blank line, and a final newline.
   */
  static boolean isValidText(byte[] b, int from, int to) {
    int last = -1;
    for (int i = from; i < to; ) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        if (c < 0x20 && c != '\n' || c == '\n' && last == '\n') {
          return false;
        }
        i++;
      } else {
        int n = Utf8.runeLength(b, i, to);
        if (n == 0) {
          return false;
        }
        i += n;
      }
      last = c;
    }
    return last == '\n';
  }

  private static int indexOfBlankLine(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\n' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static long parseInt64(byte[] b, int from, int to) {
    boolean negative = false;
    if (from < to && (b[from] == '+' || b[from] == '-')) {
      negative = b[from] == '-';
      from++;
    }
    if (from == to) {
      throw malformed();
    }
    // Accumulate negatively so that Long.MIN_VALUE parses.
    long n = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9 || n < (Long.MIN_VALUE + d) / 10) {
        throw malformed();
      }
      n = n * 10 - d;
    }
    if (!negative) {
      if (n == Long.MIN_VALUE) {
        throw malformed();
      }
      n = -n;
    }
    return n;
  }

  private static TlogException malformed() {
    return new TlogException("malformed record data");
  }
}
