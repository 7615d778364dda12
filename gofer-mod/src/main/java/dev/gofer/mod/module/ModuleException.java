package dev.gofer.mod.module;

import dev.gofer.mod.ModException;

/**
 * A module path, version or {@code path@version} that the module rules reject (Go's {@code
 * module.ModuleError} and the plain errors of package {@code module}). {@link
 * InvalidPathException} is the subclass for paths that break the naming rules; a version that
 * does not fit its path carries the {@link dev.gofer.mod.semver.InvalidVersionException} as its
 * cause.
 */
public class ModuleException extends ModException {
  private static final long serialVersionUID = 1L;

  public ModuleException(String message) {
    super(message);
  }

  public ModuleException(String message, Throwable cause) {
    super(message, cause);
  }
}
