package dev.gofer.mod.goproxy;

/**
 * The proxy does not have what was asked for: HTTP 404 or 410, a missing file under a
 * {@code file://} proxy, a module with no usable versions, or {@code GOPROXY=off}. After this error
 * a {@code ,}-separated list tries its next entry (cmd/go's {@code fs.ErrNotExist}).
 */
public final class NotFoundException extends ProxyException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  NotFoundException(String message, int statusCode) {
    super(message, null);
    this.statusCode = statusCode;
  }

  /** The HTTP status (404 or 410; 404 for a missing file), or 0 when no request was made. */
  public int statusCode() {
    return statusCode;
  }

  @Override
  public boolean isNotFound() {
    return true;
  }

  @Override
  NotFoundException withPrefix(String prefix) {
    NotFoundException e = new NotFoundException(prefix + getMessage(), statusCode);
    e.setStackTrace(getStackTrace());
    return e;
  }
}
