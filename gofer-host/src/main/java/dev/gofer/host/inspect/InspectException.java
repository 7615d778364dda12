package dev.gofer.host.inspect;

/**
 * A binary could not be inspected: it is missing or unreadable, not ELF, truncated or damaged,
 * or not a Go executable. The message is one line naming the file and what is wrong, for example
 * {@code ./app: not an ELF file (bad magic number)}.
 */
public final class InspectException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InspectException(String message) {
    super(message);
  }

  InspectException(String message, Throwable cause) {
    super(message, cause);
  }
}
