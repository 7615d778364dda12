package dev.gofer.mod.module;

/**
 * Go's {@code path.Match} on UTF-8 bytes, for {@link PrefixPatterns}. The result is {@link
 * #MATCH}, {@link #NO_MATCH} or {@link #BAD_PATTERN}; like Go, a pattern is checked to its end
 * before a mismatch is reported, and a match needs every chunk, so a malformed pattern always
 * yields {@link #BAD_PATTERN}.
 */
final class GlobMatch {
  static final int NO_MATCH = 0;
  static final int MATCH = 1;
  static final int BAD_PATTERN = 2;

  private static final int FAILED = -1;
  private static final int BAD = -2;
  private static final int RUNE_ERROR = 0xFFFD;

  private GlobMatch() {}

  /** Matches {@code pattern} against {@code name[0, nameEnd)}. */
  static int match(byte[] p, byte[] name, int nameEnd) {
    int pi = 0;
    int si = 0;
    pattern:
    while (pi < p.length) {
      boolean star = false;
      while (pi < p.length && p[pi] == '*') {
        pi++;
        star = true;
      }
      int cs = pi;
      int ce = chunkEnd(p, pi);
      pi = ce;
      if (star && cs == ce) {
        // A trailing star matches the rest of the name if it has no slash.
        for (int i = si; i < nameEnd; i++) {
          if (name[i] == '/') {
            return NO_MATCH;
          }
        }
        return MATCH;
      }
      int r = matchChunk(p, cs, ce, name, si, nameEnd);
      if (r >= 0 && (r == nameEnd || pi < p.length)) {
        si = r;
        continue;
      }
      if (r == BAD) {
        return BAD_PATTERN;
      }
      if (star) {
        // Let the star eat more of the name, but never a slash.
        for (int i = si; i < nameEnd && name[i] != '/'; i++) {
          r = matchChunk(p, cs, ce, name, i + 1, nameEnd);
          if (r >= 0) {
            if (pi == p.length && r < nameEnd) {
              continue; // the last chunk must consume the rest
            }
            si = r;
            continue pattern;
          }
          if (r == BAD) {
            return BAD_PATTERN;
          }
        }
      }
      // No match: still report a malformed rest of the pattern, as Go does.
      while (pi < p.length) {
        while (pi < p.length && p[pi] == '*') {
          pi++;
        }
        int s = pi;
        int e = chunkEnd(p, pi);
        pi = e;
        if (matchChunk(p, s, e, name, nameEnd, nameEnd) == BAD) {
          return BAD_PATTERN;
        }
      }
      return NO_MATCH;
    }
    return si == nameEnd ? MATCH : NO_MATCH;
  }

  /** The end of the chunk at {@code from}: the next {@code *} outside a class, or the end. */
  private static int chunkEnd(byte[] p, int from) {
    boolean inRange = false;
    for (int i = from; i < p.length; i++) {
      switch (p[i]) {
        case '\\' -> {
          if (i + 1 < p.length) {
            i++;
          }
        }
        case '[' -> inRange = true;
        case ']' -> inRange = false;
        case '*' -> {
          if (!inRange) {
            return i;
          }
        }
        default -> {}
      }
    }
    return p.length;
  }

  /**
   * Matches the star-free chunk {@code p[ci, ce)} against the start of {@code s[si, se)}: the
   * index after the matched part, {@link #FAILED}, or {@link #BAD}.
   */
  private static int matchChunk(byte[] p, int ci, int ce, byte[] s, int si, int se) {
    boolean failed = false;
    while (ci < ce) {
      failed = failed || si == se;
      switch (p[ci]) {
        case '[' -> {
          int r = 0;
          if (!failed) {
            long d = decodeRune(s, si, se);
            r = (int) (d >>> 8);
            si += (int) (d & 0xff);
          }
          ci++;
          boolean negated = false;
          if (ci < ce && p[ci] == '^') {
            negated = true;
            ci++;
          }
          boolean match = false;
          int ranges = 0;
          while (true) {
            if (ci < ce && p[ci] == ']' && ranges > 0) {
              ci++;
              break;
            }
            long lo = escapedRune(p, ci, ce);
            if (lo < 0) {
              return BAD;
            }
            ci = (int) (lo & 0xffffffffL);
            int loRune = (int) (lo >>> 32);
            int hiRune = loRune;
            if (p[ci] == '-') {
              long hi = escapedRune(p, ci + 1, ce);
              if (hi < 0) {
                return BAD;
              }
              ci = (int) (hi & 0xffffffffL);
              hiRune = (int) (hi >>> 32);
            }
            match = match || (loRune <= r && r <= hiRune);
            ranges++;
          }
          failed = failed || match == negated;
        }
        case '?' -> {
          if (!failed) {
            failed = s[si] == '/';
            si += (int) (decodeRune(s, si, se) & 0xff);
          }
          ci++;
        }
        case '\\' -> {
          ci++;
          if (ci == ce) {
            return BAD;
          }
          if (!failed) {
            failed = p[ci] != s[si];
            si++;
          }
          ci++;
        }
        default -> {
          if (!failed) {
            failed = p[ci] != s[si];
            si++;
          }
          ci++;
        }
      }
    }
    return failed ? FAILED : si;
  }

  /**
   * Go's {@code getEsc}: the possibly escaped rune at {@code ci} of a class, as {@code rune << 32
   * | next index}, or -1 for a malformed class (also when nothing follows the rune).
   */
  private static long escapedRune(byte[] p, int ci, int ce) {
    if (ci >= ce || p[ci] == '-' || p[ci] == ']') {
      return -1;
    }
    if (p[ci] == '\\') {
      ci++;
      if (ci >= ce) {
        return -1;
      }
    }
    long d = decodeRune(p, ci, ce);
    int r = (int) (d >>> 8);
    int n = (int) (d & 0xff);
    if (r == RUNE_ERROR && n == 1) {
      return -1;
    }
    int next = ci + n;
    if (next >= ce) {
      return -1;
    }
    return ((long) r << 32) | next;
  }

  /**
   * Go's {@code utf8.DecodeRune} on {@code b[i, end)} (non-empty): {@code rune << 8 | width},
   * with U+FFFD and width 1 for an invalid or truncated sequence.
   */
  static long decodeRune(byte[] b, int i, int end) {
    int b0 = b[i] & 0xff;
    if (b0 < 0x80) {
      return ((long) b0 << 8) | 1;
    }
    int n;
    int lo = 0x80;
    int hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      n = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 3;
      if (b0 == 0xE0) {
        lo = 0xA0;
      } else if (b0 == 0xED) {
        hi = 0x9F;
      }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 4;
      if (b0 == 0xF0) {
        lo = 0x90;
      } else if (b0 == 0xF4) {
        hi = 0x8F;
      }
    } else {
      return ((long) RUNE_ERROR << 8) | 1;
    }
    if (i + n > end) {
      return ((long) RUNE_ERROR << 8) | 1;
    }
    int b1 = b[i + 1] & 0xff;
    if (b1 < lo || b1 > hi) {
      return ((long) RUNE_ERROR << 8) | 1;
    }
    int r = n == 2 ? b0 & 0x1F : n == 3 ? b0 & 0x0F : b0 & 0x07;
    r = (r << 6) | (b1 & 0x3F);
    for (int k = 2; k < n; k++) {
      int bk = b[i + k] & 0xff;
      if (bk < 0x80 || bk > 0xBF) {
        return ((long) RUNE_ERROR << 8) | 1;
      }
      r = (r << 6) | (bk & 0x3F);
    }
    return ((long) r << 8) | n;
  }
}
