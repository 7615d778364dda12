package dev.gofer.proxy.sumdb;

import java.io.IOException;

/**
 * A checksum-database read that got no usable answer: an HTTP status other than 200 ({@link
 * #status()}), or no answer at all (status 0: unreachable, timed out, offline, or refused after a
 * fork).
 */
final class UpstreamException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final int status;

  UpstreamException(String path, int status, String message) {
    super(message);
    this.path = path;
    this.status = status;
  }

  UpstreamException(String path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
    this.status = 0;
  }

  /** The path read, relative to the database base ({@code /latest}, {@code /lookup/...}). */
  String path() {
    return path;
  }

  /** The HTTP status, or 0 when there was no answer. */
  int status() {
    return status;
  }

  /** The database says it has no such thing (404 or 410). */
  boolean notFound() {
    return status == 404 || status == 410;
  }
}
