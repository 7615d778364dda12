package dev.gofer.mod.note;

/**
 * One signature line of a note, verified or not: the key's name and hash and the base64 text of
 * {@code 4-byte big-endian key hash || signature}.
 */
public record Signature(String name, int keyHash, String base64) {
  public Signature {
    java.util.Objects.requireNonNull(name, "name");
    java.util.Objects.requireNonNull(base64, "base64");
  }

  /** {@code <name>+<8 hex digits>}, as in error messages. */
  public String keyId() {
    return NoteException.keyId(name, keyHash);
  }
}
