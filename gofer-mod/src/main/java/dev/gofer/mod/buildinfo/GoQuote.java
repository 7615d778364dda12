package dev.gofer.mod.buildinfo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go string literals as Go's {@code strconv} writes and reads them: {@link #quote} is {@code
 * strconv.Quote}, {@link #unquote} is {@code strconv.Unquote} and {@link #quotedPrefix} is
 * {@code strconv.QuotedPrefix}, for double-quoted and back-quoted literals (build settings never
 * use single quotes).
 *
 * <p>Java strings are UTF-16, Go strings bytes: a {@code \x} escape that produces bytes which
 * are not UTF-8 unquotes to U+FFFD, and {@link #quote} never sees such bytes, so it never writes
 * {@code \x80}-style escapes for them. Printability follows {@link Character#getType}, which
 * matches Go's {@code unicode.IsPrint} up to Unicode version differences.
 */
final class GoQuote {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Signals a literal that {@code strconv} rejects with {@code ErrSyntax}. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError() {
      super("invalid syntax", null, false, false);
    }
  }

  private GoQuote() {}

  /** {@code s} as a double-quoted Go literal with Go's escapes ({@code strconv.Quote}). */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2);
    b.append('"');
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      i += Character.charCount(r);
      appendEscaped(b, r, '"');
    }
    return b.append('"').toString();
  }

  /**
   * {@code r} as a single-quoted Go rune literal ({@code strconv.QuoteRune}), which is how Go's
   * {@code %q} prints a byte.
   */
  static String quoteRune(int r) {
    StringBuilder b = new StringBuilder(8).append('\'');
    appendEscaped(b, r, '\'');
    return b.append('\'').toString();
  }

  private static void appendEscaped(StringBuilder b, int r, char quote) {
    if (r == quote || r == '\\') {
      b.append('\\').append((char) r);
      return;
    }
    if (isPrint(r)) {
      b.appendCodePoint(r);
      return;
    }
    switch (r) {
      case 0x07 -> b.append("\\a");
      case '\b' -> b.append("\\b");
      case '\f' -> b.append("\\f");
      case '\n' -> b.append("\\n");
      case '\r' -> b.append("\\r");
      case '\t' -> b.append("\\t");
      case 0x0b -> b.append("\\v");
      default -> {
        if (r < ' ' || r == 0x7f) {
          b.append("\\x").append(HEX[r >> 4]).append(HEX[r & 0xf]);
        } else {
          int v = Character.isSurrogate((char) r) && r < 0x10000 ? 0xfffd : r;
          int digits = v < 0x10000 ? 4 : 8;
          b.append(v < 0x10000 ? "\\u" : "\\U");
          for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            b.append(HEX[(v >> shift) & 0xf]);
          }
        }
      }
    }
  }

  /**
   * Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII
   * space.
   */
  static boolean isPrint(int r) {
    if (r < 0x80) {
      return r >= 0x20 && r < 0x7f;
    }
    return switch (Character.getType(r)) {
      case Character.UPPERCASE_LETTER,
              Character.LOWERCASE_LETTER,
              Character.TITLECASE_LETTER,
              Character.MODIFIER_LETTER,
              Character.OTHER_LETTER,
              Character.NON_SPACING_MARK,
              Character.ENCLOSING_MARK,
              Character.COMBINING_SPACING_MARK,
              Character.DECIMAL_DIGIT_NUMBER,
              Character.LETTER_NUMBER,
              Character.OTHER_NUMBER,
              Character.CONNECTOR_PUNCTUATION,
              Character.DASH_PUNCTUATION,
              Character.START_PUNCTUATION,
              Character.END_PUNCTUATION,
              Character.INITIAL_QUOTE_PUNCTUATION,
              Character.FINAL_QUOTE_PUNCTUATION,
              Character.OTHER_PUNCTUATION,
              Character.MATH_SYMBOL,
              Character.CURRENCY_SYMBOL,
              Character.MODIFIER_SYMBOL,
              Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }

  /** The value of the Go literal that is all of {@code s} ({@code strconv.Unquote}). */
  static String unquote(String s) throws SyntaxError {
    StringBuilder out = new StringBuilder(s.length());
    int end = scan(s, out);
    if (end != s.length()) {
      throw new SyntaxError();
    }
    return out.toString();
  }

  /** The Go literal at the start of {@code s}, quotes included ({@code strconv.QuotedPrefix}). */
  static String quotedPrefix(String s) throws SyntaxError {
    return s.substring(0, scan(s, null));
  }

  /**
   * Reads the literal at the start of {@code in}, appending its value to {@code out} when it is
   * not null, and returns the index just after the closing quote.
   */
  private static int scan(String in, StringBuilder out) throws SyntaxError {
    if (in.length() < 2) {
      throw new SyntaxError();
    }
    char quote = in.charAt(0);
    int close = in.indexOf(quote, 1);
    if (close < 0) {
      throw new SyntaxError();
    }
    int end = close + 1;
    switch (quote) {
      case '`' -> {
        if (out != null) {
          for (int i = 1; i < close; i++) {
            char c = in.charAt(i);
            if (c != '\r') {
              out.append(c);
            }
          }
        }
        return end;
      }
      case '"' -> {
        return scanInterpreted(in, end, out);
      }
      default -> throw new SyntaxError();
    }
  }

  private static int scanInterpreted(String in, int end, StringBuilder out) throws SyntaxError {
    boolean plain = true;
    for (int i = 1; i < end; i++) {
      char c = in.charAt(i);
      if (c == '\\' || c == '\n') {
        plain = false;
        break;
      }
    }
    if (plain) {
      if (out != null) {
        out.append(in, 1, end - 1);
      }
      return end;
    }
    ByteArrayOutputStream bytes = out == null ? null : new ByteArrayOutputStream(in.length());
    int i = 1;
    int n = in.length();
    while (i < n && in.charAt(i) != '"') {
      char c = in.charAt(i);
      if (c == '\n') {
        throw new SyntaxError();
      }
      if (c >= 0x80) {
        int r = in.codePointAt(i);
        i += Character.charCount(r);
        if (bytes != null) {
          bytes.writeBytes(new String(Character.toChars(r)).getBytes(StandardCharsets.UTF_8));
        }
        continue;
      }
      if (c != '\\') {
        i++;
        if (bytes != null) {
          bytes.write(c);
        }
        continue;
      }
      if (i + 1 >= n) {
        throw new SyntaxError();
      }
      char e = in.charAt(i + 1);
      i += 2;
      int value;
      boolean rune = false;
      switch (e) {
        case 'a' -> value = 0x07;
        case 'b' -> value = '\b';
        case 'f' -> value = '\f';
        case 'n' -> value = '\n';
        case 'r' -> value = '\r';
        case 't' -> value = '\t';
        case 'v' -> value = 0x0b;
        case '\\' -> value = '\\';
        case '"' -> value = '"';
        case 'x', 'u', 'U' -> {
          int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (n - i < digits) {
            throw new SyntaxError();
          }
          long v = 0;
          for (int j = 0; j < digits; j++) {
            int x = Character.digit(in.charAt(i + j), 16);
            if (x < 0 || in.charAt(i + j) >= 0x80) {
              throw new SyntaxError();
            }
            v = v << 4 | x;
          }
          i += digits;
          if (e != 'x') {
            if (v > Character.MAX_CODE_POINT || (v >= 0xd800 && v < 0xe000)) {
              throw new SyntaxError();
            }
            rune = true;
          }
          value = (int) v;
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (n - i < 2) {
            throw new SyntaxError();
          }
          int v = e - '0';
          for (int j = 0; j < 2; j++) {
            int x = in.charAt(i + j) - '0';
            if (x < 0 || x > 7) {
              throw new SyntaxError();
            }
            v = v << 3 | x;
          }
          i += 2;
          if (v > 255) {
            throw new SyntaxError();
          }
          value = v;
        }
        default -> throw new SyntaxError();
      }
      if (bytes != null) {
        if (rune && value >= 0x80) {
          bytes.writeBytes(new String(Character.toChars(value)).getBytes(StandardCharsets.UTF_8));
        } else {
          bytes.write(value);
        }
      }
    }
    if (i >= n) {
      throw new SyntaxError();
    }
    if (out != null) {
      out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }
    return i + 1;
  }
}
