package dev.gofer.mod.zip;

/**
 * A file that is invalid or omitted, with the rule and Go's reason text ({@code zip.FileError}).
 *
 * @param path the file's path as the check reported it (relative, prefixed, or in a directory)
 * @param rule the rule that applies
 * @param reason Go's text, for example {@code file is in vendor directory}
 */
public record FileError(String path, ZipRule rule, String reason) {
  /** {@code path: reason}, as Go prints it. */
  @Override
  public String toString() {
    return path + ": " + reason;
  }
}
