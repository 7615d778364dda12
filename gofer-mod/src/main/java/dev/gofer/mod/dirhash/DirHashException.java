package dev.gofer.mod.dirhash;

import dev.gofer.mod.ModException;

/** A file list, zip or directory that cannot be hashed: a name with a newline, a corrupt zip. */
public final class DirHashException extends ModException {
  private static final long serialVersionUID = 1L;

  DirHashException(String message) {
    super(message);
  }

  DirHashException(String message, Throwable cause) {
    super(message, cause);
  }
}
