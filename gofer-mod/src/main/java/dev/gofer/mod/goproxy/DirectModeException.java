package dev.gofer.mod.goproxy;

/**
 * The proxy list reached {@code direct}: fetching from version control is not something gofer does.
 * Its message is {@value #MESSAGE}. The best error from the proxies tried before, if any, is the
 * cause. Ranked like cmd/go ranks errors from {@code direct}: above every proxy error.
 */
public final class DirectModeException extends ProxyException {
  private static final long serialVersionUID = 1L;

  /** The message. */
  public static final String MESSAGE = "direct mode is not supported by gofer; use a proxy";

  DirectModeException(String message, ProxyException previous) {
    super(message, previous);
  }

  @Override
  DirectModeException withPrefix(String prefix) {
    DirectModeException e =
        new DirectModeException(prefix + getMessage(), (ProxyException) getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
