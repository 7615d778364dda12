package dev.gofer.mod.buildinfo;

import java.io.IOException;

/**
 * The file could not be opened or read (missing, no permission, an I/O error). The cause is the
 * {@link IOException}; the message reads like Go's, for example {@code could not read Go build
 * info: open ./app: no such file or directory}.
 */
public final class BuildInfoIOException extends BuildInfoException {
  private static final long serialVersionUID = 1L;

  BuildInfoIOException(String message, String reason, IOException cause) {
    super(message, reason, cause);
  }

  @Override
  BuildInfoIOException from(String file) {
    return this;
  }
}
