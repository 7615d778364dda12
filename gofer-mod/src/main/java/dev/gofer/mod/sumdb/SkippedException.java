package dev.gofer.mod.sumdb;

/**
 * The module path matches a {@code GONOSUMDB} pattern, so the checksum database is not consulted
 * for it (Go's {@code sumdb.ErrGONOSUMDB}, {@code skipped (listed in GONOSUMDB)}).
 */
public final class SkippedException extends SumdbException {
  private static final long serialVersionUID = 1L;

  SkippedException() {
    super("skipped (listed in GONOSUMDB)");
  }
}
