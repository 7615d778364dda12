package dev.gofer.mod.module;

import dev.gofer.mod.internal.GoQuote;
import dev.gofer.mod.internal.Utf8;
import dev.gofer.mod.semver.InvalidVersionException;
import dev.gofer.mod.semver.Semver;

/**
 * Module, import and file paths: the naming rules, the major-version suffix, and the {@code !}
 * case encoding used in proxy URLs and the module cache ({@code golang.org/x/mod/module}).
 *
 * <p>Every check throws {@link InvalidPathException} with Go's message; the escape functions
 * return their input unchanged (the same instance) when there is nothing to escape.
 */
public final class ModulePath {
  private ModulePath() {}

  /** What kind of path is checked; each kind allows a different set of characters. */
  enum Kind {
    MODULE("module"),
    IMPORT("import"),
    FILE("file");

    final String noun;

    Kind(String noun) {
      this.noun = noun;
    }
  }

  /** The result of {@link #splitPathVersion}: {@code prefix + pathMajor} is the path. */
  public record Split(String prefix, String pathMajor, boolean ok) {}

  /**
   * Checks a module path ({@code module.CheckPath}): a valid import path whose first element is a
   * lower-case domain name (letters, digits, {@code -} and {@code .}, at least one dot, not
   * starting with {@code -}), and whose final {@code /vN} element, if any, is a valid major-version
   * suffix ({@code gopkg.in/} paths follow gopkg.in's {@code .vN} convention instead).
   *
   * @throws InvalidPathException {@code malformed module path "…": <reason>}
   */
  public static void check(String path) {
    path = orEmpty(path);
    String reason = checkModulePath(path);
    if (reason != null) {
      throw new InvalidPathException(Kind.MODULE.noun, path, malformed(Kind.MODULE, path, reason));
    }
  }

  /** Whether {@link #check} accepts {@code path}. */
  public static boolean isValid(String path) {
    path = orEmpty(path);
    return checkModulePath(path) == null;
  }

  /**
   * Checks an import path ({@code module.CheckImportPath}): non-empty {@code /}-separated
   * elements of ASCII letters, digits and {@code + - . _ ~}, not starting with {@code -}, no
   * element empty, all dots or ending in a dot, no element (up to its first dot) a reserved
   * Windows name, and none ending in {@code ~} and digits.
   *
   * @throws InvalidPathException {@code malformed import path "…": <reason>}
   */
  public static void checkImportPath(String path) {
    path = orEmpty(path);
    String reason = checkPath(path, Kind.IMPORT);
    if (reason != null) {
      throw new InvalidPathException(Kind.IMPORT.noun, path, malformed(Kind.IMPORT, path, reason));
    }
  }

  /**
   * Checks a file path inside a module ({@code module.CheckFilePath}): like an import path, but
   * elements may start with a dot or {@code -} and may use any Unicode letter, the space, and
   * {@code ! # $ % & ( ) + , - . = @ [ ] ^ _ { } ~}; the {@code ~} short-name rule does not apply.
   *
   * @throws InvalidPathException {@code malformed file path "…": <reason>}
   */
  public static void checkFilePath(String path) {
    path = orEmpty(path);
    String reason = checkPath(path, Kind.FILE);
    if (reason != null) {
      throw new InvalidPathException(Kind.FILE.noun, path, malformed(Kind.FILE, path, reason));
    }
  }

  /**
   * The escaped form of a module path: each upper-case ASCII letter becomes {@code !} and its
   * lower-case form ({@code github.com/Azure/x} gives {@code github.com/!azure/x}).
   *
   * @throws InvalidPathException if {@code path} is not a valid module path
   */
  public static String escape(String path) {
    path = orEmpty(path);
    check(path);
    return escapeString(path);
  }

  /**
   * The module path that {@code escaped} encodes: {@code !x} becomes {@code X}. Fails if there is
   * an upper-case letter, a non-ASCII character, a {@code !} not followed by {@code a}–{@code z},
   * or if the result is not a valid module path.
   *
   * @throws InvalidPathException {@code invalid escaped module path "…"} (with the path error
   *     appended after {@code : } when only the result is invalid)
   */
  public static String unescape(String escaped) {
    escaped = orEmpty(escaped);
    String path = unescapeString(escaped);
    if (path == null) {
      throw new InvalidPathException(
          Kind.MODULE.noun, escaped, "invalid escaped module path " + GoQuote.quote(escaped));
    }
    String reason = checkModulePath(path);
    if (reason != null) {
      throw new InvalidPathException(
          Kind.MODULE.noun,
          escaped,
          "invalid escaped module path "
              + GoQuote.quote(escaped)
              + ": "
              + malformed(Kind.MODULE, path, reason));
    }
    return path;
  }

  /**
   * The escaped form of a version, by the same letter rule. Versions need not be semantic
   * versions (branch names and revisions are escaped too) but must be a valid file-path element
   * without {@code !}.
   *
   * @throws InvalidVersionException {@code version "…" invalid: disallowed version string}
   */
  public static String escapeVersion(String v) {
    if (v == null || checkElem(v, Kind.FILE) != null || v.indexOf('!') >= 0) {
      throw new InvalidVersionException(String.valueOf(v), false, "disallowed version string");
    }
    return escapeString(v);
  }

  /**
   * The version that {@code escaped} encodes; the result must be a valid file-path element.
   *
   * @throws ModuleException {@code invalid escaped version "…"} (with the reason appended when
   *     only the result is invalid)
   */
  public static String unescapeVersion(String escaped) {
    escaped = orEmpty(escaped);
    String v = unescapeString(escaped);
    if (v == null) {
      throw new ModuleException("invalid escaped version " + GoQuote.quote(escaped));
    }
    String reason = checkElem(v, Kind.FILE);
    if (reason != null) {
      throw new ModuleException("invalid escaped version " + GoQuote.quote(v) + ": " + reason);
    }
    return v;
  }

  /**
   * Splits off the major-version suffix ({@code module.SplitPathVersion}): {@code /vN} with N ≥
   * 2, or for {@code gopkg.in/} paths {@code .vN} (any N, optionally followed by {@code
   * -unstable}). {@code ok} is false when the final element looks like a suffix but is not a
   * valid one ({@code /v1}, {@code /v0}, {@code /v2.0}, a gopkg.in path without {@code .vN}); then
   * {@code prefix} is the whole path and {@code pathMajor} is empty.
   */
  public static Split splitPathVersion(String path) {
    path = orEmpty(path);
    if (path.startsWith("gopkg.in/")) {
      return splitGopkgIn(path);
    }
    int i = path.length();
    boolean dot = false;
    while (i > 0 && (isDigit(path.charAt(i - 1)) || path.charAt(i - 1) == '.')) {
      if (path.charAt(i - 1) == '.') {
        dot = true;
      }
      i--;
    }
    if (i <= 1 || i == path.length() || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '/') {
      return new Split(path, "", true);
    }
    String prefix = path.substring(0, i - 2);
    String pathMajor = path.substring(i - 2);
    if (dot || pathMajor.length() <= 2 || pathMajor.charAt(2) == '0' || pathMajor.equals("/v1")) {
      return new Split(path, "", false);
    }
    return new Split(prefix, pathMajor, true);
  }

  private static Split splitGopkgIn(String path) {
    int i = path.length();
    if (path.endsWith("-unstable")) {
      i -= "-unstable".length();
    }
    while (i > 0 && isDigit(path.charAt(i - 1))) {
      i--;
    }
    if (i <= 1 || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '.') {
      return new Split(path, "", false);
    }
    String prefix = path.substring(0, i - 2);
    String pathMajor = path.substring(i - 2);
    if (pathMajor.length() <= 2 || (pathMajor.charAt(2) == '0' && !pathMajor.equals(".v0"))) {
      return new Split(path, "", false);
    }
    return new Split(prefix, pathMajor, true);
  }

  /** Whether the semantic version {@code v} fits the path major suffix ({@link #checkPathMajor}). */
  public static boolean matchPathMajor(String v, String pathMajor) {
    return pathMajorMismatch(v, pathMajor) == null;
  }

  /**
   * Checks that the semantic version {@code v} fits the path major suffix {@code pathMajor} (as
   * from {@link #splitPathVersion}): {@code ""} takes v0, v1 and any {@code +incompatible}
   * version; {@code /vN} and {@code .vN} take vN. A gopkg.in {@code .v1} also takes {@code
   * v0.0.0-} pseudo-versions (an old bug that published go.mod files rely on).
   *
   * @throws InvalidVersionException {@code version "…" invalid: should be v2, not v1}
   */
  public static void checkPathMajor(String v, String pathMajor) {
    String reason = pathMajorMismatch(v, pathMajor);
    if (reason != null) {
      throw new InvalidVersionException(v, false, reason);
    }
  }

  /**
   * Checks a module path and version pair ({@code module.Check}): the path is a valid module
   * path, the version a valid semantic version, and the version fits the path's major suffix.
   *
   * @throws InvalidPathException if the path is invalid
   * @throws ModuleException {@code rsc.io/quote@v17.0.0: invalid version: should be v0 or v1, not
   *     v17}, with the {@link InvalidVersionException} as its cause
   */
  public static void checkPathVersion(String path, String version) {
    check(path);
    InvalidVersionException bad = null;
    if (!Semver.isValid(version)) {
      bad = new InvalidVersionException(String.valueOf(version), false, "not a semantic version");
    } else {
      String reason = pathMajorMismatch(version, splitPathVersion(path).pathMajor());
      if (reason != null) {
        bad = new InvalidVersionException(version, false, reason);
      }
    }
    if (bad != null) {
      throw new ModuleException(
          path + "@" + safe(String.valueOf(version)) + ": invalid version: " + bad.reason(), bad);
    }
  }

  private static String pathMajorMismatch(String version, String pathMajor) {
    String v = orEmpty(version);
    String pm = orEmpty(pathMajor);
    if (pm.startsWith(".v") && pm.endsWith("-unstable")) {
      pm = pm.substring(0, pm.length() - "-unstable".length());
    }
    if (v.startsWith("v0.0.0-") && pm.equals(".v1")) {
      return null;
    }
    String m = Semver.major(v);
    if (pm.isEmpty()) {
      if (m.equals("v0") || m.equals("v1") || Semver.isIncompatible(v)) {
        return null;
      }
      pm = "v0 or v1";
    } else if (pm.charAt(0) == '/' || pm.charAt(0) == '.') {
      if (m.equals(pm.substring(1))) {
        return null;
      }
      pm = pm.substring(1);
    }
    return "should be " + safe(pm) + ", not " + m;
  }

  // ---- the path rules

  /** Null as the empty string, which every check rejects with Go's message. */
  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String malformed(Kind kind, String path, String reason) {
    return "malformed " + kind.noun + " path " + GoQuote.quote(path) + ": " + reason;
  }

  /** Why {@code path} is not a module path, or null. */
  static String checkModulePath(String path) {
    String reason = checkPath(path, Kind.MODULE);
    if (reason != null) {
      return reason;
    }
    int i = path.indexOf('/');
    if (i < 0) {
      i = path.length();
    }
    if (i == 0) {
      return "leading slash";
    }
    if (path.lastIndexOf('.', i - 1) < 0) {
      return "missing dot in first path element";
    }
    if (path.charAt(0) == '-') {
      return "leading dash in first path element";
    }
    for (int j = 0; j < i; j++) {
      char c = path.charAt(j);
      if (!firstPathOK(c)) {
        return "invalid char " + GoQuote.quoteRune(c) + " in first path element";
      }
    }
    if (!splitPathVersion(path).ok()) {
      return "invalid version";
    }
    return null;
  }

  /** Why {@code path} is not a path of the given kind, or null (Go's {@code checkPath}). */
  static String checkPath(String path, Kind kind) {
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
        String reason = checkElem(path.substring(start, i), kind);
        if (reason != null) {
          return reason;
        }
        start = i + 1;
      }
    }
    return null;
  }

  /** Why {@code elem} is not a path element of the given kind, or null (Go's {@code checkElem}). */
  static String checkElem(String elem, Kind kind) {
    if (elem.isEmpty()) {
      return "empty path element";
    }
    int dots = 0;
    for (int i = 0; i < elem.length(); i++) {
      if (elem.charAt(i) == '.') {
        dots++;
      }
    }
    if (dots == elem.length()) {
      return "invalid path element " + GoQuote.quote(elem);
    }
    if (elem.charAt(0) == '.' && kind == Kind.MODULE) {
      return "leading dot in path element";
    }
    if (elem.charAt(elem.length() - 1) == '.') {
      return "trailing dot in path element";
    }
    for (int i = 0; i < elem.length(); ) {
      int r = elem.codePointAt(i);
      i += Character.charCount(r);
      boolean ok =
          switch (kind) {
            case MODULE -> modPathOK(r);
            case IMPORT -> modPathOK(r) || r == '+';
            case FILE -> fileNameOK(r);
          };
      if (!ok) {
        return "invalid char " + GoQuote.quoteRune(r);
      }
    }

    int dot = elem.indexOf('.');
    String shortName = dot >= 0 ? elem.substring(0, dot) : elem;
    if (isWindowsReserved(shortName)) {
      return GoQuote.quote(shortName) + " disallowed as path element component on Windows";
    }
    if (kind == Kind.FILE) {
      return null; // the short-name rule is only an issue for import paths
    }
    int tilde = shortName.lastIndexOf('~');
    if (tilde >= 0 && tilde < shortName.length() - 1) {
      boolean digits = true;
      for (int i = tilde + 1; i < shortName.length(); i++) {
        if (!isDigit(shortName.charAt(i))) {
          digits = false;
          break;
        }
      }
      if (digits) {
        return "trailing tilde and digits in path element";
      }
    }
    return null;
  }

  /** CON, PRN, AUX, NUL, COM1–COM9 and LPT1–LPT9, in any case. */
  private static boolean isWindowsReserved(String s) {
    return switch (s.length()) {
      case 3 -> asciiEqualFold(s, "CON") || asciiEqualFold(s, "PRN")
          || asciiEqualFold(s, "AUX") || asciiEqualFold(s, "NUL");
      case 4 -> (asciiEqualFold(s.substring(0, 3), "COM") || asciiEqualFold(s.substring(0, 3), "LPT"))
          && s.charAt(3) >= '1' && s.charAt(3) <= '9';
      default -> false;
    };
  }

  /**
   * Case-insensitive comparison with an upper-case ASCII word. Unicode simple folding adds
   * nothing here: no non-ASCII letter folds to a letter of C, O, N, P, R, A, U, X, L, M or T.
   */
  private static boolean asciiEqualFold(String s, String upper) {
    for (int i = 0; i < upper.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c = (char) (c - ('a' - 'A'));
      }
      if (c != upper.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean firstPathOK(char c) {
    return c == '-' || c == '.' || isDigit(c) || (c >= 'a' && c <= 'z');
  }

  private static boolean modPathOK(int r) {
    return r == '-' || r == '.' || r == '_' || r == '~' || isDigit(r)
        || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z');
  }

  private static final String FILE_PUNCTUATION = "!#$%&()+,-.=@[]^_{}~ ";

  private static boolean fileNameOK(int r) {
    if (r < 0x80) {
      return isDigit(r) || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z')
          || FILE_PUNCTUATION.indexOf(r) >= 0;
    }
    return Character.isLetter(r);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /**
   * {@code s} itself where Go prints it with {@code %s}, or quoted if that would put control or
   * other unprintable characters into a one-line message.
   */
  private static String safe(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!GoQuote.isPrint(cp)) {
        return GoQuote.quote(s);
      }
      i += Character.charCount(cp);
    }
    return s;
  }

  // ---- the case encoding

  private static String escapeString(String s) {
    boolean upper = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '!' || c >= 0x80) {
        // Excluded by the checks above; the escaping below depends on it.
        throw new ModuleException("internal error: inconsistency in EscapePath");
      }
      if (c >= 'A' && c <= 'Z') {
        upper = true;
      }
    }
    if (!upper) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        b.append('!').append((char) (c + ('a' - 'A')));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Undoes the {@code !} encoding, or returns null if {@code escaped} is not a valid encoding. */
  private static String unescapeString(String escaped) {
    if (escaped == null) {
      return null;
    }
    int bangs = 0;
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
        return null;
      }
      if (c == '!') {
        bangs++;
        i++;
        if (i == escaped.length() || escaped.charAt(i) < 'a' || escaped.charAt(i) > 'z') {
          return null;
        }
      }
    }
    if (bangs == 0) {
      return escaped;
    }
    StringBuilder b = new StringBuilder(escaped.length() - bangs);
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '!') {
        b.append((char) (escaped.charAt(++i) - ('a' - 'A')));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
