package dev.gofer.mod.zip;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Go's {@code strToFold} from {@code golang.org/x/mod/zip}: a key such that two strings are equal
 * under Unicode simple case folding ({@code strings.EqualFold}) exactly when their keys are equal.
 * Each code point becomes the smallest member of its {@code unicode.SimpleFold} orbit, with
 * {@code A-Z} then mapped to {@code a-z}.
 *
 * <p>The JDK has no simple-fold orbits (its {@code toLowerCase} maps {@code U+0130} to {@code i},
 * which Go does not fold), so the table {@code casefold.txt} is generated from Go's own tables by
 * {@code src/test/go/casefold}; {@code CaseFoldIT} checks it against the installed Go.
 */
final class CaseFold {
  private CaseFold() {}

  private static final int[] FROM;
  private static final int[] TO;

  static {
    int[] from = new int[2048];
    int[] to = new int[2048];
    int n = 0;
    try (InputStream in = CaseFold.class.getResourceAsStream("casefold.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isEmpty() || line.charAt(0) == '#') {
          continue;
        }
        int sp = line.indexOf(' ');
        if (n == from.length) {
          from = Arrays.copyOf(from, n * 2);
          to = Arrays.copyOf(to, n * 2);
        }
        from[n] = Integer.parseInt(line, 0, sp, 16);
        to[n] = Integer.parseInt(line, sp + 1, line.length(), 16);
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FROM = Arrays.copyOf(from, n);
    TO = Arrays.copyOf(to, n);
  }

  /** The fold key of one code point. */
  static int fold(int cp) {
    int i = Arrays.binarySearch(FROM, cp);
    return i >= 0 ? TO[i] : cp;
  }

  /** The fold key of a string. */
  static String key(String s) {
    boolean fast = true;
    for (int i = 0; i < s.length() && fast; i++) {
      char c = s.charAt(i);
      fast = c < 0x80 && !(c >= 'A' && c <= 'Z');
    }
    if (fast) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      b.appendCodePoint(fold(cp));
    }
    return b.toString();
  }
}
