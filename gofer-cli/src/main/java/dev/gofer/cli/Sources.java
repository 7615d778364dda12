package dev.gofer.cli;

import dev.gofer.mod.goproxy.ClientOptions;
import dev.gofer.mod.goproxy.ProxyChain;
import dev.gofer.mod.goproxy.ProxyList;
import dev.gofer.proxy.ServeConfig;
import dev.gofer.proxy.http.ModuleSource;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.OnlineModules;
import dev.gofer.proxy.modules.Retry;
import dev.gofer.proxy.modules.StoreModules;
import dev.gofer.proxy.store.Store;
import dev.gofer.proxy.sumdb.DatabaseConfig;
import dev.gofer.proxy.sumdb.SumdbMirror;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the store commands get modules and checksums from, built from one {@link ServeConfig} the
 * same way for {@code serve}, {@code mirror sync} and {@code verify}, and what must be closed when
 * they are done.
 *
 * @param modules the store, and online the upstreams behind it, verified
 * @param sumdb the checksum-database mirror that verifies them (and that serve answers {@code
 *     /sumdb/} with)
 * @param resources what {@link #close} closes
 */
record Sources(ModuleSource modules, SumdbMirror sumdb, List<AutoCloseable> resources) implements AutoCloseable {
  /** The tile height the checksum databases are read with: the go command's. */
  static final int TILE_HEIGHT = 8;

  Sources {
    resources = List.copyOf(resources);
  }

  /**
   * The store of {@code cfg}, created if missing.
   *
   * @throws UserException (exit 3) if it cannot be opened
   */
  static Store openStore(ServeConfig cfg) {
    try {
      return Store.open(cfg.data());
    } catch (IOException e) {
      throw new UserException(
          "cannot open the store in " + cfg.data() + ": " + e + "; choose another directory with --data", Gofer.EXIT_RUNTIME);
    }
  }

  /**
   * The module source and checksum-database mirror for {@code cfg}. Offline, the store alone
   * answers both. Online, {@link OnlineModules} fetches what the store lacks through the upstream
   * lists and verifies it against the mirror.
   */
  static Sources of(ServeConfig cfg, Store store, Metrics metrics) {
    if (cfg.offline()) {
      return new Sources(new StoreModules(store), mirror(cfg, store, metrics), List.of());
    }
    ClientOptions client =
        ClientOptions.defaults()
            .withGoferVersion(Gofer.Version.version())
            .withTimeouts(Duration.ofSeconds(10), cfg.upstreamTimeout(), cfg.upstreamTimeout());
    ProxyChain upstream = ProxyChain.create(cfg.upstream(), client);
    // Checksums are read through the same upstream (its /sumdb/), so with the upstream's metadata
    // client, one pool: the .info and .mod traffic keeps the checksum reads' connection from
    // going idle (a new one costs a TLS handshake and, in a warm JVM, a round of
    // deoptimization: see Gofer.keepUpstreamConnections). Zips have a connection of their own,
    // so that small reads never queue behind their bytes (HttpClients).
    SumdbMirror mirror = mirror(cfg, store, metrics, upstream.httpClient().orElse(null));
    Optional<ProxyChain> privateUpstream = cfg.privateUpstream().map(l -> ProxyChain.create(l, client));
    OnlineModules.Options options =
        OnlineModules.Options.defaults()
            .withFreshness(cfg.freshness(), cfg.freshness().multipliedBy(7).compareTo(Duration.ofHours(3)) > 0
                ? cfg.freshness().multipliedBy(7) : Duration.ofHours(3))
            .withNegativeCache(cfg.negativeTtl(), 10_000)
            .withMaxConcurrentFetches(cfg.upstreamConcurrency())
            .withPrefetchRequirements(cfg.prefetch())
            .withPrefetchZips(cfg.prefetchZips())
            .withRetry(new Retry(cfg.retries() + 1, Duration.ofMillis(200), Duration.ofSeconds(2)));
    OnlineModules modules =
        new OnlineModules(
            store,
            upstream,
            new OnlineModules.PrivateModules(cfg.privatePatterns(), privateUpstream),
            mirror,
            metrics,
            options);
    List<AutoCloseable> resources = new ArrayList<>();
    resources.add(modules);
    resources.add(upstream);
    privateUpstream.ifPresent(resources::add);
    return new Sources(modules, mirror, resources);
  }

  /**
   * The verifying checksum-database mirror of {@code cfg}'s databases over {@code store}, reached
   * through the upstream unless a database has its own URL; offline it reads the store alone.
   */
  static SumdbMirror mirror(ServeConfig cfg, Store store, Metrics metrics) {
    return mirror(cfg, store, metrics, null);
  }

  /** {@link #mirror(ServeConfig, Store, Metrics)} reading through {@code http} unless null. */
  static SumdbMirror mirror(ServeConfig cfg, Store store, Metrics metrics, HttpClient http) {
    SumdbMirror.Builder b =
        SumdbMirror.builder(store, metrics)
            .upstream(goproxy(cfg.upstream()))
            .privatePatterns(cfg.privatePatterns().toString())
            .offline(cfg.offline())
            .timeout(cfg.upstreamTimeout())
            .latestFreshness(cfg.sumdbLatestFreshness())
            .tileHeight(TILE_HEIGHT);
    if (http != null) {
      b.httpClient(http);
    }
    for (ServeConfig.Sumdb db : cfg.sumdbs()) {
      b.database(new DatabaseConfig(db.key(), db.url()));
    }
    return b.build();
  }

  /** {@code list} in GOPROXY syntax with credentials intact (its toString redacts them). */
  static String goproxy(ProxyList list) {
    StringBuilder b = new StringBuilder();
    List<ProxyList.Entry> entries = list.entries();
    for (int i = 0; i < entries.size(); i++) {
      ProxyList.Entry e = entries.get(i);
      boolean pipe = false;
      if (e instanceof ProxyList.Proxy p) {
        b.append(p.url());
        pipe = p.fallBackOnError();
      } else {
        b.append(e);
      }
      if (i < entries.size() - 1) {
        b.append(pipe ? '|' : ',');
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
  }
}
