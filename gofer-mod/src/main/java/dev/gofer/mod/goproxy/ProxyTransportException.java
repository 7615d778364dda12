package dev.gofer.mod.goproxy;

import java.io.IOException;

/**
 * No complete answer came from the proxy: the connection was refused or reset, a timeout expired
 * (connect, response headers, or a stalled body), the body ended before its
 * {@code Content-Length}, or a {@code file://} proxy's file could not be read. The underlying
 * {@link IOException} is the cause. A {@code ,}-separated list stops here; a {@code |}-separated
 * one goes on.
 */
public final class ProxyTransportException extends ProxyException {
  private static final long serialVersionUID = 1L;

  ProxyTransportException(String message, IOException cause) {
    super(message, cause);
  }

  @Override
  public synchronized IOException getCause() {
    return (IOException) super.getCause();
  }

  @Override
  ProxyTransportException withPrefix(String prefix) {
    ProxyTransportException e = new ProxyTransportException(prefix + getMessage(), getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
