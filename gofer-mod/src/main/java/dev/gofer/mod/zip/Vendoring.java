package dev.gofer.mod.zip;

import dev.gofer.mod.modfile.ModFile;
import dev.gofer.mod.modfile.ModFileException;

/**
 * Which files of a module tree are vendored packages ({@code isVendoredPackage}), which depends
 * on the language version of the root go.mod: from go 1.24 {@code vendor/modules.txt} is left out
 * and {@code x/vendor/y.go} is kept; before, the historic offset bug (golang/go#37397) applies.
 */
final class Vendoring {
  private Vendoring() {}

  /**
   * Whether the root go.mod {@code data} declares language version 1.24 or later. A go.mod that
   * does not parse leniently, has no go line or an invalid one counts as older, as in Go.
   */
  static boolean go124(byte[] data) {
    try {
      return ModFile.parseLax("go.mod", data).go().map(Vendoring::langAtLeast124).orElse(false);
    } catch (ModFileException e) {
      return false;
    }
  }

  /** {@code version.Compare(version.Lang("go" + v), "go1.24") >= 0}. */
  static boolean langAtLeast124(String v) {
    int i = 0;
    int n = v.length();
    int start = i;
    while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
      i++;
    }
    if (!isInt(v, start, i)) {
      return false;
    }
    long major = parse(v, start, i);
    if (i == n) {
      return major > 1; // "go1" is older than go1.24
    }
    if (v.charAt(i) != '.') {
      return false;
    }
    start = ++i;
    while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
      i++;
    }
    if (!isInt(v, start, i)) {
      return false;
    }
    long minor = parse(v, start, i);
    if (i < n) {
      // the rest must be ".patch" or a lower-case prerelease kind with an optional number
      if (v.charAt(i) == '.') {
        int s = ++i;
        while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
          i++;
        }
        if (!isInt(v, s, i) || i != n) {
          return false;
        }
      } else {
        int s = i;
        while (i < n && v.charAt(i) >= 'a' && v.charAt(i) <= 'z') {
          i++;
        }
        if (i == s) {
          return false;
        }
        int d = i;
        while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
          i++;
        }
        if (i != n || (d != n && !isInt(v, d, n))) {
          return false;
        }
      }
    }
    return major > 1 || (major == 1 && minor >= 24);
  }

  private static boolean isInt(String v, int from, int to) {
    return to > from && to - from <= 9 && (v.charAt(from) != '0' || to - from == 1);
  }

  private static long parse(String v, int from, int to) {
    return Long.parseLong(v, from, to, 10);
  }

  /** {@code isVendoredPackage(name, vers)} with {@code vers >= go1.24} given as a flag. */
  static boolean isVendoredPackage(String name, boolean go124) {
    if (go124 && name.equals("vendor/modules.txt")) {
      return true;
    }
    int i;
    if (name.startsWith("vendor/")) {
      i = "vendor/".length();
    } else {
      int j = name.indexOf("/vendor/");
      if (j < 0) {
        return false;
      }
      // Before go 1.24 the offset ignores j (golang/go#37397); it cannot be fixed without
      // changing the hashes of existing module versions.
      i = go124 ? j + "/vendor/".length() : "/vendor/".length();
    }
    return name.indexOf('/', i) >= 0;
  }
}
