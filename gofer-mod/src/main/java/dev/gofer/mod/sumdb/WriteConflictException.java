package dev.gofer.mod.sumdb;

/**
 * A compare-and-swap of a configuration file lost: the stored bytes were not the expected old
 * bytes (Go's {@code sumdb.ErrWriteConflict}, {@code write conflict}). The client re-reads,
 * merges and tries again.
 */
public final class WriteConflictException extends SumdbException {
  private static final long serialVersionUID = 1L;

  private final String file;

  public WriteConflictException(String file) {
    super("write conflict");
    this.file = file;
  }

  /** The configuration file whose content changed underfoot. */
  public String file() {
    return file;
  }
}
