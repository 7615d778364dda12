package dev.gofer.mod.buildinfo;

/**
 * The file is an executable format gofer reads (ELF) but holds no Go build information: it was
 * not linked by Go, or its build info blob is truncated or damaged. Go's {@code not a Go
 * executable}.
 */
public final class NotGoBinaryException extends BuildInfoException {
  private static final long serialVersionUID = 1L;

  static final String REASON = "not a Go executable";

  NotGoBinaryException() {
    super(REASON, REASON, null);
  }

  private NotGoBinaryException(String file) {
    super(fromFile(file, REASON), REASON, null);
  }

  @Override
  NotGoBinaryException from(String file) {
    return new NotGoBinaryException(file);
  }
}
