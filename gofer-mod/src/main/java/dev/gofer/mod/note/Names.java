package dev.gofer.mod.note;

import dev.gofer.mod.internal.GoText;

/** Key and signer names: non-empty, well-formed, no Unicode white space, no {@code +}. */
final class Names {
  private Names() {}

  static boolean isValid(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (c == '+' || GoText.isSpace(c) || Character.isSurrogate((char) c)) {
        return false; // a lone surrogate is not valid UTF-8
      }
      i += Character.charCount(c);
    }
    return true;
  }
}
