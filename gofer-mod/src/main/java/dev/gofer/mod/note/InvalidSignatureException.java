package dev.gofer.mod.note;

/**
 * A known key's signature on a note does not verify ({@code invalid signature for key
 * <name>+<hash>}). This is fatal for the whole note, unlike a signature by an unknown key.
 */
public final class InvalidSignatureException extends NoteException {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final int keyHash;

  InvalidSignatureException(String name, int keyHash) {
    super("invalid signature for key " + keyId(name, keyHash));
    this.name = name;
    this.keyHash = keyHash;
  }

  public String name() {
    return name;
  }

  public int keyHash() {
    return keyHash;
  }
}
