package dev.gofer.mod.goproxy;

import dev.gofer.mod.ModException;

/**
 * A request to a module proxy failed. The message reads like the go command's, for example
 * {@code module example.com/m: reading https://proxy.example/example.com/m/@v/list: 404 Not Found}.
 *
 * <p>Every failure of the GOPROXY client is one of these unchecked types, including transport
 * failures such as timeouts and connection resets ({@link ProxyTransportException}, which keeps the
 * {@link java.io.IOException} as its cause). That choice mirrors cmd/go, whose proxy walk treats
 * every error alike and only asks "is it not-found?": a single unchecked hierarchy lets
 * {@link ProxyChain} rank and fall through on all of them uniformly. The only checked
 * {@code IOException} the client throws is a failure to write the caller's own destination.
 *
 * <p>The subtypes say what went wrong:
 *
 * <ul>
 *   <li>{@link NotFoundException}: 404 or 410, a missing file, {@code GOPROXY=off}: the one kind
 *       after which a {@code ,} list falls through to its next entry;
 *   <li>{@link ProxyStatusException}: any other non-200 status (403, 500, ...);
 *   <li>{@link ProxyTransportException}: no complete response (connect, timeout, reset, short
 *       body);
 *   <li>{@link InvalidResponseException}: a response that arrived but is unusable (bad JSON, too
 *       large, the wrong version);
 *   <li>{@link DirectModeException}: the list reached {@code direct}, which gofer does not do.
 * </ul>
 */
public abstract sealed class ProxyException extends ModException
    permits NotFoundException,
        ProxyStatusException,
        ProxyTransportException,
        InvalidResponseException,
        DirectModeException {
  private static final long serialVersionUID = 1L;

  ProxyException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether this error means "not here, maybe elsewhere", which is what cmd/go's
   * {@code errors.Is(err, fs.ErrNotExist)} asks of a proxy error.
   */
  public boolean isNotFound() {
    return false;
  }

  /** The same failure with {@code prefix} put before the message (cmd/go's error wrapping). */
  abstract ProxyException withPrefix(String prefix);
}
