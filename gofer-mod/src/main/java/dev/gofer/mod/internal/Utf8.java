package dev.gofer.mod.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 checks with the rules of Go's {@code unicode/utf8}.
 *
 * <p>Internal to gofer-mod, not API (see {@link dev.gofer.mod.internal}).
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * Returns the length of the well-formed UTF-8 sequence starting at {@code b[i]}, or 0 if Go's
   * decoder would return {@code RuneError} of width 1 there (invalid byte, truncated sequence,
   * overlong form, surrogate, or a code point above U+10FFFF).
   */
  public static int runeLength(byte[] b, int i, int end) {
    int c = b[i] & 0xff;
    if (c < 0x80) {
      return 1;
    }
    int n;
    int lo = 0x80;
    int hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 3;
      if (c == 0xe0) {
        lo = 0xa0;
      } else if (c == 0xed) {
        hi = 0x9f;
      }
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4;
      if (c == 0xf0) {
        lo = 0x90;
      } else if (c == 0xf4) {
        hi = 0x8f;
      }
    } else {
      return 0;
    }
    if (i + n > end) {
      return 0;
    }
    int c1 = b[i + 1] & 0xff;
    if (c1 < lo || c1 > hi) {
      return 0;
    }
    for (int k = 2; k < n; k++) {
      int ck = b[i + k] & 0xff;
      if (ck < 0x80 || ck > 0xbf) {
        return 0;
      }
    }
    return n;
  }

  /** {@code bytes} decoded as UTF-8, or null if they are not valid UTF-8 (nothing replaced). */
  public static String decodeStrict(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Go's {@code utf8.ValidString} for a Java string: whether {@code s} has no unpaired surrogate,
   * that is, whether it encodes to valid UTF-8. Undecodable bytes carried as lone surrogates (see
   * {@link GoQuote}) make it invalid, as the raw bytes would in Go.
   */
  public static boolean isValid(String s) {
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
}
