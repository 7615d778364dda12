package dev.gofer.mod.module;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A comma-separated list of glob patterns matched against path prefixes, as in {@code
 * GOPRIVATE}, {@code GONOPROXY}, {@code GONOSUMDB} and {@code GOINSECURE} ({@code
 * module.MatchPrefixPatterns}).
 *
 * <p>Each glob loses one trailing {@code /}; empty globs are skipped. A glob with N slashes is
 * matched against the first N+1 {@code /}-separated elements of the target, with {@code
 * path.Match} syntax: {@code *} matches any run of non-{@code /} bytes, {@code ?} one
 * non-{@code /} character, {@code [a-z]} and {@code [^…]} a character class, and {@code \}
 * quotes the next character. A target with fewer elements does not match. A malformed glob
 * (an unclosed {@code [}, a trailing {@code \}, an empty class) matches nothing, exactly as
 * {@code path.Match} reporting {@code ErrBadPattern} does; the other globs still apply.
 *
 * <p>Matching works on the UTF-8 bytes, like Go, so results agree for non-ASCII input too.
 * Instances are immutable and thread-safe; {@link #parse} once and {@link #matches} per request.
 */
public final class PrefixPatterns {
  private final String source;
  private final byte[][] globs;
  private final int[] slashes;

  private PrefixPatterns(String source, List<byte[]> globs) {
    this.source = source;
    this.globs = globs.toArray(new byte[0][]);
    this.slashes = new int[this.globs.length];
    for (int g = 0; g < this.globs.length; g++) {
      int n = 0;
      for (byte b : this.globs[g]) {
        if (b == '/') {
          n++;
        }
      }
      slashes[g] = n;
    }
  }

  /** The patterns of a comma-separated list such as {@code GOPRIVATE}'s value; never fails. */
  public static PrefixPatterns parse(String list) {
    String s = list == null ? "" : list;
    List<byte[]> globs = new ArrayList<>();
    int start = 0;
    while (start <= s.length()) {
      int comma = s.indexOf(',', start);
      int end = comma < 0 ? s.length() : comma;
      String glob = s.substring(start, end);
      if (glob.endsWith("/")) {
        glob = glob.substring(0, glob.length() - 1);
      }
      if (!glob.isEmpty()) {
        globs.add(glob.getBytes(StandardCharsets.UTF_8));
      }
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
    return new PrefixPatterns(s, globs);
  }

  /** {@code module.MatchPrefixPatterns(globs, target)}. */
  public static boolean matches(String globs, String target) {
    return parse(globs).matches(target);
  }

  /** Whether any glob matches a prefix of {@code target} (see the class comment). */
  public boolean matches(String target) {
    if (globs.length == 0 || target == null) {
      return false;
    }
    byte[] t = target.getBytes(StandardCharsets.UTF_8);
    for (int g = 0; g < globs.length; g++) {
      int n = slashes[g];
      int end = t.length;
      for (int i = 0; i < t.length; i++) {
        if (t[i] == '/') {
          if (n == 0) {
            end = i;
            break;
          }
          n--;
        }
      }
      if (n > 0) {
        continue; // not enough elements
      }
      if (GlobMatch.match(globs[g], t, end) == GlobMatch.MATCH) {
        return true;
      }
    }
    return false;
  }

  /** Whether the list has no glob at all (then nothing matches). */
  public boolean isEmpty() {
    return globs.length == 0;
  }

  /** The list as given. */
  @Override
  public String toString() {
    return source;
  }
}
