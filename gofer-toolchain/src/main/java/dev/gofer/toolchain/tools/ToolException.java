package dev.gofer.toolchain.tools;

/** A tool could not be chosen, built or granted; the message is one line for the user. */
public final class ToolException extends Exception {
  private final boolean usage;

  ToolException(String message, boolean usage) {
    super(message);
    this.usage = usage;
  }

  static ToolException usage(String message) {
    return new ToolException(message, true);
  }

  static ToolException runtime(String message) {
    return new ToolException(message, false);
  }

  /** Whether the command line was at fault (exit 2) rather than the world (exit 3). */
  public boolean isUsage() {
    return usage;
  }
}
