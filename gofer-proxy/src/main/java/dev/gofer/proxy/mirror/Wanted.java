package dev.gofer.proxy.mirror;

import dev.gofer.mod.ModException;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.semver.Semver;
import java.util.Objects;

/**
 * A module version to have in a store, and whether its zip is needed: a go.sum line with a
 * {@code /go.mod} suffix alone names only the {@code .mod} (the go command needs nothing more of a
 * version that is part of the module graph but not built).
 *
 * @param module the module path
 * @param version a canonical version that fits the path
 * @param zip whether the {@code .zip} is needed too
 */
public record Wanted(String module, String version, boolean zip) {

  /**
   * Checks the path and version.
   *
   * @throws IllegalArgumentException if the path is invalid, the version is not canonical, or it
   *     does not fit the path's major version suffix
   */
  public Wanted {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(version, "version");
    check(module, version);
  }

  /** {@code module@version}. */
  public String key() {
    return module + "@" + version;
  }

  /** This version, needing the zip if either does. */
  Wanted merge(Wanted other) {
    return zip || !other.zip ? this : other;
  }

  static void check(String module, String version) {
    try {
      ModulePath.check(module);
    } catch (ModException e) {
      throw new IllegalArgumentException("malformed module path " + quote(module) + ": " + e.getMessage(), e);
    }
    if (!Semver.isValid(version) || !version.equals(Semver.canonicalModuleVersion(version))) {
      throw new IllegalArgumentException(module + "@" + version + ": not a canonical version (mirror needs exact versions, not queries)");
    }
    try {
      ModulePath.checkPathVersion(module, version);
    } catch (ModException e) {
      throw new IllegalArgumentException(module + "@" + version + ": " + e.getMessage(), e);
    }
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
