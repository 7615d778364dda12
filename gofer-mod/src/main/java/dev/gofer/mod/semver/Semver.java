package dev.gofer.mod.semver;

import java.util.Comparator;
import java.util.List;

/**
 * Semantic versions as the Go module system uses them ({@code golang.org/x/mod/semver}).
 *
 * <p>A version is {@code v} followed by {@code MAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]}, with
 * numbers in decimal and no leading zeros. The shorthands {@code vMAJOR} and {@code vMAJOR.MINOR}
 * stand for {@code .0} parts and may carry neither a pre-release nor build metadata. Unlike
 * semver.org, the leading {@code v} is required.
 *
 * <p>Like Go, the query functions never throw: an invalid version gives {@code ""} (or {@code
 * false}), and {@link #compare} orders every invalid version before every valid one. {@link
 * #parse} is the throwing form, for callers that want the reason.
 */
public final class Semver {
  /** The build suffix that marks a v2+ release of a module without a major-version suffix. */
  public static final String INCOMPATIBLE = "+incompatible";

  /**
   * The total order of {@link #sort}: {@link #compare}, with ties between different spellings of
   * the same version ({@code v1} and {@code v1.0.0}, or different build metadata) broken by plain
   * string order. Invalid versions come first.
   */
  public static final Comparator<String> ORDER = Semver::compareVersion;

  private Semver() {}

  /**
   * The parts of a valid version, without the {@code v}. {@code minor} and {@code patch} are
   * {@code "0"} for the shorthands; {@code prerelease} keeps its leading {@code -} and {@code
   * build} its leading {@code +}, or they are {@code ""}.
   */
  public record Parts(String major, String minor, String patch, String prerelease, String build) {}

  /**
   * Parses {@code v}.
   *
   * @throws InvalidVersionException {@code version "…" invalid: not a semantic version}
   */
  public static Parts parse(String v) {
    Parsed p = parseOrNull(v);
    if (p == null) {
      throw new InvalidVersionException(String.valueOf(v), false, "not a semantic version");
    }
    return new Parts(p.major, p.minor, p.patch, p.prerelease, p.build);
  }

  /** Whether {@code v} is a valid semantic version. */
  public static boolean isValid(String v) {
    return parseOrNull(v) != null;
  }

  /**
   * The canonical form of {@code v}: missing minor and patch filled in as {@code .0}, build
   * metadata dropped ({@code v1.2+meta} is invalid, {@code v1.2.3+meta} gives {@code v1.2.3}),
   * or {@code ""} if {@code v} is invalid.
   */
  public static String canonical(String v) {
    Parsed p = parseOrNull(v);
    if (p == null) {
      return "";
    }
    if (!p.build.isEmpty()) {
      return v.substring(0, v.length() - p.build.length());
    }
    if (!p.shortSuffix.isEmpty()) {
      return v + p.shortSuffix;
    }
    return v;
  }

  /**
   * Like {@link #canonical} but keeps the build suffix {@code +incompatible}
   * ({@code module.CanonicalVersion}): the canonical form of a version as a module version.
   */
  public static String canonicalModuleVersion(String v) {
    String c = canonical(v);
    if (INCOMPATIBLE.equals(build(v))) {
      c += INCOMPATIBLE;
    }
    return c;
  }

  /** The major version prefix, {@code v2} for {@code v2.1.0}, or {@code ""} if invalid. */
  public static String major(String v) {
    Parsed p = parseOrNull(v);
    return p == null ? "" : v.substring(0, 1 + p.major.length());
  }

  /** The {@code vMAJOR.MINOR} prefix, {@code v2.1} for {@code v2.1.0} and {@code v2.0} for {@code v2}, or {@code ""}. */
  public static String majorMinor(String v) {
    Parsed p = parseOrNull(v);
    if (p == null) {
      return "";
    }
    int i = 1 + p.major.length();
    int j = i + 1 + p.minor.length();
    if (j <= v.length() && v.charAt(i) == '.' && v.startsWith(p.minor, i + 1)) {
      return v.substring(0, j);
    }
    return v.substring(0, i) + "." + p.minor;
  }

  /** The pre-release suffix with its {@code -}, {@code -pre} for {@code v1.2.3-pre+meta}, or {@code ""}. */
  public static String prerelease(String v) {
    Parsed p = parseOrNull(v);
    return p == null ? "" : p.prerelease;
  }

  /** The build suffix with its {@code +}, {@code +meta} for {@code v1.2.3-pre+meta}, or {@code ""}. */
  public static String build(String v) {
    Parsed p = parseOrNull(v);
    return p == null ? "" : p.build;
  }

  /** Whether {@code v} is valid and carries the build suffix {@code +incompatible}. */
  public static boolean isIncompatible(String v) {
    return INCOMPATIBLE.equals(build(v));
  }

  /**
   * Compares two versions: -1, 0 or +1. Build metadata is ignored and shorthands equal their
   * long forms ({@code v1 == v1.0.0}). Pre-releases sort before the release; pre-release
   * identifiers compare numerically when both are numeric, numeric before alphanumeric, and by
   * ASCII otherwise. An invalid version is less than every valid one and equal to other invalid
   * ones.
   */
  public static int compare(String v, String w) {
    Parsed pv = parseOrNull(v);
    Parsed pw = parseOrNull(w);
    if (pv == null && pw == null) {
      return 0;
    }
    if (pv == null) {
      return -1;
    }
    if (pw == null) {
      return +1;
    }
    int c = compareInt(pv.major, pw.major);
    if (c != 0) {
      return c;
    }
    c = compareInt(pv.minor, pw.minor);
    if (c != 0) {
      return c;
    }
    c = compareInt(pv.patch, pw.patch);
    if (c != 0) {
      return c;
    }
    return comparePrerelease(pv.prerelease, pw.prerelease);
  }

  /**
   * The larger of the two versions in canonical form, {@code w}'s when they compare equal, or
   * {@code ""} if both are invalid (Go's {@code semver.Max}).
   */
  public static String max(String v, String w) {
    String cv = canonical(v);
    String cw = canonical(w);
    return compare(cv, cw) > 0 ? cv : cw;
  }

  /** Sorts {@code list} in place by {@link #ORDER}. */
  public static void sort(List<String> list) {
    list.sort(ORDER);
  }

  private static int compareVersion(String a, String b) {
    int c = compare(a, b);
    return c != 0 ? c : Integer.signum(a.compareTo(b));
  }

  /** Decimal strings without leading zeros: shorter is smaller, then digit by digit. */
  static int compareInt(String x, String y) {
    if (x.equals(y)) {
      return 0;
    }
    if (x.length() != y.length()) {
      return x.length() < y.length() ? -1 : +1;
    }
    return x.compareTo(y) < 0 ? -1 : +1;
  }

  private static int comparePrerelease(String x, String y) {
    if (x.equals(y)) {
      return 0;
    }
    if (x.isEmpty()) {
      return +1;
    }
    if (y.isEmpty()) {
      return -1;
    }
    int i = 0;
    int j = 0;
    while (i < x.length() && j < y.length()) {
      i++; // skip '-' or '.'
      j++;
      int ei = endOfIdent(x, i);
      int ej = endOfIdent(y, j);
      String dx = x.substring(i, ei);
      String dy = y.substring(j, ej);
      i = ei;
      j = ej;
      if (!dx.equals(dy)) {
        boolean nx = isNum(dx);
        boolean ny = isNum(dy);
        if (nx != ny) {
          return nx ? -1 : +1;
        }
        if (nx && dx.length() != dy.length()) {
          return dx.length() < dy.length() ? -1 : +1;
        }
        return dx.compareTo(dy) < 0 ? -1 : +1;
      }
    }
    return i >= x.length() ? -1 : +1;
  }

  private static int endOfIdent(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) != '.') {
      i++;
    }
    return i;
  }

  private static boolean isNum(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The parts of a valid version; {@code shortSuffix} is what {@link #canonical} appends. */
  record Parsed(
      String major, String minor, String patch, String shortSuffix, String prerelease, String build) {}

  /** Parses {@code v}, or returns {@code null} if it is not a valid semantic version. */
  static Parsed parseOrNull(String v) {
    if (v == null || v.isEmpty() || v.charAt(0) != 'v') {
      return null;
    }
    int n = v.length();
    int i = 1;
    int e = endOfInt(v, i);
    if (e < 0) {
      return null;
    }
    String major = v.substring(i, e);
    if (e == n) {
      return new Parsed(major, "0", "0", ".0.0", "", "");
    }
    if (v.charAt(e) != '.') {
      return null;
    }
    i = e + 1;
    e = endOfInt(v, i);
    if (e < 0) {
      return null;
    }
    String minor = v.substring(i, e);
    if (e == n) {
      return new Parsed(major, minor, "0", ".0", "", "");
    }
    if (v.charAt(e) != '.') {
      return null;
    }
    i = e + 1;
    e = endOfInt(v, i);
    if (e < 0) {
      return null;
    }
    String patch = v.substring(i, e);
    i = e;
    String prerelease = "";
    if (i < n && v.charAt(i) == '-') {
      e = endOfPrerelease(v, i);
      if (e < 0) {
        return null;
      }
      prerelease = v.substring(i, e);
      i = e;
    }
    String build = "";
    if (i < n && v.charAt(i) == '+') {
      e = endOfBuild(v, i);
      if (e < 0) {
        return null;
      }
      build = v.substring(i, e);
      i = e;
    }
    if (i != n) {
      return null;
    }
    return new Parsed(major, minor, patch, "", prerelease, build);
  }

  /** The end of the decimal number at {@code from}, or -1 if there is none or it has a leading zero. */
  private static int endOfInt(String v, int from) {
    int i = from;
    while (i < v.length() && isDigit(v.charAt(i))) {
      i++;
    }
    if (i == from || (v.charAt(from) == '0' && i != from + 1)) {
      return -1;
    }
    return i;
  }

  /** The end of the {@code -pre.release} at {@code from} (a {@code -}), or -1 if malformed. */
  private static int endOfPrerelease(String v, int from) {
    int i = from + 1;
    int start = i;
    while (i < v.length() && v.charAt(i) != '+') {
      char c = v.charAt(i);
      if (c == '.') {
        if (start == i || isBadNum(v, start, i)) {
          return -1;
        }
        start = i + 1;
      } else if (!isIdentChar(c)) {
        return -1;
      }
      i++;
    }
    if (start == i || isBadNum(v, start, i)) {
      return -1;
    }
    return i;
  }

  /** The end of the {@code +build.meta} at {@code from} (a {@code +}), or -1 if malformed. */
  private static int endOfBuild(String v, int from) {
    int i = from + 1;
    int start = i;
    while (i < v.length()) {
      char c = v.charAt(i);
      if (c == '.') {
        if (start == i) {
          return -1;
        }
        start = i + 1;
      } else if (!isIdentChar(c)) {
        return -1;
      }
      i++;
    }
    if (start == i) {
      return -1;
    }
    return i;
  }

  /** A numeric identifier with a leading zero. */
  private static boolean isBadNum(String v, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(v.charAt(i))) {
        return false;
      }
    }
    return to - from > 1 && v.charAt(from) == '0';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isIdentChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '-';
  }
}
