package dev.gofer.mod.note;

/** Key and signer names: non-empty, well-formed, no Unicode white space, no {@code +}. */
final class Names {
  private Names() {}

  static boolean isValid(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (c == '+' || isSpace(c) || Character.isSurrogate((char) c)) {
        return false; // a lone surrogate is not valid UTF-8
      }
      i += Character.charCount(c);
    }
    return true;
  }

  /** Go's {@code unicode.IsSpace}: the Unicode White_Space property. */
  static boolean isSpace(int c) {
    return switch (c) {
      case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f,
          0x3000 ->
          true;
      default -> c >= 0x2000 && c <= 0x200a;
    };
  }
}
