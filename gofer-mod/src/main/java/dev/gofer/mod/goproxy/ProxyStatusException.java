package dev.gofer.mod.goproxy;

/**
 * The proxy answered with a status other than 200, 404 and 410 (for example 403 from a gatekeeper
 * proxy, or 500), or a {@code file://} proxy could not read a file for lack of permission (403, as
 * cmd/go reports it). A {@code ,}-separated list stops here; a {@code |}-separated one goes on.
 */
public final class ProxyStatusException extends ProxyException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  ProxyStatusException(String message, int statusCode) {
    super(message, null);
    this.statusCode = statusCode;
  }

  /** The HTTP status code. */
  public int statusCode() {
    return statusCode;
  }

  @Override
  ProxyStatusException withPrefix(String prefix) {
    ProxyStatusException e = new ProxyStatusException(prefix + getMessage(), statusCode);
    e.setStackTrace(getStackTrace());
    return e;
  }
}
