package dev.gofer.mod.goproxy;

import dev.gofer.mod.ModException;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.semver.Semver;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;

/** The module and semver rules the client needs, in one place. */
final class Mod {
  private static final DateTimeFormatter PSEUDO_TIME =
      DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);

  private Mod() {}

  /** Case-encodes a module path; throws the module package's exception for an invalid path. */
  static String escapePath(String path) {
    return ModulePath.escape(path);
  }

  /** Case-encodes a version or query; throws the semver package's exception if disallowed. */
  static String escapeVersion(String v) {
    return ModulePath.escapeVersion(v);
  }

  static boolean isValid(String v) {
    return Semver.isValid(v);
  }

  /** {@code module.CanonicalVersion}: canonical, keeping {@code +incompatible}; "" if invalid. */
  static String canonical(String v) {
    return Semver.canonicalModuleVersion(v);
  }

  static boolean isCanonical(String v) {
    return !v.isEmpty() && v.equals(canonical(v));
  }

  /** {@code module.Check(path, v) == nil}: v is valid semver and fits the path's major suffix. */
  static boolean fits(String path, String v) {
    try {
      ModulePath.checkPathVersion(path, v);
      return true;
    } catch (ModException e) {
      return false;
    }
  }

  /** Sorts as cmd/go's {@code SortVersions}: semver order, ties by string. */
  static void sort(List<String> versions) {
    Semver.sort(versions);
  }

  /**
   * Whether {@code v} is a pseudo-version ({@code module.IsPseudoVersion}): at least two
   * {@code -}, valid semver, and one of the forms {@code vX.0.0-T-R}, {@code vX.Y.Z-0.T-R},
   * {@code vX.Y.Z-pre.0.T-R} with a 14-digit time T and an alphanumeric revision R.
   */
  static boolean isPseudo(String v) {
    return timestamp(v) != null && isValid(v);
  }

  /** The time in a pseudo-version ({@code module.PseudoVersionTime}), if it is one and valid. */
  static Optional<Instant> pseudoTime(String v) {
    String ts = isValid(v) ? timestamp(v) : null;
    if (ts == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(ts, PSEUDO_TIME).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The 14-digit time of a pseudo-version's shape (semver validity not checked), or null. */
  private static String timestamp(String v) {
    int plus = v.indexOf('+');
    String s = plus < 0 ? v : v.substring(0, plus);
    int dash = s.lastIndexOf('-');
    if (dash < 0 || dash == s.length() - 1 || dash < 15) {
      return null;
    }
    for (int i = dash + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
        return null;
      }
    }
    int tsStart = dash - 14;
    for (int i = tsStart; i < dash; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
    }
    String prefix = s.substring(0, tsStart); // "vX.0.0-" or "vX.Y.Z-[pre.]0."
    int firstDash = prefix.indexOf('-');
    if (firstDash < 0 || !prefix.startsWith("v")) {
      return null;
    }
    String triple = prefix.substring(1, firstDash);
    String pre = prefix.substring(firstDash + 1);
    String[] nums = triple.split("\\.", -1);
    if (nums.length != 3) {
      return null;
    }
    for (String n : nums) {
      if (n.isEmpty() || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
    }
    boolean ok =
        pre.isEmpty()
            ? nums[1].equals("0") && nums[2].equals("0")
            : pre.equals("0.") || (pre.endsWith(".0.") && pre.length() > 3);
    return ok ? s.substring(tsStart, dash) : null;
  }
}
