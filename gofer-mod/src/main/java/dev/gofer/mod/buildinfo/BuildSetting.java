package dev.gofer.mod.buildinfo;

import dev.gofer.mod.internal.GoQuote;
import java.util.Objects;

/**
 * One setting that influenced a build, as {@code runtime/debug.BuildSetting}: for example
 * {@code -buildmode=exe}, {@code CGO_ENABLED=0}, {@code GOARCH=amd64}, {@code
 * DefaultGODEBUG=...}, {@code vcs.revision=...}, {@code vcs.modified=true}.
 *
 * @param key the setting name; Go writes it quoted when it is empty or holds {@code =}, space,
 *     tab, CR, LF, {@code "} or a back quote
 * @param value the setting value; Go writes it quoted when it holds space, tab, CR, LF, {@code
 *     "} or a back quote
 */
public record BuildSetting(String key, String value) {

  public BuildSetting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** A setting. */
  public static BuildSetting of(String key, String value) {
    return new BuildSetting(key, value);
  }

  /** Whether Go writes {@code key} as a quoted literal. */
  static boolean quoteKey(String key) {
    return key.isEmpty() || containsAny(key, "= \t\r\n\"`");
  }

  /** Whether Go writes {@code value} as a quoted literal. */
  static boolean quoteValue(String value) {
    return containsAny(value, " \t\r\n\"`");
  }

  private static boolean containsAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** This setting as Go writes it after {@code build\t}: {@code key=value}, quoted as needed. */
  String format() {
    String k = quoteKey(key) ? GoQuote.quote(key) : key;
    String v = quoteValue(value) ? GoQuote.quote(value) : value;
    return k + "=" + v;
  }
}
