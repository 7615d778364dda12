package dev.gofer.mod.goproxy;

import dev.gofer.mod.ModException;

/**
 * A {@code GOPROXY} value cannot be parsed: an entry that is not a usable URL, an unsupported
 * scheme, a {@code file://} URL with more than a path, or no entries at all.
 */
public final class ProxyListException extends ModException {
  private static final long serialVersionUID = 1L;

  ProxyListException(String message) {
    super(message);
  }
}
