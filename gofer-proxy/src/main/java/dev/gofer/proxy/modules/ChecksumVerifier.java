package dev.gofer.proxy.modules;

import java.util.List;

/**
 * Answers, from a verified checksum-database lookup, the go.sum lines of a module version: the
 * zip line {@code "<path> <version> h1:..."} and the go.mod line {@code "<path> <version>/go.mod
 * h1:..."}. Implemented by the checksum-database mirror, which verifies the lookup through tiles
 * exactly as the go command does before answering.
 */
public interface ChecksumVerifier {

  /**
   * The verified go.sum lines for {@code module@version}.
   *
   * @throws NotInChecksumDatabaseException when the database does not have (and cannot get) the
   *     version: a 404/410 answer
   * @throws ChecksumDatabaseException when the database could not be asked, or its answer did
   *     not verify (a fork, a lying tile, a bad signature)
   */
  List<String> goSumLines(String module, String version);

  /** The database could not answer, or its answer did not verify. */
  class ChecksumDatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChecksumDatabaseException(String message, Throwable cause) {
      super(message, cause);
    }

    public ChecksumDatabaseException(String message) {
      super(message);
    }
  }

  /** The database has no record of the version. */
  final class NotInChecksumDatabaseException extends ChecksumDatabaseException {
    private static final long serialVersionUID = 1L;

    public NotInChecksumDatabaseException(String message) {
      super(message);
    }
  }
}
