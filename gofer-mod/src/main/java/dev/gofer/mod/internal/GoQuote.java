package dev.gofer.mod.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Go's {@code %q} for strings and runes ({@code strconv.Quote}, {@code strconv.QuoteRune}) and
 * its inverse ({@code strconv.Unquote}, {@code strconv.QuotedPrefix}) for double-quoted and
 * back-quoted literals, so that error messages quote input the way the go command does (double
 * quotes, backslash escapes for quotes, backslashes and characters that are not printable,
 * printable Unicode kept as is) and Go literals in go.mod files and build information read as
 * Go reads them.
 *
 * <p>Java strings cannot hold invalid UTF-8. Callers that decode raw bytes map each undecodable
 * byte {@code 0x80..0xFF} to the lone surrogate {@code U+DC80..U+DCFF} (the "surrogate escape"
 * convention); such a character is quoted as the raw byte {@code \xNN}, exactly as Go prints it,
 * and {@link #unquote} produces it for escaped bytes that are not UTF-8. Any other lone surrogate
 * is quoted as {@code \ufffd}.
 *
 * <p>Internal to gofer-mod, not API (see {@link dev.gofer.mod.internal}).
 */
public final class GoQuote {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoQuote() {}

  /** {@code strconv.Quote(s)}: {@code s} in double quotes with Go's escapes. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      appendEscaped(b, cp, '"');
    }
    return b.append('"').toString();
  }

  /** {@code strconv.QuoteRune(r)}: the code point in single quotes with Go's escapes. */
  public static String quoteRune(int cp) {
    StringBuilder b = new StringBuilder(8).append('\'');
    appendEscaped(b, cp, '\'');
    return b.append('\'').toString();
  }

  /**
   * Approximates Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and
   * the ASCII space; not controls, format characters, surrogates, private use, unassigned code
   * points or any other space or separator.
   */
  public static boolean isPrint(int cp) {
    if (cp < 0x80) {
      return cp >= 0x20 && cp < 0x7f;
    }
    return switch (Character.getType(cp)) {
      case Character.UNASSIGNED,
          Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }

  /**
   * {@code strconv.Unquote} for a double-quoted or back-quoted literal: the string that all of
   * {@code q} denotes, or null where Go returns {@code strconv.ErrSyntax}. Single-quoted rune
   * literals are rejected (no caller reads them).
   *
   * <p>Escapes denote bytes, as in Go. Bytes that form valid UTF-8 become their characters;
   * each byte that does not becomes the lone surrogate {@code U+DC00+NN} (see the class comment),
   * so {@code "\xc3\xa9"} is {@code é} and {@code "\xff"} is {@code U+DCFF}. A lone surrogate
   * standing in a double-quoted literal becomes U+FFFD, as Go decodes an invalid byte there; a
   * back-quoted literal is taken as it stands, less its carriage returns.
   */
  public static String unquote(String q) {
    StringBuilder out = new StringBuilder(q.length());
    return scan(q, out) == q.length() ? out.toString() : null;
  }

  /**
   * {@code strconv.QuotedPrefix} for double-quoted and back-quoted literals: the literal at the
   * start of {@code s}, quotes included, or null where Go returns {@code strconv.ErrSyntax}.
   * {@link #unquote} accepts what this returns.
   */
  public static String quotedPrefix(String s) {
    int end = scan(s, null);
    return end < 0 ? null : s.substring(0, end);
  }

  /**
   * Reads the literal at the start of {@code s}, appending its value to {@code out} when that is
   * not null, and returns the index just after its closing quote, or -1 if it is malformed.
   */
  private static int scan(String s, StringBuilder out) {
    if (s.length() < 2) {
      return -1;
    }
    switch (s.charAt(0)) {
      case '`' -> {
        int close = s.indexOf('`', 1);
        if (close < 0) {
          return -1;
        }
        if (out != null) {
          for (int i = 1; i < close; i++) {
            char c = s.charAt(i);
            if (c != '\r') {
              out.append(c);
            }
          }
        }
        return close + 1;
      }
      case '"' -> {
        return scanInterpreted(s, out);
      }
      default -> {
        return -1;
      }
    }
  }

  /** {@link #scan} for a double-quoted literal; see {@code strconv.UnquoteChar} for the rules. */
  private static int scanInterpreted(String s, StringBuilder out) {
    int n = s.length();
    Bytes pending = out == null ? null : new Bytes(out);
    int i = 1;
    while (true) {
      int run = i;
      char c = 0;
      while (i < n
          && (c = s.charAt(i)) != '"'
          && c != '\\'
          && c != '\n'
          && !Character.isSurrogate(c)) {
        i++;
      }
      if (pending != null && i > run) {
        pending.flush();
        out.append(s, run, i);
      }
      if (i >= n || c == '\n') {
        return -1;
      }
      if (c == '"') {
        if (pending != null) {
          pending.flush();
        }
        return i + 1;
      }
      if (c != '\\') { // a surrogate: a pair is one character, a lone one an invalid byte
        boolean pair =
            Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
        int width = pair ? 2 : 1;
        if (pending != null) {
          pending.flush();
          if (pair) {
            out.append(c).append(s.charAt(i + 1));
          } else {
            out.append('\ufffd');
          }
        }
        i += width;
        continue;
      }
      if (i + 1 >= n) {
        return -1;
      }
      char e = s.charAt(i + 1);
      i += 2;
      int value; // a character, or with byteValue a byte
      boolean byteValue = false;
      switch (e) {
        case 'a' -> value = 0x07;
        case 'b' -> value = '\b';
        case 'f' -> value = '\f';
        case 'n' -> value = '\n';
        case 'r' -> value = '\r';
        case 't' -> value = '\t';
        case 'v' -> value = 0x0b;
        case '\\', '"' -> value = e;
        case 'x', 'u', 'U' -> {
          int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (n - i < digits) {
            return -1;
          }
          long v = 0;
          for (int k = 0; k < digits; k++) {
            int d = hexDigit(s.charAt(i + k));
            if (d < 0) {
              return -1;
            }
            v = v << 4 | d;
          }
          i += digits;
          if (e == 'x') {
            byteValue = true;
          } else if (v > Character.MAX_CODE_POINT
              || (v >= Character.MIN_SURROGATE && v <= Character.MAX_SURROGATE)) {
            return -1;
          }
          value = (int) v;
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (n - i < 2) {
            return -1;
          }
          int v = e - '0';
          for (int k = 0; k < 2; k++) {
            int d = s.charAt(i + k) - '0';
            if (d < 0 || d > 7) {
              return -1;
            }
            v = v << 3 | d;
          }
          i += 2;
          if (v > 255) {
            return -1;
          }
          byteValue = true;
          value = v;
        }
        default -> {
          return -1;
        }
      }
      if (pending != null) {
        if (byteValue && value >= 0x80) {
          pending.add(value);
        } else {
          pending.flush();
          out.appendCodePoint(value);
        }
      }
    }
  }

  /** The value of an ASCII hexadecimal digit, or -1 (Go's {@code unhex}). */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * Escaped non-ASCII bytes waiting to be decoded. A run of them ends where a character or an
   * ASCII byte follows; neither can continue a UTF-8 sequence, so decoding each run apart
   * decodes the whole byte string as Go would.
   */
  private static final class Bytes {
    private final StringBuilder out;
    private byte[] b;
    private int n;

    Bytes(StringBuilder out) {
      this.out = out;
    }

    void add(int v) {
      if (b == null) {
        b = new byte[8];
      } else if (n == b.length) {
        b = Arrays.copyOf(b, 2 * n);
      }
      b[n++] = (byte) v;
    }

    /** Appends the pending bytes: valid UTF-8 as characters, every other byte carried. */
    void flush() {
      for (int i = 0; i < n; ) {
        int len = Utf8.runeLength(b, i, n);
        if (len == 0) {
          out.append((char) (0xDC00 + (b[i] & 0xff)));
          i++;
        } else {
          out.append(new String(b, i, len, StandardCharsets.UTF_8));
          i += len;
        }
      }
      n = 0;
    }
  }

  private static void appendEscaped(StringBuilder b, int cp, char quote) {
    if (cp == quote || cp == '\\') {
      b.append('\\').appendCodePoint(cp);
      return;
    }
    if (cp >= 0xDC80 && cp <= 0xDCFF) {
      appendHex(b.append("\\x"), cp - 0xDC00, 2); // an undecodable byte, printed as Go prints it
      return;
    }
    if (isPrint(cp)) {
      b.appendCodePoint(cp);
      return;
    }
    switch (cp) {
      case 0x07 -> b.append("\\a");
      case '\b' -> b.append("\\b");
      case '\f' -> b.append("\\f");
      case '\n' -> b.append("\\n");
      case '\r' -> b.append("\\r");
      case '\t' -> b.append("\\t");
      case 0x0b -> b.append("\\v");
      default -> {
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
          b.append("\\ufffd");
        } else if (cp < 0x80) {
          appendHex(b.append("\\x"), cp, 2);
        } else if (cp <= 0xffff) {
          appendHex(b.append("\\u"), cp, 4);
        } else {
          appendHex(b.append("\\U"), cp, 8);
        }
      }
    }
  }

  private static void appendHex(StringBuilder b, int v, int digits) {
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
      b.append(HEX[(v >>> shift) & 0xf]);
    }
  }
}
