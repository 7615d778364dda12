package dev.gofer.mod.semver;

import dev.gofer.mod.internal.GoQuote;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Pseudo-versions: versions that name an untagged revision ({@code module/pseudo.go} of {@code
 * golang.org/x/mod}). There are three forms, each optionally followed by {@code +incompatible}:
 *
 * <ul>
 *   <li>{@code vX.0.0-yyyymmddhhmmss-abcdefabcdef}, when no earlier tagged version is known;
 *   <li>{@code vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef}, after the release {@code vX.Y.Z};
 *   <li>{@code vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef}, after the pre-release {@code
 *       vX.Y.Z-pre}.
 * </ul>
 *
 * <p>The timestamp is the commit time in UTC; the revision is conventionally a 12-character
 * commit hash prefix. A pseudo-version is a valid semantic version with at least two {@code -}
 * that matches {@code
 * ^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$};
 * {@link #isPseudo} checks exactly that without a regular expression.
 */
public final class Pseudo {
  /** The timestamp layout, {@code yyyyMMddHHmmss} in UTC (Go's {@code "20060102150405"}). */
  public static final String TIMESTAMP_PATTERN = "yyyyMMddHHmmss";

  private Pseudo() {}

  /** Whether {@code v} is a pseudo-version ({@code module.IsPseudoVersion}). */
  public static boolean isPseudo(String v) {
    return split(v) != null;
  }

  /** Whether {@code v} is the zero pseudo-version of its major, {@code vX.0.0-00010101000000-000000000000}. */
  public static boolean isZero(String v) {
    return v != null && v.equals(zero(Semver.major(v)));
  }

  /**
   * A new pseudo-version ({@code module.PseudoVersion}).
   *
   * @param major the major version prefix such as {@code v2}; {@code ""} means {@code v0}
   * @param older the most recent tagged version before the revision, or {@code ""}; its {@code
   *     +incompatible} (any build metadata) is kept
   * @param time the commit time
   * @param rev the revision identifier, conventionally a 12-character hash prefix
   */
  public static String build(String major, String older, Instant time, String rev) {
    String m = major == null || major.isEmpty() ? "v0" : major;
    String segment = timestamp(time) + "-" + rev;
    String build = Semver.build(older);
    String base = Semver.canonical(older);
    if (base.isEmpty()) {
      return m + ".0.0-" + segment;
    }
    if (!Semver.prerelease(base).isEmpty()) {
      return base + ".0." + segment + build;
    }
    int i = base.lastIndexOf('.') + 1;
    return base.substring(0, i) + incDecimal(base.substring(i)) + "-0." + segment + build;
  }

  /** The zero pseudo-version of {@code major} ({@code v0} when empty): {@code vX.0.0-00010101000000-000000000000}. */
  public static String zero(String major) {
    return build(major, "", LocalDateTime.of(1, 1, 1, 0, 0).toInstant(ZoneOffset.UTC), "000000000000");
  }

  /**
   * The commit time of a pseudo-version ({@code module.PseudoVersionTime}).
   *
   * @throws InvalidVersionException {@code pseudo-version "…" invalid: syntax error}, or {@code
   *     malformed time "…"} for a timestamp that is not a real date and time
   */
  public static Instant time(String v) {
    Split s = require(v);
    String ts = v.substring(s.timestamp, s.timestamp + 14);
    try {
      return LocalDateTime.of(
              num(ts, 0, 4), num(ts, 4, 6), num(ts, 6, 8), num(ts, 8, 10), num(ts, 10, 12), num(ts, 12, 14))
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw new InvalidVersionException(v, true, "malformed time " + GoQuote.quote(ts));
    }
  }

  /**
   * The revision identifier of a pseudo-version ({@code module.PseudoVersionRev}).
   *
   * @throws InvalidVersionException {@code pseudo-version "…" invalid: syntax error}
   */
  public static String rev(String v) {
    Split s = require(v);
    return v.substring(s.rev, s.buildStart);
  }

  /**
   * The version a pseudo-version is based on ({@code module.PseudoVersionBase}): {@code ""} for
   * the {@code vX.0.0-…} form, {@code vX.Y.Z} for {@code vX.Y.(Z+1)-0.…}, {@code vX.Y.Z-pre} for
   * {@code vX.Y.Z-pre.0.…}, each with the build suffix ({@code +incompatible}) kept.
   *
   * @throws InvalidVersionException {@code pseudo-version "…" invalid: syntax error}, or when the
   *     form is inconsistent ({@code vX.0.0-…} with build metadata, or a {@code -0.} form whose
   *     patch is 0)
   */
  public static String base(String v) {
    Split s = require(v);
    String build = v.substring(s.buildStart);
    String base = v.substring(0, s.baseEnd);
    String pre = Semver.prerelease(base);
    if (pre.isEmpty()) {
      if (!build.isEmpty()) {
        throw new InvalidVersionException(
            v, true, "lacks base version, but has build metadata " + GoQuote.quote(build));
      }
      return "";
    }
    if (pre.equals("-0")) {
      String b = base.substring(0, base.length() - 2);
      int i = b.lastIndexOf('.');
      String patch = decDecimal(b.substring(i + 1));
      if (patch.isEmpty()) {
        throw new InvalidVersionException(
            v, true, "version before " + b + " would have negative patch number");
      }
      return b.substring(0, i + 1) + patch + build;
    }
    return base.substring(0, base.length() - 2) + build; // drop the ".0" before the timestamp
  }

  // ---- parsing

  /**
   * Offsets into a pseudo-version: {@code baseEnd} ends the base ({@code vX.0.0}, {@code
   * vX.Y.Z-0} or {@code vX.Y.Z-pre.0}), the 14-digit timestamp starts at {@code timestamp}, the
   * revision at {@code rev}, and the build suffix (possibly empty) at {@code buildStart}.
   */
  private record Split(int baseEnd, int timestamp, int rev, int buildStart) {}

  private static Split require(String v) {
    Split s = split(v);
    if (s == null) {
      throw new InvalidVersionException(String.valueOf(v), true, "syntax error");
    }
    return s;
  }

  private static Split split(String v) {
    Semver.Parsed p = Semver.parseOrNull(v);
    if (p == null || p.prerelease().isEmpty()) {
      return null; // a pseudo-version needs its "-" after the patch
    }
    int buildStart = v.length() - p.build().length();
    int preStart = buildStart - p.prerelease().length(); // at the '-'
    int dash = v.lastIndexOf('-', buildStart - 1);
    if (dash <= preStart) {
      return null; // needs a second '-' before the revision
    }
    int rev = dash + 1;
    if (rev == buildStart) {
      return null;
    }
    for (int i = rev; i < buildStart; i++) {
      if (!isAlnum(v.charAt(i))) {
        return null;
      }
    }
    int ts = dash - 14;
    if (ts <= preStart) {
      return null;
    }
    for (int i = ts; i < dash; i++) {
      if (!Semver.isDigit(v.charAt(i))) {
        return null;
      }
    }
    if (ts == preStart + 1) {
      // vX.0.0-yyyymmddhhmmss-rev
      if (p.minor().equals("0") && p.patch().equals("0")) {
        return new Split(preStart, ts, rev, buildStart);
      }
      return null;
    }
    // vX.Y.Z-[anything.]0.yyyymmddhhmmss-rev
    if (ts - 2 <= preStart || v.charAt(ts - 1) != '.' || v.charAt(ts - 2) != '0') {
      return null;
    }
    char before = v.charAt(ts - 3);
    if (ts - 3 != preStart && before != '.') {
      return null;
    }
    return new Split(ts - 1, ts, rev, buildStart);
  }

  private static boolean isAlnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || Semver.isDigit(c);
  }

  private static int num(String s, int from, int to) {
    return Integer.parseInt(s, from, to, 10);
  }

  private static String timestamp(Instant t) {
    LocalDateTime d = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    return String.format(
        "%04d%02d%02d%02d%02d%02d",
        d.getYear(), d.getMonthValue(), d.getDayOfMonth(), d.getHour(), d.getMinute(), d.getSecond());
  }

  /** The decimal string plus one. */
  static String incDecimal(String decimal) {
    char[] digits = decimal.toCharArray();
    int i = digits.length - 1;
    while (i >= 0 && digits[i] == '9') {
      digits[i] = '0';
      i--;
    }
    if (i >= 0) {
      digits[i]++;
      return new String(digits);
    }
    return "1" + new String(digits);
  }

  /** The decimal string minus one, or {@code ""} if it is all zeros. */
  static String decDecimal(String decimal) {
    char[] digits = decimal.toCharArray();
    int i = digits.length - 1;
    while (i >= 0 && digits[i] == '0') {
      digits[i] = '9';
      i--;
    }
    if (i < 0) {
      return "";
    }
    if (i == 0 && digits[i] == '1' && digits.length > 1) {
      return new String(digits, 1, digits.length - 1);
    }
    digits[i]--;
    return new String(digits);
  }
}
