package dev.gofer.toolchain.install;

/**
 * A toolchain operation failed for a reason the user can act on; the message is one line. {@link
 * #isUsage()} is true when the request itself is wrong (a malformed version), not the world.
 */
public final class InstallException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean usage;

  InstallException(String message) {
    this(message, false, null);
  }

  InstallException(String message, Throwable cause) {
    this(message, false, cause);
  }

  private InstallException(String message, boolean usage, Throwable cause) {
    super(message, cause);
    this.usage = usage;
  }

  static InstallException usage(String message) {
    return new InstallException(message, true, null);
  }

  /** True for a malformed request (exit code 2), false for a failure (exit code 3). */
  public boolean isUsage() {
    return usage;
  }
}
