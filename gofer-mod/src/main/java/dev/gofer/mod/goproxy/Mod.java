package dev.gofer.mod.goproxy;

import dev.gofer.mod.ModException;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.semver.Pseudo;
import dev.gofer.mod.semver.Semver;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The module and semver rules the client needs, in one place. */
final class Mod {
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

  /** {@code module.IsPseudoVersion}. */
  static boolean isPseudo(String v) {
    return Pseudo.isPseudo(v);
  }

  /** {@code module.PseudoVersionTime}, empty where Go returns an error. */
  static Optional<Instant> pseudoTime(String v) {
    try {
      return Optional.of(Pseudo.time(v));
    } catch (ModException e) {
      return Optional.empty();
    }
  }
}
