package dev.gofer.proxy.tls;

/** The certificate or key files cannot be used; the message is one line saying why and what to do. */
public final class TlsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TlsException(String message) {
    super(message);
  }
}
