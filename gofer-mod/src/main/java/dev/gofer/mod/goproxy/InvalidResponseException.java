package dev.gofer.mod.goproxy;

/**
 * The proxy answered 200 but the answer cannot be used: malformed {@code .info} JSON, a body over
 * its size cap, or {@code .info} for another version than the canonical one requested. Also thrown
 * by {@link Info#parse} for malformed JSON. A {@code ,}-separated list stops here.
 */
public final class InvalidResponseException extends ProxyException {
  private static final long serialVersionUID = 1L;

  InvalidResponseException(String message) {
    super(message, null);
  }

  @Override
  InvalidResponseException withPrefix(String prefix) {
    InvalidResponseException e = new InvalidResponseException(prefix + getMessage());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
