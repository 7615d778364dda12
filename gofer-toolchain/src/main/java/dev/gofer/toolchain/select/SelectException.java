package dev.gofer.toolchain.select;

/**
 * A toolchain cannot be chosen or run; the message is one line saying what to do.
 *
 * @see Kind
 */
public final class SelectException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the choice failed. */
  public enum Kind {
    /** A version string given on the command line is not a Go toolchain version. */
    BAD_VERSION,
    /** A version file ({@code .go-version}, go.mod, ...) holds something that is not a version. */
    BAD_FILE,
    /** The chosen toolchain is not installed. */
    NOT_INSTALLED,
    /** Nothing chose a toolchain and there is no go on PATH. */
    NO_GO,
  }

  private final Kind kind;

  SelectException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
