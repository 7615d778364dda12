package dev.gofer.mod.zip;

import dev.gofer.mod.internal.GoQuote;
import dev.gofer.mod.internal.Utf8;

/**
 * The module-path, file-path and version checks a module zip needs ({@code module.CheckPath},
 * {@code module.CheckFilePath}, {@code module.Check}, {@code module.CanonicalVersion}). Each
 * returns {@code null} when the input is fine, otherwise Go's error text.
 *
 * <p>Package-private stand-in for {@code dev.gofer.mod.module} and {@code dev.gofer.mod.semver},
 * which are written on another branch; replace the calls once they are merged.
 */
final class ModuleChecks {
  private ModuleChecks() {}

  private static final String[] BAD_WINDOWS_NAMES = {
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"
  };

  private enum Kind {
    MODULE,
    FILE
  }

  /** {@code module.CheckFilePath}: {@code malformed file path "p": reason}, or null. */
  static String checkFilePath(String p) {
    String err = checkPath(p, Kind.FILE);
    return err == null ? null : "malformed file path " + GoQuote.quote(p) + ": " + err;
  }

  /** {@code module.CheckPath}: {@code malformed module path "p": reason}, or null. */
  static String checkModulePath(String p) {
    String err = checkModulePathReason(p);
    return err == null ? null : "malformed module path " + GoQuote.quote(p) + ": " + err;
  }

  private static String checkModulePathReason(String path) {
    String err = checkPath(path, Kind.MODULE);
    if (err != null) {
      return err;
    }
    int i = path.indexOf('/');
    if (i < 0) {
      i = path.length();
    }
    if (i == 0) {
      return "leading slash";
    }
    String first = path.substring(0, i);
    if (first.indexOf('.') < 0) {
      return "missing dot in first path element";
    }
    if (path.charAt(0) == '-') {
      return "leading dash in first path element";
    }
    for (int k = 0; k < first.length(); k++) {
      char c = first.charAt(k);
      if (!(c == '-' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
        return "invalid char " + GoQuote.quoteRune(c) + " in first path element";
      }
    }
    if (splitPathMajor(path) == null) {
      return "invalid version";
    }
    return null;
  }

  private static String checkPath(String path, Kind kind) {
    if (!Utf8.isValid(path)) {
      return "invalid UTF-8";
    }
    if (path.isEmpty()) {
      return "empty string";
    }
    if (path.charAt(0) == '-' && kind != Kind.FILE) {
      return "leading dash";
    }
    if (path.contains("//")) {
      return "double slash";
    }
    if (path.charAt(path.length() - 1) == '/') {
      return "trailing slash";
    }
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        String err = checkElem(path.substring(start, i), kind);
        if (err != null) {
          return err;
        }
        start = i + 1;
      }
    }
    return null;
  }

  private static String checkElem(String elem, Kind kind) {
    if (elem.isEmpty()) {
      return "empty path element";
    }
    if (elem.chars().allMatch(c -> c == '.')) {
      return "invalid path element " + GoQuote.quote(elem);
    }
    if (elem.charAt(0) == '.' && kind == Kind.MODULE) {
      return "leading dot in path element";
    }
    if (elem.charAt(elem.length() - 1) == '.') {
      return "trailing dot in path element";
    }
    for (int i = 0; i < elem.length(); ) {
      int cp = elem.codePointAt(i);
      boolean ok = kind == Kind.MODULE ? modPathOk(cp) : fileNameOk(cp);
      if (!ok) {
        return "invalid char " + GoQuote.quoteRune(cp);
      }
      i += Character.charCount(cp);
    }
    int dot = elem.indexOf('.');
    String shortName = dot >= 0 ? elem.substring(0, dot) : elem;
    for (String bad : BAD_WINDOWS_NAMES) {
      if (bad.equalsIgnoreCase(shortName)) {
        return GoQuote.quote(shortName) + " disallowed as path element component on Windows";
      }
    }
    if (kind == Kind.FILE) {
      return null;
    }
    int tilde = shortName.lastIndexOf('~');
    if (tilde >= 0 && tilde < shortName.length() - 1) {
      boolean digits = true;
      for (int i = tilde + 1; i < shortName.length(); i++) {
        char c = shortName.charAt(i);
        digits &= c >= '0' && c <= '9';
      }
      if (digits) {
        return "trailing tilde and digits in path element";
      }
    }
    return null;
  }

  private static boolean modPathOk(int r) {
    return r == '-' || r == '.' || r == '_' || r == '~' || (r >= '0' && r <= '9')
        || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z');
  }

  private static boolean fileNameOk(int r) {
    if (r < 0x80) {
      if ((r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z')) {
        return true;
      }
      return "!#$%&()+,-.=@[]^_{}~ ".indexOf(r) >= 0;
    }
    return Character.isLetter(r);
  }

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

  /**
   * The checks {@code zip.Create}, {@code zip.CheckZip} and {@code zip.Unzip} run first: the
   * version is canonical, the module path valid and its major suffix matches the version.
   */
  static String checkModuleVersion(String path, String version) {
    String canonical = Semver.canonicalVersion(version);
    if (!canonical.equals(version)) {
      return "version " + GoQuote.quote(version) + " is not canonical (should be "
          + GoQuote.quote(canonical) + ")";
    }
    String err = checkModulePath(path);
    if (err != null) {
      return err;
    }
    String pathMajor = splitPathMajor(path);
    String mismatch = checkPathMajor(version, pathMajor == null ? "" : pathMajor);
    if (mismatch != null) {
      return path + "@" + version + ": invalid version: " + mismatch;
    }
    return null;
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
