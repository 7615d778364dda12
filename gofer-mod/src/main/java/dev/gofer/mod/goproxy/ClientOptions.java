package dev.gofer.mod.goproxy;

import java.time.Duration;
import java.util.Objects;

/**
 * How the GOPROXY client talks to proxies: timeouts, size caps and the {@code User-Agent}. Values
 * are immutable; start from {@link #defaults()} and change what you need with the {@code with...}
 * methods.
 *
 * @param connectTimeout how long to wait for a TCP (and TLS) connection
 * @param requestTimeout how long to wait for the response headers after sending a request
 * @param readTimeout how long a body may stall between two chunks before the read fails
 * @param userAgent the {@code User-Agent} header sent with every request
 * @param maxZipBytes the largest module zip accepted ({@link #MAX_ZIP_FILE}, as cmd/go)
 * @param maxModBytes the largest {@code go.mod} accepted ({@link #MAX_GO_MOD}, as cmd/go)
 * @param maxMetadataBytes the largest {@code list}, {@code .info} or {@code @latest} body accepted
 */
public record ClientOptions(
    Duration connectTimeout,
    Duration requestTimeout,
    Duration readTimeout,
    String userAgent,
    long maxZipBytes,
    long maxModBytes,
    long maxMetadataBytes) {

  /** cmd/go's {@code codehost.MaxZipFile}: 500 MiB. */
  public static final long MAX_ZIP_FILE = 500L << 20;

  /** cmd/go's {@code codehost.MaxGoMod}: 16 MiB. */
  public static final long MAX_GO_MOD = 16L << 20;

  /** gofer's cap for the small JSON and text answers: 16 MiB (cmd/go reads them unbounded). */
  public static final long MAX_METADATA = 16L << 20;

  /** Checks the values: positive durations and caps, a non-blank user agent. */
  public ClientOptions {
    positive(connectTimeout, "connectTimeout");
    positive(requestTimeout, "requestTimeout");
    positive(readTimeout, "readTimeout");
    Objects.requireNonNull(userAgent, "userAgent");
    if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c >= 0x7f)) {
      throw new IllegalArgumentException("userAgent must be non-blank printable ASCII");
    }
    if (maxZipBytes <= 0 || maxModBytes <= 0 || maxMetadataBytes <= 0) {
      throw new IllegalArgumentException("size caps must be positive");
    }
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /**
   * Connect 30 s, response headers 60 s, body stall 60 s, cmd/go's size caps, and
   * {@code User-Agent: gofer/<version>} with the version from the jar manifest ({@code devel}
   * when run from classes).
   */
  public static ClientOptions defaults() {
    String v = ClientOptions.class.getPackage().getImplementationVersion();
    return new ClientOptions(
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(60),
        "gofer/" + (v == null || v.isBlank() ? "devel" : v),
        MAX_ZIP_FILE,
        MAX_GO_MOD,
        MAX_METADATA);
  }

  /** The same options with {@code User-Agent: gofer/<version>}. */
  public ClientOptions withGoferVersion(String version) {
    return withUserAgent("gofer/" + version);
  }

  /** The same options with another {@code User-Agent}. */
  public ClientOptions withUserAgent(String ua) {
    return new ClientOptions(
        connectTimeout, requestTimeout, readTimeout, ua, maxZipBytes, maxModBytes, maxMetadataBytes);
  }

  /** The same options with other timeouts. */
  public ClientOptions withTimeouts(Duration connect, Duration request, Duration read) {
    return new ClientOptions(
        connect, request, read, userAgent, maxZipBytes, maxModBytes, maxMetadataBytes);
  }

  /** The same options with other size caps. */
  public ClientOptions withLimits(long zip, long mod, long metadata) {
    return new ClientOptions(
        connectTimeout, requestTimeout, readTimeout, userAgent, zip, mod, metadata);
  }
}
