package dev.gofer.mod.buildinfo;

import dev.gofer.mod.ModException;

/**
 * Build information could not be read: the file is not a Go executable, is not an executable
 * format gofer reads, holds module information that does not parse, or could not be read at
 * all. The message is one line in the go command's words, for example {@code could not read Go
 * build info from ./app: not a Go executable}.
 */
public abstract sealed class BuildInfoException extends ModException
    permits NotGoBinaryException,
        UnrecognizedFormatException,
        BuildInfoSyntaxException,
        BuildInfoIOException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  BuildInfoException(String message, String reason, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /**
   * What is wrong, without the file name: Go's error text, such as {@code not a Go executable}
   * or {@code could not parse Go build info: line 3: expected 2 or 3 columns; got 1}.
   */
  public String reason() {
    return reason;
  }

  /** The message {@code debug/buildinfo.ReadFile} gives for {@code reason} about {@code file}. */
  static String fromFile(String file, String reason) {
    return "could not read Go build info from " + file + ": " + reason;
  }

  /** This failure, now naming the file it was read from. */
  abstract BuildInfoException from(String file);
}
