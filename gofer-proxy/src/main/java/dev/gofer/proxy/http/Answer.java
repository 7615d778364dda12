package dev.gofer.proxy.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What the proxy answers for a route: a stored file, a verified file held open while it is
 * published, bytes computed now, or a refusal. The
 * HTTP layer turns it into status, headers and body; it never decides policy itself.
 */
public sealed interface Answer {

  String TEXT = "text/plain; charset=utf-8";
  String JSON = "application/json";
  String ZIP = "application/zip";
  String OCTETS = "application/octet-stream";

  /** Serve {@code file} (complete and verified: the store never holds anything else). */
  record File(Path file, String contentType, Caching caching) implements Answer {}

  /**
   * Serve a verified file still being published, from an open handle ({@link OpenFile}). The
   * answer holds one reference, which whoever consumes the answer must release exactly once.
   */
  record Open(OpenFile file, String contentType, Caching caching) implements Answer {}

  /** Serve {@code body}. */
  record Bytes(byte[] body, String contentType, Caching caching) implements Answer {}

  /** Refuse with {@code status} and a one-line {@code message}. */
  record Failure(int status, String message, Caching caching) implements Answer {}

  static Answer notFound(String message) {
    return new Failure(404, message, Caching.NEGATIVE);
  }

  static Answer text(String body, Caching caching) {
    return new Bytes(body.getBytes(StandardCharsets.UTF_8), TEXT, caching);
  }

  /** Cache-Control classes (goproxy-protocol reference §11.3). */
  enum Caching {
    /** {@code .mod}, {@code .zip}, canonical {@code .info}, full tiles. */
    IMMUTABLE("public, max-age=31536000, immutable"),
    /** {@code list}, {@code @latest}, query {@code .info}. */
    MUTABLE("public, max-age=60"),
    /** Checksum-database lookups: the record is fixed, the tree head in it varies. */
    LOOKUP("public, max-age=86400"),
    /** Partial tiles: a wider one replaces them. */
    PARTIAL_TILE("public, max-age=300"),
    /** 404/410 for public modules. */
    NEGATIVE("public, max-age=600"),
    /** Anything about private modules, 401/403, errors. */
    PRIVATE("private, no-store"),
    /** {@code /sumdb/<name>/latest}, health, metrics. */
    NO_CACHE("no-cache"),
    /** {@code /sumdb/<name>/supported}. */
    STABLE("public, max-age=86400");

    private final String header;

    Caching(String header) {
      this.header = header;
    }

    public String header() {
      return header;
    }
  }
}
