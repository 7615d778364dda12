package dev.gofer.mod.sumdb;

import dev.gofer.mod.ModException;

/**
 * A checksum-database error: a lookup or tile that does not verify, a remote or storage failure
 * during a lookup, or a log operation that is refused. The message is one line in the words of
 * {@code golang.org/x/mod/sumdb}, for example {@code rsc.io/quote@v1.5.2: checking tree#3 against
 * tree#4: downloaded inconsistent tile}.
 */
public class SumdbException extends ModException {
  private static final long serialVersionUID = 1L;

  public SumdbException(String message) {
    super(message);
  }

  public SumdbException(String message, Throwable cause) {
    super(message, cause);
  }
}
