package dev.gofer.mod.goproxy;

import java.util.Optional;

/**
 * Where a version came from, as a proxy may report it in {@code .info} (cmd/go's
 * {@code codehost.Origin}). Every field is optional; absent fields are {@code ""}, as in Go. The
 * information is not authenticated.
 *
 * @param vcs the version control system, for example {@code git}
 * @param url the repository URL
 * @param subdir the module's directory inside the repository
 * @param hash the commit hash
 * @param tagPrefix the tag prefix for a module in a subdirectory
 * @param tagSum a hash of the tags the version was chosen from
 * @param ref the reference the version was resolved from, for example {@code refs/tags/v1.2.3}
 * @param repoSum a hash of the whole repository's state
 */
public record Origin(
    String vcs,
    String url,
    String subdir,
    String hash,
    String tagPrefix,
    String tagSum,
    String ref,
    String repoSum) {

  /** Rejects null fields; use {@code ""} for an absent one. */
  public Origin {
    for (String f : new String[] {vcs, url, subdir, hash, tagPrefix, tagSum, ref, repoSum}) {
      if (f == null) {
        throw new NullPointerException("Origin fields are never null; use \"\"");
      }
    }
  }

  /** The commit hash, if the proxy reported one. */
  public Optional<String> commit() {
    return hash.isEmpty() ? Optional.empty() : Optional.of(hash);
  }
}
