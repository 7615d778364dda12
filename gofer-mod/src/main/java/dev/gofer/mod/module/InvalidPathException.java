package dev.gofer.mod.module;

/**
 * A module, import or file path that breaks the naming rules, or an escaped path that does not
 * unescape. The message is Go's: {@code malformed module path "x.y/z/v1": invalid version}, or
 * {@code invalid escaped module path "…"} for a bad escape.
 */
public final class InvalidPathException extends ModuleException {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String path;

  InvalidPathException(String kind, String path, String message) {
    super(message);
    this.kind = kind;
    this.path = path;
  }

  /** Which rules were applied: {@code "module"}, {@code "import"} or {@code "file"}. */
  public String kind() {
    return kind;
  }

  /** The rejected path, as given (escaped, for an unescape failure). */
  public String path() {
    return path;
  }
}
