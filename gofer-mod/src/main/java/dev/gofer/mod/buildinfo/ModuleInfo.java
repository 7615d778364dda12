package dev.gofer.mod.buildinfo;

import java.util.Objects;
import java.util.Optional;

/**
 * One module in a build: the main module or a dependency, as {@code runtime/debug.Module}.
 *
 * @param path the module path, for example {@code golang.org/x/text}
 * @param version the module version, {@code (devel)} for an unversioned main module, or empty
 * @param sum the {@code h1:} checksum of the module zip, or empty (main modules and replaced
 *     modules have none)
 * @param replace the module this one was replaced by ({@code =>} in {@code go version -m}), or
 *     null; a directory replacement has only a path
 */
public record ModuleInfo(String path, String version, String sum, ModuleInfo replace) {

  /** The module with no path, version, sum or replacement (Go's zero {@code Module}). */
  static final ModuleInfo EMPTY = new ModuleInfo("", "", "", null);

  public ModuleInfo {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sum, "sum");
  }

  /** A module that is not replaced. */
  public static ModuleInfo of(String path, String version, String sum) {
    return new ModuleInfo(path, version, sum, null);
  }

  /** This module, replaced by {@code replacement}. */
  public ModuleInfo replacedBy(ModuleInfo replacement) {
    return new ModuleInfo(path, version, sum, Objects.requireNonNull(replacement, "replacement"));
  }

  /** The replacement, if this module is replaced. */
  public Optional<ModuleInfo> replacement() {
    return Optional.ofNullable(replace);
  }

  /**
   * The module whose code was actually built: the replacement if there is one, else this
   * module. For a checksum audit, that is the path, version and sum to look up.
   */
  public ModuleInfo effective() {
    return replace == null ? this : replace;
  }

  /** Whether every field is empty, as the main module of a binary built outside module mode. */
  public boolean isEmpty() {
    return equals(EMPTY);
  }
}
