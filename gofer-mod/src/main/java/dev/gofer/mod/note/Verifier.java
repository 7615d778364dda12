package dev.gofer.mod.note;

/**
 * Verifies signatures by one key of a named server (Go's {@code note.Verifier}).
 *
 * <p>{@link #parse} reads Go's verifier key text {@code <name>+<hash>+<base64(0x01 || 32-byte
 * Ed25519 public key)>}, the form in {@code GOSUMDB}, for example {@code
 * sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8}.
 */
public interface Verifier {
  /** The server name of the key, such as {@code sum.golang.org}. */
  String name();

  /** The key hash: the first four bytes, big-endian, of SHA-256(name || "\n" || key data). */
  int keyHash();

  /** Whether {@code sig} is a valid signature of {@code msg} by this key. */
  boolean verify(byte[] msg, byte[] sig);

  /**
   * Parses a verifier key (Go's {@code note.NewVerifier}).
   *
   * @throws NoteException {@code malformed verifier id} if the name, the 8-digit hex hash or the
   *     base64 key data is malformed or an Ed25519 key is not 32 bytes; {@code invalid verifier
   *     hash} if the hash does not match; {@code unknown verifier algorithm} if the first key byte
   *     is not 1 (Ed25519)
   */
  static Verifier parse(String vkey) {
    return Keys.parseVerifier(vkey);
  }
}
