package dev.gofer.mod.tlog;

import dev.gofer.mod.ModException;

/**
 * A transparency-log error: malformed tree head text, record data, tile path or hash, a proof
 * that does not verify, or tiles that do not authenticate against a trusted tree. The message
 * uses the wording of {@code golang.org/x/mod/sumdb/tlog}, for example {@code malformed tree
 * note} or {@code downloaded inconsistent tile}.
 */
public class TlogException extends ModException {
  private static final long serialVersionUID = 1L;

  public TlogException(String message) {
    super(message);
  }
}
