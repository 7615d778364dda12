package dev.gofer.mod.sumdb;

import dev.gofer.mod.tlog.Hash;
import java.util.List;

/**
 * Proof that a checksum database server misbehaved: two heads it signed that cannot both be true,
 * because the older tree is not a prefix of the newer one (Go's {@code sumdb.ErrSecurity}, {@code
 * security error: misbehaving server}). The exception carries the whole self-contained evidence:
 * both signed heads, the older tree's hash as recomputed from the newer tree's authenticated
 * tiles, and the RFC 6962 consistency proof of that hash in the newer tree. {@link #report()} is
 * the text the go command prints ({@code SECURITY ERROR ...}).
 */
public final class ForkException extends SumdbException {
  private static final long serialVersionUID = 1L;

  private final transient SignedTree older;
  private final transient SignedTree newer;
  private final transient Hash olderHashInNewer;
  private final transient List<Hash> proof;
  private final String report;

  ForkException(
      String message,
      SignedTree older,
      SignedTree newer,
      Hash olderHashInNewer,
      List<Hash> proof,
      String report) {
    super(message);
    this.older = older;
    this.newer = newer;
    this.olderHashInNewer = olderHashInNewer;
    this.proof = List.copyOf(proof);
    this.report = report;
  }

  /** The same evidence with {@code prefix} (such as {@code path@version: }) before the message. */
  ForkException withPrefix(String prefix) {
    ForkException e =
        new ForkException(prefix + getMessage(), older, newer, olderHashInNewer, proof, report);
    e.initCause(this);
    return e;
  }

  /** The signed head with the smaller (or equal) size. */
  public SignedTree older() {
    return older;
  }

  /** The signed head with the larger (or equal) size, whose tiles were authenticated. */
  public SignedTree newer() {
    return newer;
  }

  /** The hash of the older tree's size as the newer tree has it; differs from the older hash. */
  public Hash olderHashInNewer() {
    return olderHashInNewer;
  }

  /** The consistency proof from {@link #olderHashInNewer()} to the newer tree's hash. */
  public List<Hash> proof() {
    return proof;
  }

  /** The security report, exactly as the go command prints it. */
  public String report() {
    return report;
  }
}
