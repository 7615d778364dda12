package dev.gofer.host.audit;

/**
 * The audit could not be carried out: the settings are malformed, or the checksum database could
 * not be reached or did not verify. The message is one line.
 */
public final class AuditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  AuditException(String message) {
    super(message);
  }

  AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
