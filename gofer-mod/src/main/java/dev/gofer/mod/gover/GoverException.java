package dev.gofer.mod.gover;

import dev.gofer.mod.ModException;

/** A Go version or toolchain name that does not parse: {@code malformed Go version "1.21.x"}. */
public final class GoverException extends ModException {
  private static final long serialVersionUID = 1L;

  GoverException(String message) {
    super(message);
  }
}
