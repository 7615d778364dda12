package dev.gofer.host.audit;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/**
 * Words for why an HTTP request to a proxy or checksum database failed. The JDK's HTTP client
 * throws a {@link ConnectException} without a message for a refused connection, which would
 * otherwise reach the user as a bare class name.
 */
final class NetError {
  private NetError() {}

  /** "connection refused", "timed out", "unknown host" and the like, for one failed request. */
  static String describe(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      switch (t) {
        case HttpConnectTimeoutException x -> {
          return "connection timed out";
        }
        case HttpTimeoutException x -> {
          return "no answer in time";
        }
        case ConnectException x when x.getCause() instanceof UnresolvedAddressException -> {
          return "unknown host";
        }
        case UnknownHostException x -> {
          return "unknown host";
        }
        case NoRouteToHostException x -> {
          return "no route to host";
        }
        case ConnectException x -> {
          return "connection refused";
        }
        case SSLException x -> {
          return "TLS: " + (x.getMessage() == null ? "handshake failed" : x.getMessage());
        }
        default -> { }
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** {@code doing uri: why}, and a hint when there is one. */
  static IOException wrap(String doing, Object uri, IOException e, String hint) {
    return new IOException(doing + " " + uri + ": " + describe(e) + (hint.isEmpty() ? "" : " (" + hint + ")"), e);
  }
}
