package dev.gofer.mod.gover;

import dev.gofer.mod.internal.GoQuote;
import dev.gofer.mod.module.ModuleVersion;
import dev.gofer.mod.semver.Semver;
import java.util.Comparator;
import java.util.List;

/**
 * Go toolchain and language versions such as {@code 1.21.0}, {@code 1.21rc1} and {@code 1.21},
 * written without the {@code go} prefix (Go's {@code internal/gover} and {@code
 * cmd/go/internal/gover}). Go does not use semver for itself.
 *
 * <p>Grammar: {@code major[.minor[.patch]][kind[pre]]}, numbers in decimal without leading zeros
 * (of any length: they are compared as decimal strings), kind a run of lower-case letters
 * ({@code alpha}, {@code beta}, {@code rc}). {@code 1} means {@code 1.0.0}; before 1.21 a missing
 * patch means {@code .0} ({@code 1.20 == 1.20.0}), from 1.21 on {@code 1.21} is the language
 * version, which sorts before its pre-releases and releases: {@code 1.21 < 1.21rc1 < 1.21.0}.
 * A pre-release after a patch ({@code 1.9.2rc2 < 1.9.2}) is accepted, as by the newest Go
 * sources; Go 1.26 still rejects it.
 *
 * <p>Like Go, the query functions never throw: malformed versions are invalid, compare equal to
 * each other and below every valid version. {@link #parse} is the throwing form.
 */
public final class Gover {
  /**
   * The total order of {@link #sort}: {@link #compare}, ties between different spellings ({@code
   * 1.20} and {@code 1.20.0}, or two malformed strings) broken by string order.
   */
  public static final Comparator<String> ORDER =
      (x, y) -> {
        int c = compare(x, y);
        return c != 0 ? c : Integer.signum(x.compareTo(y));
      };

  /**
   * {@code gover.ModSort}'s order: {@code module.Sort}, except that the versions of the {@code go}
   * and {@code toolchain} pseudo-modules compare as Go versions ({@link #modCompare}). Ties
   * between different spellings are broken by string order, so the order is total.
   */
  public static final Comparator<ModuleVersion> MOD_ORDER = Gover::modOrder;

  private Gover() {}

  /**
   * A parsed version. {@code minor} and {@code patch} are filled in as described in the class
   * comment ({@code patch} stays {@code ""} for a language version); {@code kind} and {@code pre}
   * are {@code ""} for a release.
   */
  public record Version(String major, String minor, String patch, String kind, String pre) {}

  /**
   * Parses {@code x}.
   *
   * @throws GoverException {@code malformed Go version "…"}
   */
  public static Version parse(String x) {
    Version v = parseOrNull(x);
    if (v == null) {
      throw new GoverException("malformed Go version " + GoQuote.quote(x == null ? "" : x));
    }
    return v;
  }

  /** Whether {@code x} is a valid Go version. */
  public static boolean isValid(String x) {
    return parseOrNull(x) != null;
  }

  /**
   * Compares two Go versions: -1, 0 or +1. Major, minor, patch numerically (a missing patch
   * before {@code 0}); then kind by string ({@code "" < alpha < beta < rc}), except that after a
   * patch number the release sorts after its pre-releases; then the pre-release number.
   */
  public static int compare(String x, String y) {
    Version vx = parseOrZero(x);
    Version vy = parseOrZero(y);
    int c = cmpInt(vx.major, vy.major);
    if (c != 0) {
      return c;
    }
    c = cmpInt(vx.minor, vy.minor);
    if (c != 0) {
      return c;
    }
    c = cmpInt(vx.patch, vy.patch);
    if (c != 0) {
      return c;
    }
    c = vx.kind.compareTo(vy.kind);
    if (c != 0) {
      if (!vx.patch.isEmpty()) {
        if (vx.kind.isEmpty()) {
          return +1;
        }
        if (vy.kind.isEmpty()) {
          return -1;
        }
      }
      return Integer.signum(c);
    }
    return cmpInt(vx.pre, vy.pre);
  }

  /** The larger of {@code x} and {@code y}; {@code x} when they compare equal. */
  public static String max(String x, String y) {
    return compare(x, y) < 0 ? y : x;
  }

  /** Sorts {@code list} in place by {@link #ORDER}. */
  public static void sort(List<String> list) {
    list.sort(ORDER);
  }

  /**
   * Whether {@code x} is a language version rather than a release: valid, with no patch and no
   * pre-release. {@code 1.21} and {@code 1.22} are; {@code 1.20}, {@code 1.2}, {@code 1} and
   * {@code 1.21.0} are not.
   */
  public static boolean isLang(String x) {
    Version v = parseOrNull(x);
    return v != null && v.patch.isEmpty() && v.kind.isEmpty() && v.pre.isEmpty();
  }

  /**
   * The language version of {@code x}: {@code 1.21.3} and {@code 1.21rc2} give {@code 1.21},
   * {@code 1} and {@code 1.0} give {@code 1}; {@code ""} for a malformed version.
   */
  public static String lang(String x) {
    Version v = parseOrZero(x);
    if (v.minor.isEmpty() || (v.major.equals("1") && v.minor.equals("0"))) {
      return v.major;
    }
    return v.major + "." + v.minor;
  }

  /** Whether {@code x} is a pre-release ({@code 1.21rc1}, {@code 1.18beta2}). */
  public static boolean isPrerelease(String x) {
    return !parseOrZero(x).kind.isEmpty();
  }

  // ---- toolchain names

  /**
   * The Go version of a toolchain name ({@code FromToolchain}): the name must start with {@code
   * go}; whatever follows the version after a {@code -}, space or tab is dropped; the rest must
   * be a valid version. {@code go1.21.0-bigcorp} gives {@code 1.21.0}; {@code 1.21.0}, {@code
   * go1.2.3+bigcorp} and {@code gccgo-go1.23rc4} give {@code ""}.
   */
  public static String fromToolchain(String name) {
    if (name == null || !name.startsWith("go")) {
      return "";
    }
    String v = name.substring(2);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == ' ' || c == '\t' || c == '-') {
        v = v.substring(0, i);
        break;
      }
    }
    return isValid(v) ? v : "";
  }

  /** The standard toolchain name of a Go version: {@code go} + {@code version}. */
  public static String toolchainName(String version) {
    return "go" + version;
  }

  /**
   * Whether {@code name} is a standard toolchain name, one that go.dev releases use: {@code go}
   * and a version that is a release or pre-release, not a language version, with no suffix.
   * {@code go1.21.0}, {@code go1.21rc1} and {@code go1.20} are; {@code go1.21} (a language
   * version) and {@code go1.21.0-bigcorp} (custom) are not.
   */
  public static boolean isStandardToolchain(String name) {
    String v = fromToolchain(name);
    return !v.isEmpty() && name.length() == v.length() + 2 && !isLang(v);
  }

  // ---- the go and toolchain pseudo-modules of go.mod requirements

  /**
   * Whether {@code path} is one of the pseudo-modules {@code go} and {@code toolchain} that stand
   * for the go.mod {@code go} and {@code toolchain} lines ({@code IsToolchain}); not the real
   * module {@code golang.org/toolchain}.
   */
  public static boolean isToolchainModule(String path) {
    return "go".equals(path) || "toolchain".equals(path);
  }

  /**
   * Compares versions of the module {@code path} ({@code ModCompare}): Go versions for {@code go},
   * toolchain names or Go versions for {@code toolchain}, semantic versions for other modules.
   */
  public static int modCompare(String path, String x, String y) {
    if ("go".equals(path)) {
      return compare(x, y);
    }
    if ("toolchain".equals(path)) {
      return compare(maybeToolchainVersion(x), maybeToolchainVersion(y));
    }
    return Semver.compare(x, y);
  }

  /**
   * Whether {@code v} is valid version syntax for the module {@code path} ({@code ModIsValid}): a
   * Go version for {@code go}, a toolchain name ({@code go1.21.0}) for {@code toolchain}, a
   * semantic version otherwise.
   */
  public static boolean modIsValid(String path, String v) {
    if ("go".equals(path)) {
      return isValid(v);
    }
    if ("toolchain".equals(path)) {
      return isValid(fromToolchain(v));
    }
    return Semver.isValid(v);
  }

  /** Whether {@code v} is a pre-release for the module {@code path} ({@code ModIsPrerelease}). */
  public static boolean modIsPrerelease(String path, String v) {
    if (isToolchainModule(path)) {
      return isPrerelease(v);
    }
    return !Semver.prerelease(v).isEmpty();
  }

  /**
   * The {@code major.minor} truncation of {@code v} for the module {@code path}, the prefix of
   * {@code @patch} queries ({@code ModMajorMinor}).
   */
  public static String modMajorMinor(String path, String v) {
    if ("toolchain".equals(path)) {
      return "go" + lang(fromToolchain(v));
    }
    if ("go".equals(path)) {
      return lang(v);
    }
    return Semver.majorMinor(v);
  }

  /** Sorts {@code list} in place by {@link #MOD_ORDER} ({@code ModSort}). */
  public static void modSort(List<ModuleVersion> list) {
    list.sort(MOD_ORDER);
  }

  private static int modOrder(ModuleVersion a, ModuleVersion b) {
    if (!a.path().equals(b.path())) {
      return a.compareTo(b); // differs in path: the path order decides
    }
    String vi = a.version();
    String vj = b.version();
    int ki = vi.indexOf('/');
    int kj = vj.indexOf('/');
    String si = ki >= 0 ? vi.substring(0, ki) : vi;
    String sj = kj >= 0 ? vj.substring(0, kj) : vj;
    if (!si.equals(sj)) {
      int c = modCompare(a.path(), si, sj);
      return c != 0 ? c : Integer.signum(si.compareTo(sj));
    }
    String fi = ki >= 0 ? vi.substring(ki) : "";
    String fj = kj >= 0 ? vj.substring(kj) : "";
    return Integer.signum(fi.compareTo(fj));
  }

  private static String maybeToolchainVersion(String name) {
    return isValid(name) ? name : fromToolchain(name);
  }

  // ---- parsing

  private static final Version ZERO = new Version("", "", "", "", "");

  private static Version parseOrZero(String x) {
    Version v = parseOrNull(x);
    return v == null ? ZERO : v;
  }

  /** Parses {@code x}, or returns null if it is malformed. */
  static Version parseOrNull(String x) {
    if (x == null) {
      return null;
    }
    int n = x.length();
    int e = endOfInt(x, 0);
    if (e < 0) {
      return null;
    }
    String major = x.substring(0, e);
    if (e == n) {
      return new Version(major, "0", "0", "", "");
    }
    if (x.charAt(e) != '.') {
      return null;
    }
    int i = e + 1;
    e = endOfInt(x, i);
    if (e < 0) {
      return null;
    }
    String minor = x.substring(i, e);
    if (e == n) {
      String patch = cmpInt(minor, "21") < 0 ? "0" : "";
      return new Version(major, minor, patch, "", "");
    }
    String patch = "";
    if (x.charAt(e) == '.') {
      i = e + 1;
      e = endOfInt(x, i);
      if (e < 0) {
        return null;
      }
      patch = x.substring(i, e);
      if (e == n) {
        return new Version(major, minor, patch, "", "");
      }
    }
    // kind, then an optional pre-release number
    i = e;
    while (i < n && !isDigit(x.charAt(i))) {
      char c = x.charAt(i);
      if (c < 'a' || c > 'z') {
        return null;
      }
      i++;
    }
    if (i == e) {
      return null;
    }
    String kind = x.substring(e, i);
    if (i == n) {
      return new Version(major, minor, patch, kind, "");
    }
    int end = endOfInt(x, i);
    if (end != n) {
      return null;
    }
    return new Version(major, minor, patch, kind, x.substring(i, end));
  }

  /** The end of the decimal at {@code from}, or -1 if there is none or it has a leading zero. */
  private static int endOfInt(String x, int from) {
    int i = from;
    while (i < x.length() && isDigit(x.charAt(i))) {
      i++;
    }
    if (i == from || (x.charAt(from) == '0' && i != from + 1)) {
      return -1;
    }
    return i;
  }

  /** Decimal strings without leading zeros ({@code ""} is the smallest): shorter is smaller, then digit by digit. */
  static int cmpInt(String x, String y) {
    if (x.equals(y)) {
      return 0;
    }
    if (x.length() != y.length()) {
      return x.length() < y.length() ? -1 : +1;
    }
    return x.compareTo(y) < 0 ? -1 : +1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
