package dev.gofer.mod.internal;

/**
 * Character classes as Go's {@code unicode} package defines them, and the {@code strings}
 * functions built on them, for Go-identical trimming and splitting.
 *
 * <p>Internal to gofer-mod, not API (see {@link dev.gofer.mod.internal}).
 */
public final class GoText {
  private GoText() {}

  /** Go's {@code unicode.IsSpace}: Latin-1 spaces plus the Unicode White_Space property. */
  public static boolean isSpace(int c) {
    return switch (c) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F,
              0x3000 ->
          true;
      default -> c >= 0x2000 && c <= 0x200A;
    };
  }

  /**
   * Go's {@code unicode.IsGraphic}: letters, marks, numbers, punctuation, symbols and the space
   * separators (categories L, M, N, P, S, Zs).
   */
  public static boolean isGraphic(int c) {
    return switch (Character.getType(c)) {
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
              Character.OTHER_SYMBOL,
              Character.SPACE_SEPARATOR ->
          true;
      default -> false;
    };
  }

  /** Go's {@code strings.TrimSpace}. */
  public static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end) {
      int c = s.codePointAt(start);
      if (!isSpace(c)) {
        break;
      }
      start += Character.charCount(c);
    }
    while (end > start) {
      int c = s.codePointBefore(end);
      if (!isSpace(c)) {
        break;
      }
      end -= Character.charCount(c);
    }
    return s.substring(start, end);
  }

  /** Whether {@code s} is empty or only spaces (Go: {@code strings.TrimSpace(s) == ""}). */
  public static boolean isBlank(String s) {
    return trimSpace(s).isEmpty();
  }

  /** Go's {@code strings.Fields}: the runs of non-space characters. */
  public static java.util.List<String> fields(String s) {
    java.util.List<String> out = new java.util.ArrayList<>(2);
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && isSpace(s.codePointAt(i))) {
        i += Character.charCount(s.codePointAt(i));
      }
      int start = i;
      while (i < n && !isSpace(s.codePointAt(i))) {
        i += Character.charCount(s.codePointAt(i));
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }
}
