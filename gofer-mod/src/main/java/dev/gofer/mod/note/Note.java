package dev.gofer.mod.note;

import dev.gofer.mod.internal.GoBase64;
import dev.gofer.mod.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A signed note: a text and its signatures (Go's {@code golang.org/x/mod/sumdb/note}). The
 * checksum database signs its tree heads as notes.
 *
 * <p>Encoded, a note is its text (ending in a newline), a blank line, and one or more signature
 * lines {@code — <name> <base64(4-byte key hash || signature)>} (an em dash, U+2014, and a space
 * first). The whole message is UTF-8 without ASCII control characters other than newline. A
 * signature covers the text including its final newline, but not the blank line.
 *
 * @param text the signed text, ending in a newline
 * @param sigs the signatures verified by a known key
 * @param unverifiedSigs the signatures by keys not known to the reader
 */
public record Note(String text, List<Signature> sigs, List<Signature> unverifiedSigs) {
  /** Notes with more signatures are rejected rather than parsed at length. */
  public static final int MAX_SIGNATURES = 100;

  private static final byte[] SIG_PREFIX = "— ".getBytes(StandardCharsets.UTF_8);

  public Note {
    Objects.requireNonNull(text, "text");
    sigs = List.copyOf(sigs);
    unverifiedSigs = List.copyOf(unverifiedSigs);
  }

  /** An unsigned note with this text, to be signed with {@link #sign}. */
  public static Note of(String text) {
    return new Note(text, List.of(), List.of());
  }

  /**
   * Parses a signed note and checks its signatures against the known verifiers (Go's {@code
   * note.Open}).
   *
   * <p>A signature by an unknown key is kept as unverified; repeated identical unverified lines
   * are dropped, and a second signature by an already verified key is skipped unchecked. A
   * signature by a known key that does not verify fails the whole note.
   *
   * @throws NoteException {@code malformed note} for bad UTF-8, a control character, a missing
   *     blank line or signature block, a bad signature line, or more than 100 signatures
   * @throws InvalidSignatureException if a known key's signature does not verify
   * @throws UnverifiedNoteException if no signature is by a known key (the parsed note is
   *     attached)
   * @throws NoteException {@code ambiguous key ...} or {@code verifier name or hash doesn't match
   *     signature} if {@code known} misbehaves
   */
  public static Note open(byte[] msg, Verifiers known) {
    Objects.requireNonNull(known, "known");
    // Valid UTF-8, no control characters but newline.
    for (int i = 0; i < msg.length; ) {
      int c = msg[i] & 0xff;
      if (c < 0x80) {
        if (c < 0x20 && c != '\n') {
          throw malformed();
        }
        i++;
      } else {
        int n = Utf8.runeLength(msg, i, msg.length);
        if (n == 0) {
          throw malformed();
        }
        i += n;
      }
    }

    // The signature block follows the last blank line.
    int split = lastBlankLine(msg);
    if (split < 0) {
      throw malformed();
    }
    int textEnd = split + 1;
    int sigsStart = split + 2;
    if (sigsStart >= msg.length || msg[msg.length - 1] != '\n') {
      throw malformed();
    }
    byte[] text = java.util.Arrays.copyOf(msg, textEnd);

    List<Signature> verified = new ArrayList<>();
    List<Signature> unverified = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> seenUnverified = new HashSet<>();
    int numSig = 0;
    for (int start = sigsStart; start < msg.length; ) {
      int end = start;
      while (msg[end] != '\n') {
        end++; // the block ends in '\n', so this stops
      }
      int lineStart = start;
      start = end + 1;

      if (end - lineStart < SIG_PREFIX.length
          || !java.util.Arrays.equals(msg, lineStart, lineStart + SIG_PREFIX.length, SIG_PREFIX, 0, SIG_PREFIX.length)) {
        throw malformed();
      }
      String line = new String(msg, lineStart + SIG_PREFIX.length, end - lineStart - SIG_PREFIX.length, StandardCharsets.UTF_8);
      int space = line.indexOf(' ');
      String name = space < 0 ? line : line.substring(0, space);
      String b64 = space < 0 ? "" : line.substring(space + 1);
      byte[] sig = GoBase64.decode(b64);
      if (sig == null || !Names.isValid(name) || b64.isEmpty() || sig.length < 5) {
        throw malformed();
      }
      int hash = (sig[0] & 0xff) << 24 | (sig[1] & 0xff) << 16 | (sig[2] & 0xff) << 8 | (sig[3] & 0xff);

      if (++numSig > MAX_SIGNATURES) {
        throw malformed(); // do not spend long on a note with many signatures
      }

      Verifier v;
      try {
        v = known.verifier(name, hash);
      } catch (UnknownVerifierException e) {
        if (seenUnverified.add(line)) {
          unverified.add(new Signature(name, hash, b64));
        }
        continue;
      }
      if (!v.name().equals(name) || v.keyHash() != hash) {
        throw new NoteException("verifier name or hash doesn't match signature");
      }
      if (!seen.add(NoteException.keyId(name, hash))) {
        continue; // one verified signature per key is enough
      }
      if (!v.verify(text, java.util.Arrays.copyOfRange(sig, 4, sig.length))) {
        throw new InvalidSignatureException(name, hash);
      }
      verified.add(new Signature(name, hash, b64));
    }

    Note n = new Note(new String(text, StandardCharsets.UTF_8), verified, unverified);
    if (verified.isEmpty()) {
      throw new UnverifiedNoteException(n);
    }
    return n;
  }

  /**
   * Encodes this note signed by {@code signers} (Go's {@code note.Sign}): the text, a blank line,
   * the existing signatures (verified, then unverified) except those by the keys of the new
   * signers, then one new signature per signer.
   *
   * @throws NoteException {@code malformed note} if the text does not end in a newline or an
   *     existing signature has an invalid name or a key hash that disagrees with its base64;
   *     {@code invalid signer} if a signer's name is invalid
   */
  public byte[] sign(Signer... signers) {
    if (!text.endsWith("\n")) {
      throw malformed();
    }
    byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
    Set<String> replaced = new HashSet<>();
    StringBuilder newSigs = new StringBuilder();
    for (Signer s : signers) {
      String name = s.name();
      int hash = s.keyHash();
      replaced.add(NoteException.keyId(name, hash));
      if (!Names.isValid(name)) {
        throw new NoteException("invalid signer");
      }
      byte[] sig = s.sign(textBytes);
      byte[] withHash = new byte[4 + sig.length];
      withHash[0] = (byte) (hash >>> 24);
      withHash[1] = (byte) (hash >>> 16);
      withHash[2] = (byte) (hash >>> 8);
      withHash[3] = (byte) hash;
      System.arraycopy(sig, 0, withHash, 4, sig.length);
      newSigs.append("— ").append(name).append(' ').append(Base64.getEncoder().encodeToString(withHash)).append('\n');
    }

    StringBuilder out = new StringBuilder(text).append('\n');
    for (List<Signature> list : List.of(sigs, unverifiedSigs)) {
      for (Signature sig : list) {
        if (!Names.isValid(sig.name())) {
          throw malformed();
        }
        if (replaced.contains(sig.keyId())) {
          continue;
        }
        byte[] raw = GoBase64.decode(sig.base64());
        if (raw == null || raw.length < 4
            || ((raw[0] & 0xff) << 24 | (raw[1] & 0xff) << 16 | (raw[2] & 0xff) << 8 | (raw[3] & 0xff)) != sig.keyHash()) {
          throw malformed();
        }
        out.append("— ").append(sig.name()).append(' ').append(sig.base64()).append('\n');
      }
    }
    out.append(newSigs);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int lastBlankLine(byte[] msg) {
    for (int i = msg.length - 2; i >= 0; i--) {
      if (msg[i] == '\n' && msg[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static NoteException malformed() {
    return new NoteException("malformed note");
  }
}
