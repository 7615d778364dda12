package dev.gofer.mod.note;

/**
 * Signs messages with one key of a named server (Go's {@code note.Signer}).
 *
 * <p>{@link #parse} reads Go's signer key text {@code PRIVATE+KEY+<name>+<hash>+<base64(0x01 ||
 * 32-byte Ed25519 seed)>}. Anyone holding that text can sign: keep it secret.
 */
public interface Signer {
  /** The server name of the key. */
  String name();

  /** The key hash of the corresponding public key. */
  int keyHash();

  /** The signature of {@code msg}. */
  byte[] sign(byte[] msg);

  /**
   * Parses a signer key (Go's {@code note.NewSigner}).
   *
   * @throws NoteException {@code malformed verifier id} if it is malformed (Go uses the same
   *     words for signer keys), {@code unknown verifier algorithm} if the first key byte is not 1,
   *     {@code invalid verifier hash} if the hash does not match the derived public key
   */
  static Signer parse(String skey) {
    return Keys.parseSigner(skey);
  }
}
