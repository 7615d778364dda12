package dev.gofer.proxy;

import dev.gofer.mod.goproxy.ProxyList;
import dev.gofer.mod.module.PrefixPatterns;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code gofer serve} needs to start, validated. Built by {@link
 * dev.gofer.proxy.config.ConfigLoader} from flags, {@code GOFER_*} environment variables, a TOML
 * file and the defaults below; each key's meaning is in {@link dev.gofer.proxy.config.ConfigKey}.
 *
 * @param listen where to accept connections (port 0: any free port)
 * @param data the store directory ({@code <data>/cache/download}, {@code <data>/state})
 * @param upstream the public upstream proxies, in GOPROXY syntax
 * @param privatePatterns module path patterns (GOPRIVATE syntax) that never reach the public side
 * @param privateUpstream the proxies that serve the private modules, if any
 * @param offline serve from the store alone
 * @param freshness how long a mutable answer ({@code list}, {@code @latest}) is served unrefreshed
 * @param negativeTtl how long an upstream "not found" is remembered
 * @param sumdbLatestFreshness how long a tree head read from the upstream answers {@code
 *     /sumdb/<name>/latest} before the next such request reads the upstream again (zero: every
 *     time)
 * @param upstreamTimeout the time limit of one upstream request
 * @param upstreamConcurrency how many upstream requests may run at once
 * @param retries how many times a transient upstream failure is retried
 * @param prefetch whether the requirements of each go.mod a client fetches are fetched ahead of it
 * @param prefetchZips whether the zip of each exact .info a client fetches is fetched ahead of it
 * @param sumdbs the checksum databases verified and proxied, never empty
 * @param tls certificate and key files for HTTPS, if any
 * @param logFormat the format of log and access-log lines
 * @param accessLog whether a line is written per request
 * @param jitNice the nice value (0 to 19) the JIT's optimizing compiler threads get once the JIT
 *     has warmed up; 0 leaves them alone
 */
public record ServeConfig(
    InetSocketAddress listen,
    Path data,
    ProxyList upstream,
    PrefixPatterns privatePatterns,
    Optional<ProxyList> privateUpstream,
    boolean offline,
    Duration freshness,
    Duration negativeTtl,
    Duration sumdbLatestFreshness,
    Duration upstreamTimeout,
    int upstreamConcurrency,
    int retries,
    boolean prefetch,
    boolean prefetchZips,
    List<Sumdb> sumdbs,
    Optional<Tls> tls,
    LogFormat logFormat,
    boolean accessLog,
    int jitNice) {

  /** Default of {@code listen}. */
  public static final String DEFAULT_LISTEN = "127.0.0.1:3000";
  /** Default of {@code data}, below {@code $GOFER_HOME} (itself {@code ~/.gofer} by default). */
  public static final String DEFAULT_DATA = "$GOFER_HOME/proxy";
  /** Default of {@code upstream}. */
  public static final String DEFAULT_UPSTREAM = "https://proxy.golang.org";
  /** Default of {@code freshness}. */
  public static final String DEFAULT_FRESHNESS = "25m";
  /** Default of {@code negative-ttl}. */
  public static final String DEFAULT_NEGATIVE_TTL = "60s";
  /** Default of {@code sumdb-latest-freshness}. */
  public static final String DEFAULT_SUMDB_LATEST_FRESHNESS = "1m";
  /** Default of {@code upstream-timeout}. */
  public static final String DEFAULT_UPSTREAM_TIMEOUT = "30s";
  /** Default of {@code upstream-concurrency}. */
  public static final String DEFAULT_UPSTREAM_CONCURRENCY = "32";
  /** Default of {@code retries}. */
  public static final String DEFAULT_RETRIES = "3";
  /** Default of {@code jit-nice}. */
  public static final String DEFAULT_JIT_NICE = "19";
  /** The public checksum database's verifier key, as the go command has it built in. */
  public static final String SUM_GOLANG_ORG = dev.gofer.mod.sumdb.SumdbEnv.SUM_GOLANG_ORG_KEY;

  public ServeConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(privatePatterns, "privatePatterns");
    Objects.requireNonNull(privateUpstream, "privateUpstream");
    Objects.requireNonNull(freshness, "freshness");
    Objects.requireNonNull(negativeTtl, "negativeTtl");
    Objects.requireNonNull(sumdbLatestFreshness, "sumdbLatestFreshness");
    Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
    sumdbs = List.copyOf(sumdbs);
    if (sumdbs.isEmpty()) {
      throw new IllegalArgumentException("at least one checksum database");
    }
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(logFormat, "logFormat");
    if (jitNice < 0 || jitNice > 19) {
      throw new IllegalArgumentException("jitNice must be 0 to 19: " + jitNice);
    }
  }

  /** Whether {@code module} matches the private patterns (and so never reaches the public side). */
  public boolean isPrivate(String module) {
    return privatePatterns.matches(module);
  }

  /**
   * A checksum database: its name, its verifier key ({@code <name>+<hash>+<key>}, as in {@code
   * GOSUMDB}), and where to reach it. Without a URL it is reached through the upstream proxy's
   * {@code /sumdb/<name>/} endpoints, as the go command does.
   */
  public record Sumdb(String name, String key, Optional<URI> url) {
    public Sumdb {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(url, "url");
    }

    /** The public database with its built-in key, reached through the upstream. */
    public static Sumdb sumGolangOrg() {
      return new Sumdb("sum.golang.org", SUM_GOLANG_ORG, Optional.empty());
    }
  }

  /** PEM files for HTTPS: the certificate chain (leaf first) and its PKCS#8 private key. */
  public record Tls(Path certificate, Path key) {
    public Tls {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(key, "key");
    }
  }

  /** How log lines look. */
  public enum LogFormat {
    TEXT,
    JSON
  }
}
