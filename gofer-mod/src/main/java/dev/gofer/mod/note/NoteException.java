package dev.gofer.mod.note;

import dev.gofer.mod.ModException;

/**
 * A signed-note error: a malformed note or key, an ambiguous or mismatched verifier. Subclasses
 * carry the cases callers act on: {@link UnknownVerifierException}, {@link
 * InvalidSignatureException} and {@link UnverifiedNoteException}. Messages are those of {@code
 * golang.org/x/mod/sumdb/note}, such as {@code malformed note}.
 */
public class NoteException extends ModException {
  private static final long serialVersionUID = 1L;

  public NoteException(String message) {
    super(message);
  }

  NoteException(String message, Throwable cause) {
    super(message, cause);
  }

  static String keyId(String name, int hash) {
    return name + "+" + String.format("%08x", hash);
  }
}
