package dev.gofer.mod.note;

/**
 * No known verifier has this name and key hash ({@code unknown key <name>+<hash>}). {@link
 * Note#open} records such signatures as unverified rather than failing.
 */
public final class UnknownVerifierException extends NoteException {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final int keyHash;

  public UnknownVerifierException(String name, int keyHash) {
    super("unknown key " + keyId(name, keyHash));
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
