package dev.gofer.mod.semver;

import dev.gofer.mod.ModException;
import dev.gofer.mod.internal.GoQuote;

/**
 * A version string that is not acceptable where it was used: not a semantic version, not a
 * pseudo-version, or malformed in a part (Go's {@code module.InvalidVersionError}). The message
 * is Go's: {@code version "v1.x" invalid: not a semantic version}, or with {@code
 * pseudo-version} as the noun when the version was meant to be a pseudo-version.
 */
public final class InvalidVersionException extends ModException {
  private static final long serialVersionUID = 1L;

  private final String version;
  private final boolean pseudo;
  private final String reason;

  /**
   * A version error; {@code reason} is the part after {@code invalid: }, such as {@code "not a
   * semantic version"}.
   */
  public InvalidVersionException(String version, boolean pseudo, String reason) {
    super(
        (pseudo ? "pseudo-version " : "version ")
            + GoQuote.quote(version == null ? "" : version)
            + " invalid: "
            + reason);
    this.version = version == null ? "" : version;
    this.pseudo = pseudo;
    this.reason = reason;
  }

  /** The rejected version string, as given. */
  public String version() {
    return version;
  }

  /** Whether the version was meant to be a pseudo-version. */
  public boolean pseudo() {
    return pseudo;
  }

  /** Why it was rejected, without the version (Go's wrapped error). */
  public String reason() {
    return reason;
  }
}
