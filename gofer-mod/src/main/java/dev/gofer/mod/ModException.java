package dev.gofer.mod;

/**
 * The base of every error gofer-mod raises for malformed or untrustworthy input: a bad module
 * path, version, escape, note, key, tile path, go.mod, zip, or a checksum-database answer that
 * does not verify. Its message is one line that says what is wrong, in the words the go command
 * would use where it has them.
 *
 * <p>Each package throws its own subclass, so callers can tell a malformed version from a
 * tampered tile; callers that only need "bad input" catch this type.
 */
public class ModException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModException(String message) {
    super(message);
  }

  public ModException(String message, Throwable cause) {
    super(message, cause);
  }
}
