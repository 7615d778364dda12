package dev.gofer.mod.module;

import dev.gofer.mod.internal.GoQuote;
import dev.gofer.mod.semver.Semver;
import java.util.List;
import java.util.Objects;

/**
 * A module path and version pair in plain (unescaped) form, Go's {@code module.Version}. Creating
 * one checks nothing, like the Go struct; {@link #parse} checks the syntax and {@link #check} the
 * module rules.
 *
 * <p>The natural order is {@code module.Sort}'s: by path (byte order of the UTF-8 form, which is
 * code point order), then by version as a semantic version. A version may carry a file suffix
 * after a {@code /} ({@code v1.2.3/go.mod}, as in go.sum), which breaks ties by string order.
 * Versions that compare equal as semantic versions but are spelled differently ({@code v1.0}
 * and {@code v1.0.0}) are ordered by string, so the order is total and consistent with {@link
 * #equals}.
 *
 * @param path the module path, such as {@code golang.org/x/text} or {@code rsc.io/quote/v3}
 * @param version the version; by convention a canonical semantic version, but a query such as
 *     {@code master} is representable too
 */
public record ModuleVersion(String path, String version) implements Comparable<ModuleVersion> {

  public ModuleVersion {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(version, "version");
  }

  /** The pair, unchecked. */
  public static ModuleVersion of(String path, String version) {
    return new ModuleVersion(path, version);
  }

  /**
   * Parses {@code path@version}. The path must be a valid module path and the version a valid
   * (escapable) version string: a file-path element without {@code !}. It need not be a semantic
   * version, so queries parse; use {@link #check} for the module rules.
   *
   * @throws ModuleException {@code malformed module@version "…": missing @} and the like, or
   *     {@link InvalidPathException} for a bad path
   */
  public static ModuleVersion parse(String s) {
    if (s == null) {
      throw new ModuleException("malformed module@version \"\": missing @");
    }
    int at = s.indexOf('@');
    if (at < 0) {
      throw new ModuleException("malformed module@version " + GoQuote.quote(s) + ": missing @");
    }
    String path = s.substring(0, at);
    String version = s.substring(at + 1);
    ModulePath.check(path);
    if (version.indexOf('!') >= 0 || ModulePath.checkElem(version, ModulePath.Kind.FILE) != null) {
      throw new ModuleException(
          "malformed module@version " + GoQuote.quote(s) + ": disallowed version string");
    }
    return new ModuleVersion(path, version);
  }

  /**
   * Checks the pair ({@code module.Check}): a valid module path, a valid semantic version, and a
   * version that fits the path's major-version suffix ({@code rsc.io/quote@v17.0.0} fails,
   * {@code rsc.io/quote@v17.0.0+incompatible} passes).
   *
   * @return this, for chaining
   * @throws ModuleException see {@link ModulePath#checkPathVersion}
   */
  public ModuleVersion check() {
    ModulePath.checkPathVersion(path, version);
    return this;
  }

  /** The escaped form, {@code escape(path)@escapeVersion(version)}, as used in proxy URLs. */
  public String escaped() {
    return ModulePath.escape(path) + "@" + ModulePath.escapeVersion(version);
  }

  /** {@code path@version}. */
  @Override
  public String toString() {
    return path + "@" + version;
  }

  @Override
  public int compareTo(ModuleVersion o) {
    int c = comparePaths(path, o.path);
    if (c != 0) {
      return c;
    }
    return compareVersions(version, o.version);
  }

  /** Sorts {@code list} in place by the natural order ({@code module.Sort}). */
  public static void sort(List<ModuleVersion> list) {
    list.sort(null);
  }

  /** Compares strings by code point, which is the byte order of their UTF-8 forms (Go's). */
  static int comparePaths(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean sx = Character.isSurrogate(x);
        boolean sy = Character.isSurrogate(y);
        if (sx != sy) {
          return sx ? +1 : -1; // a surrogate pair encodes a code point above every BMP one
        }
        return x < y ? -1 : +1;
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /** Semver order of the part before any {@code /}, then string order, then the file suffix. */
  static int compareVersions(String vi, String vj) {
    int ki = vi.indexOf('/');
    int kj = vj.indexOf('/');
    String si = ki >= 0 ? vi.substring(0, ki) : vi;
    String sj = kj >= 0 ? vj.substring(0, kj) : vj;
    if (!si.equals(sj)) {
      int c = Semver.compare(si, sj);
      return c != 0 ? c : Integer.signum(comparePaths(si, sj));
    }
    String fi = ki >= 0 ? vi.substring(ki) : "";
    String fj = kj >= 0 ? vj.substring(kj) : "";
    return Integer.signum(comparePaths(fi, fj));
  }
}
