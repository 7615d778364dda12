package dev.gofer.mod.buildinfo;

/**
 * The file is not an ELF executable, or breaks the rules of ELF (bad header, section or program
 * header table out of range, unmapped addresses). Go's {@code unrecognized file format}, which
 * Go also gives for directories, empty files and files too short to identify.
 */
public final class UnrecognizedFormatException extends BuildInfoException {
  private static final long serialVersionUID = 1L;

  static final String REASON = "unrecognized file format";

  private final String detail;

  /**
   * @param detail what exactly broke the format, for debugging; not part of the message, which
   *     stays Go's
   */
  UnrecognizedFormatException(String detail) {
    super(REASON, REASON, null);
    this.detail = detail;
  }

  private UnrecognizedFormatException(String file, String detail) {
    super(fromFile(file, REASON), REASON, null);
    this.detail = detail;
  }

  /** What exactly broke the format, for example {@code invalid ELF shstrndx}. */
  public String detail() {
    return detail;
  }

  @Override
  UnrecognizedFormatException from(String file) {
    return new UnrecognizedFormatException(file, detail);
  }
}
