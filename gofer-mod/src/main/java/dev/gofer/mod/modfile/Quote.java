package dev.gofer.mod.modfile;

/**
 * Go's {@code %q} formatting ({@code strconv.Quote}, {@code strconv.QuoteRune}) for error texts.
 *
 * <p>Java strings cannot hold invalid UTF-8. Callers that decode raw bytes map each undecodable
 * byte {@code 0x80..0xFF} to the lone surrogate {@code U+DC80..U+DCFF} (the "surrogate escape"
 * convention); such a string counts as invalid UTF-8 and quotes the byte as {@code \xNN}, exactly
 * as Go prints the raw byte.
 */
final class Quote {
  private Quote() {}

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      append(b, cp, '"');
    }
    return b.append('"').toString();
  }

  static String quoteRune(int cp) {
    StringBuilder b = new StringBuilder("'");
    append(b, cp, '\'');
    return b.append('\'').toString();
  }

  /** Whether {@code s} has no lone surrogates, that is, encodes to valid UTF-8. */
  static boolean isValidUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static void append(StringBuilder b, int cp, char quote) {
    if (cp == quote || cp == '\\') {
      b.append('\\').appendCodePoint(cp);
      return;
    }
    if (cp >= 0xDC80 && cp <= 0xDCFF) {
      b.append(String.format("\\x%02x", cp - 0xDC00));
      return;
    }
    if (isPrint(cp)) {
      b.appendCodePoint(cp);
      return;
    }
    switch (cp) {
      case 7 -> b.append("\\a");
      case '\b' -> b.append("\\b");
      case '\f' -> b.append("\\f");
      case '\n' -> b.append("\\n");
      case '\r' -> b.append("\\r");
      case '\t' -> b.append("\\t");
      case 11 -> b.append("\\v");
      default -> {
        if (cp < ' ' || cp == 0x7f) {
          b.append(String.format("\\x%02x", cp));
        } else if (cp < 0x10000) {
          b.append(String.format("\\u%04x", cp));
        } else {
          b.append(String.format("\\U%08x", cp));
        }
      }
    }
  }

  /** An approximation of Go's {@code unicode.IsPrint}. */
  static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }

  /** Go's {@code strconv.Unquote} for a double-quoted string; null if the syntax is invalid. */
  static String unquote(String q) {
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
}
