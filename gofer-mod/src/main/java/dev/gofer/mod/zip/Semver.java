package dev.gofer.mod.zip;

/**
 * The few {@code golang.org/x/mod/semver} operations a module zip check needs. Package-private
 * stand-in for {@code dev.gofer.mod.semver} (another branch).
 */
final class Semver {
  private Semver() {}

  private record Parsed(String major, String shortSuffix, String build) {}

  /** {@code module.CanonicalVersion}: {@code semver.Canonical} keeping {@code +incompatible}. */
  static String canonicalVersion(String v) {
    Parsed p = parse(v);
    if (p == null) {
      return "";
    }
    String cv = p.build.isEmpty() ? v + p.shortSuffix : v.substring(0, v.length() - p.build.length());
    return p.build.equals("+incompatible") ? cv + "+incompatible" : cv;
  }

  /** {@code semver.Major}: {@code "v2"} for {@code v2.1.0}, {@code ""} if invalid. */
  static String major(String v) {
    Parsed p = parse(v);
    return p == null ? "" : "v" + p.major;
  }

  /** {@code semver.Build}: the {@code +build} suffix, {@code ""} if none or invalid. */
  static String build(String v) {
    Parsed p = parse(v);
    return p == null ? "" : p.build;
  }

  private static Parsed parse(String v) {
    if (v.isEmpty() || v.charAt(0) != 'v') {
      return null;
    }
    int[] pos = {1};
    String major = parseInt(v, pos);
    if (major == null) {
      return null;
    }
    if (pos[0] == v.length()) {
      return new Parsed(major, ".0.0", "");
    }
    if (v.charAt(pos[0]) != '.') {
      return null;
    }
    pos[0]++;
    if (parseInt(v, pos) == null) {
      return null;
    }
    if (pos[0] == v.length()) {
      return new Parsed(major, ".0", "");
    }
    if (v.charAt(pos[0]) != '.') {
      return null;
    }
    pos[0]++;
    if (parseInt(v, pos) == null) {
      return null;
    }
    if (pos[0] < v.length() && v.charAt(pos[0]) == '-') {
      int end = v.indexOf('+', pos[0]);
      end = end < 0 ? v.length() : end;
      if (!idents(v.substring(pos[0] + 1, end), true)) {
        return null;
      }
      pos[0] = end;
    }
    String build = "";
    if (pos[0] < v.length()) {
      if (v.charAt(pos[0]) != '+' || !idents(v.substring(pos[0] + 1), false)) {
        return null;
      }
      build = v.substring(pos[0]);
    }
    return new Parsed(major, "", build);
  }

  private static String parseInt(String v, int[] pos) {
    int i = pos[0];
    while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
      i++;
    }
    if (i == pos[0] || (v.charAt(pos[0]) == '0' && i != pos[0] + 1)) {
      return null;
    }
    String s = v.substring(pos[0], i);
    pos[0] = i;
    return s;
  }

  private static boolean idents(String s, boolean prerelease) {
    if (s.isEmpty()) {
      return false;
    }
    for (String id : s.split("\\.", -1)) {
      if (id.isEmpty()) {
        return false;
      }
      boolean numeric = true;
      for (int i = 0; i < id.length(); i++) {
        char c = id.charAt(i);
        boolean digit = c >= '0' && c <= '9';
        if (!digit && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '-') {
          return false;
        }
        numeric &= digit;
      }
      if (prerelease && numeric && id.length() > 1 && id.charAt(0) == '0') {
        return false;
      }
    }
    return true;
  }
}
