package dev.gofer.mod.internal;

/**
 * Go's {@code %q} for strings and runes ({@code strconv.Quote}, {@code strconv.QuoteRune}) and
 * its inverse for double-quoted strings ({@code strconv.Unquote}), so that error messages quote
 * input the way the go command does: double quotes, backslash escapes for quotes, backslashes
 * and characters that are not printable, printable Unicode kept as is.
 *
 * <p>Java strings cannot hold invalid UTF-8. Callers that decode raw bytes map each undecodable
 * byte {@code 0x80..0xFF} to the lone surrogate {@code U+DC80..U+DCFF} (the "surrogate escape"
 * convention); such a character is quoted as the raw byte {@code \xNN}, exactly as Go prints it,
 * and {@link #unquote} produces it for {@code \xNN} escapes of non-ASCII bytes. Any other lone
 * surrogate is quoted as {@code \ufffd}.
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
   * {@code strconv.Unquote} for a double-quoted string: the string {@code q} denotes, or null if
   * its syntax is invalid. A {@code \xNN} or octal escape of a byte {@code >= 0x80} gives the lone
   * surrogate {@code U+DC00+NN} (see the class comment).
   */
  public static String unquote(String q) {
    int n = q.length();
    if (n < 2 || q.charAt(0) != '"' || q.charAt(n - 1) != '"') {
      return null;
    }
    StringBuilder b = new StringBuilder(n);
    for (int i = 1; i < n - 1; ) {
      char c = q.charAt(i++);
      if (c == '"' || c == '\n') {
        return null;
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i >= n - 1) {
        return null;
      }
      char e = q.charAt(i++);
      switch (e) {
        case 'a' -> b.append((char) 7);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'v' -> b.append((char) 11);
        case '\\', '"' -> b.append(e);
        case 'x', 'u', 'U' -> {
          int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + len > n - 1) {
            return null;
          }
          int v = 0;
          for (int k = 0; k < len; k++) {
            int d = Character.digit(q.charAt(i + k), 16);
            if (d < 0) {
              return null;
            }
            v = v * 16 + d;
          }
          i += len;
          if (e == 'x') {
            // a raw byte: valid UTF-8 only when ASCII
            b.append((char) (v < 0x80 ? v : 0xDC00 + v));
          } else {
            if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
              return null;
            }
            b.appendCodePoint(v);
          }
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 2 > n - 1) {
            return null;
          }
          int v = e - '0';
          for (int k = 0; k < 2; k++) {
            int d = q.charAt(i + k) - '0';
            if (d < 0 || d > 7) {
              return null;
            }
            v = v * 8 + d;
          }
          if (v > 255) {
            return null;
          }
          i += 2;
          b.append((char) (v < 0x80 ? v : 0xDC00 + v));
        }
        default -> {
          return null;
        }
      }
    }
    return b.toString();
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
