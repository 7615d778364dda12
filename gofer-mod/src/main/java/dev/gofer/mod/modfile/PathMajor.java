package dev.gofer.mod.modfile;

/**
 * Major-version suffix rules for require, exclude and replace lines ({@code
 * module.SplitPathVersion}, {@code module.CheckPathMajor}). Package-private stand-in for {@code
 * dev.gofer.mod.module} (another branch).
 */
final class PathMajor {
  private PathMajor() {}

  /**
   * {@code module.SplitPathVersion}: the major-version suffix of a module path ({@code ""},
   * {@code "/v2"}, {@code ".v1"}), or null if the suffix is malformed.
   */
  static String splitPathMajor(String path) {
    if (path.startsWith("gopkg.in/")) {
      int i = path.length();
      if (path.endsWith("-unstable")) {
        i -= "-unstable".length();
      }
      while (i > 0 && Character.isDigit(path.charAt(i - 1)) && path.charAt(i - 1) < 0x80) {
        i--;
      }
      if (i <= 1 || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '.') {
        return null;
      }
      String major = path.substring(i - 2);
      if (major.length() <= 2 || (major.charAt(2) == '0' && !major.equals(".v0"))) {
        return null;
      }
      return major;
    }
    int i = path.length();
    boolean dot = false;
    while (i > 0) {
      char c = path.charAt(i - 1);
      if (c >= '0' && c <= '9') {
        i--;
      } else if (c == '.') {
        dot = true;
        i--;
      } else {
        break;
      }
    }
    if (i <= 1 || i == path.length() || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '/') {
      return "";
    }
    String major = path.substring(i - 2);
    if (dot || major.length() <= 2 || major.charAt(2) == '0' || major.equals("/v1")) {
      return null;
    }
    return major;
  }

  /** {@code module.CheckPathMajor} for a valid version: the mismatch text, or null. */
  static String checkPathMajor(String v, String pathMajor) {
    if (pathMajor.startsWith(".v") && pathMajor.endsWith("-unstable")) {
      pathMajor = pathMajor.substring(0, pathMajor.length() - "-unstable".length());
    }
    if (v.startsWith("v0.0.0-") && pathMajor.equals(".v1")) {
      return null;
    }
    String m = Semver.major(v);
    if (pathMajor.isEmpty()) {
      if (m.equals("v0") || m.equals("v1") || Semver.build(v).equals("+incompatible")) {
        return null;
      }
      pathMajor = "v0 or v1";
    } else if (pathMajor.charAt(0) == '/' || pathMajor.charAt(0) == '.') {
      if (m.equals(pathMajor.substring(1))) {
        return null;
      }
      pathMajor = pathMajor.substring(1);
    }
    return "should be " + pathMajor + ", not " + m;
  }
}
