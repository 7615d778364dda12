package dev.gofer.proxy.sumdb;

import dev.gofer.mod.goproxy.ProxyList;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.proxy.http.Answer;
import dev.gofer.proxy.http.SumdbFront;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.ChecksumVerifier;
import dev.gofer.proxy.store.Store;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifying checksum-database mirror: serves {@code /sumdb/<name>/supported}, {@code latest},
 * {@code lookup/...} and {@code tile/...} for every configured database, and answers the module
 * fetch path's {@link ChecksumVerifier} questions from the first configured database.
 *
 * <p>Everything served was verified the way the go command verifies it ({@link
 * dev.gofer.mod.sumdb.Client}): lookups are proven to be in a signed tree, tiles are authenticated
 * against a signed head, and every head must extend the persisted one ({@code
 * <data>/state/sumdb/<name>/latest}). Only authenticated data is written to {@code
 * <data>/cache/download/sumdb/<name>/} (Go's layout: {@code GOPROXY=file://<data>/cache/download}
 * serves it too). Offline, or when the upstream fails, the store alone answers.
 *
 * <p><b>Forks.</b> When a database signs a head that contradicts the persisted one, the mirror
 * writes the go command's {@code SECURITY ERROR} report to {@code
 * <data>/state/sumdb/<name>/fork-<UTC time>.txt}, logs it, counts it in {@code
 * gofer_sumdb_forks_total}, and from then on reads nothing more from that database: it keeps
 * serving the last verified head, the stored lookups and tiles, and refuses (403) what it does not
 * have. The state survives restarts and shows as {@code gofer_sumdb_refused{db="<name>"} 1}.
 * {@code /readyz} stays ready: the proxy still serves everything it verified, and failing
 * readiness on every replica at once (they all see the same upstream) would turn an upstream
 * attack into an outage. <b>To clear it</b>, an operator deletes the {@code fork-*.txt} files of
 * the database (after understanding the cause); the mirror notices on its next upstream attempt.
 * If the database legitimately started a new log, also delete {@code
 * <data>/state/sumdb/<name>/latest} and {@code <data>/cache/download/sumdb/<name>/}.
 *
 * <p><b>Privacy.</b> Lookups of module paths matching the private patterns ({@code GOPRIVATE}
 * syntax) are answered 403 without contacting anyone.
 */
public final class SumdbMirror implements SumdbFront, ChecksumVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(SumdbMirror.class);

  /** The default upstream: the go command's default proxy. */
  public static final String DEFAULT_UPSTREAM = "https://proxy.golang.org";

  /**
   * How long {@code /latest} answers from the last upstream read: a minute. The go command itself
   * rarely asks (every lookup carries a signed head), so this only spares the upstream a read
   * per monitor or sibling poll, at the price of a head up to a minute older.
   */
  public static final Duration DEFAULT_LATEST_FRESHNESS = Duration.ofMinutes(1);

  /** Shared configuration of every {@link Database}. */
  record Settings(
      Store store,
      Metrics metrics,
      HttpClient http,
      Duration timeout,
      ProxyList upstream,
      PrefixPatterns privatePatterns,
      boolean offline,
      int tileHeight,
      Duration latestFreshFor,
      Clock clock) {}

  private final Map<String, Database> databases;
  private final Database primary;

  private SumdbMirror(Map<String, Database> databases, Metrics metrics) {
    this.databases = databases;
    this.primary = databases.values().iterator().next();
    try {
      GaugeWithCallback.builder()
          .name("gofer_sumdb_refused")
          .help("1 while a checksum database is refused after a fork (its fork report is present), else 0.")
          .labelNames("db")
          .callback(
              cb -> {
                for (Database d : databases.values()) {
                  cb.call(d.refused() ? 1 : 0, d.name());
                }
              })
          .register(metrics.registry());
    } catch (IllegalArgumentException e) {
      LOG.debug("gofer_sumdb_refused already registered: {}", e.getMessage());
    }
  }

  /** Starts configuring a mirror that keeps its data in {@code store}. */
  public static Builder builder(Store store, Metrics metrics) {
    return new Builder(store, metrics);
  }

  /** Configuration of a {@link SumdbMirror}. */
  public static final class Builder {
    private final Store store;
    private final Metrics metrics;
    private final List<DatabaseConfig> configs = new ArrayList<>();
    private String upstream = DEFAULT_UPSTREAM;
    private String privatePatterns = "";
    private boolean offline;
    private HttpClient http;
    private Duration timeout = Duration.ofSeconds(30);
    private int tileHeight = 8;
    private Duration latestFreshFor = DEFAULT_LATEST_FRESHNESS;
    private Clock clock = Clock.systemUTC();

    private Builder(Store store, Metrics metrics) {
      this.store = Objects.requireNonNull(store, "store");
      this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Adds a database (repeatable; the first one answers {@link #goSumLines}). Without any,
     * {@code sum.golang.org} is mirrored.
     */
    public Builder database(DatabaseConfig config) {
      configs.add(Objects.requireNonNull(config));
      return this;
    }

    /**
     * The upstream proxy list (GOPROXY syntax, default {@value #DEFAULT_UPSTREAM}); a database
     * without an explicit URL is read at {@code <first http(s) proxy>/sumdb/<name>}.
     */
    public Builder upstream(String goproxy) {
      this.upstream = Objects.requireNonNull(goproxy);
      return this;
    }

    /** Module path patterns ({@code GOPRIVATE} syntax) whose lookups are refused locally. */
    public Builder privatePatterns(String patterns) {
      this.privatePatterns = Objects.requireNonNull(patterns);
      return this;
    }

    /** Serve from the store alone: no upstream request is ever made. */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /** The HTTP client for upstream reads (default: HTTP/1.1 and 2, redirects followed, 10 s connect). */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http);
      return this;
    }

    /** The timeout of one upstream read (default 30 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** The tile height the databases are read with; 8, as the go command, unless testing. */
    public Builder tileHeight(int height) {
      this.tileHeight = height;
      return this;
    }

    /**
     * How long an upstream tree head read for {@code /latest} is served before the next {@code
     * /latest} reads the upstream again (default {@link #DEFAULT_LATEST_FRESHNESS}; zero: every
     * time). What is served is always the verified persisted head, which lookups and tiles also
     * advance meanwhile.
     */
    public Builder latestFreshness(Duration fresh) {
      if (fresh.isNegative()) {
        throw new IllegalArgumentException("latest freshness must not be negative");
      }
      this.latestFreshFor = fresh;
      return this;
    }

    /** The clock naming fork reports and timing the freshness of {@code /latest}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * @throws IllegalArgumentException if the upstream list does not parse or two databases have
     *     the same name
     */
    public SumdbMirror build() {
      ProxyList list;
      try {
        list = ProxyList.parse(upstream);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("invalid upstream list: " + e.getMessage(), e);
      }
      HttpClient client =
          http != null
              ? http
              : HttpClient.newBuilder()
                  .followRedirects(HttpClient.Redirect.NORMAL)
                  .connectTimeout(Duration.ofSeconds(10))
                  .build();
      Settings settings =
          new Settings(
              store, metrics, client, timeout, list, PrefixPatterns.parse(privatePatterns), offline, tileHeight, latestFreshFor, clock);
      List<DatabaseConfig> all = configs.isEmpty() ? List.of(DatabaseConfig.sumGolangOrg()) : configs;
      Map<String, Database> dbs = new LinkedHashMap<>();
      for (DatabaseConfig c : all) {
        if (dbs.putIfAbsent(c.name(), new Database(c, settings)) != null) {
          throw new IllegalArgumentException("checksum database " + c.name() + " configured twice");
        }
      }
      return new SumdbMirror(Collections.unmodifiableMap(dbs), metrics);
    }
  }

  @Override
  public Answer answer(String rest) {
    SumdbRequest request = SumdbRequest.parse(rest, databases.keySet());
    return switch (request) {
      case SumdbRequest.Refused r ->
          new Answer.Failure(r.status(), r.message(), r.status() == 404 ? Answer.Caching.NEGATIVE : Answer.Caching.PRIVATE);
      case SumdbRequest.Supported r -> databases.get(r.db()).answer(r);
      case SumdbRequest.Latest r -> databases.get(r.db()).answer(r);
      case SumdbRequest.Lookup r -> databases.get(r.db()).answer(r);
      case SumdbRequest.TileRequest r -> databases.get(r.db()).answer(r);
    };
  }

  /**
   * The verified go.sum lines of {@code module@version} from the first configured database: the
   * stored verified lookup if there is one, else a lookup proven through tiles (and then stored).
   */
  @Override
  public List<String> goSumLines(String module, String version) {
    return primary.goSumLines(module, version);
  }

  /** The configured database names, the first one answering {@link #goSumLines}. */
  public List<String> names() {
    return List.copyOf(databases.keySet());
  }

  /** The databases now refused after a fork. */
  public List<String> refused() {
    return databases.values().stream().filter(Database::refused).map(Database::name).toList();
  }

  /** One line per database: its name and where it is read from ({@code offline} when nowhere). */
  public List<String> describe() {
    return databases.values().stream().map(d -> d.name() + " " + d.source()).toList();
  }
}
