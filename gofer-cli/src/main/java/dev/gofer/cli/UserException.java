package dev.gofer.cli;

/**
 * An error the user can act on: its message is printed as one line, and the command exits with
 * its exit code.
 */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserException(String message) {
    this(message, Gofer.EXIT_RUNTIME);
  }

  public int exitCode() {
    return exitCode;
  }
}
