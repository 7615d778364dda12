package dev.gofer.proxy.modules;

import dev.gofer.mod.ModException;
import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.goproxy.Info;
import dev.gofer.mod.goproxy.ProxyChain;
import dev.gofer.mod.gover.Gover;
import dev.gofer.mod.modfile.ModFile;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.semver.Semver;
import dev.gofer.mod.zip.ModuleZip;
import dev.gofer.proxy.http.Answer;
import dev.gofer.proxy.http.Answer.Caching;
import dev.gofer.proxy.http.ModuleSource;
import dev.gofer.proxy.http.OpenFile;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.ChecksumVerifier.ChecksumDatabaseException;
import dev.gofer.proxy.modules.ChecksumVerifier.NotInChecksumDatabaseException;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online module source: answers from the store when it can, and otherwise fetches from
 * upstream, verifies, publishes atomically and serves (DESIGN.md, "the request path").
 *
 * <ul>
 *   <li><b>Immutable files</b> ({@code .mod}, {@code .zip}, {@code .info} of a canonical
 *       version): a store hit is served as is. A miss is fetched once however many requests ask
 *       at the same time (single flight per file), streamed to a temp file beside its target with
 *       a size cap, hashed ({@code h1:}), checked against the verified checksum-database lookup
 *       ({@link ChecksumVerifier}), and only then published by rename. A {@code .zip} is also
 *       checked against the module zip rules, and its {@code .mod} is fetched and verified first,
 *       as Go's cache always has a {@code .mod} for every version. A mismatch answers 403 and
 *       stores nothing.
 *   <li><b>Mutable answers</b> ({@code list}, {@code @latest}, {@code .info} of a query) are
 *       remembered under {@code <data>/state}: fresh ones are served, stale ones are served while
 *       one background refresh per answer runs, and when the upstream fails the stale answer
 *       (or, with none, an answer computed from the store) is served instead.
 *   <li><b>Private modules</b> (the private patterns, GOPRIVATE syntax) go only to the private
 *       upstream and are never looked up in the checksum database; without a private upstream
 *       they are answered from the store alone. {@code golang.org/toolchain} is never private:
 *       it is always verified, as the go command does.
 *   <li><b>Upstream "not found"</b> answers 404 and is remembered briefly; an upstream that fails
 *       (after retries) answers "bad upstream" with the configured status (404 so that clients
 *       with a {@code ,} list fall through, or 502); never 500.
 * </ul>
 *
 * <p>Thread-safe; made for one virtual thread per request. {@link #close()} stops background
 * refreshes (the upstream chains belong to the caller).
 */
public final class OnlineModules implements ModuleSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnlineModules.class);

  /** The module whose versions are Go toolchains: always verified (cmd/go's rule). */
  public static final String TOOLCHAIN = "golang.org/toolchain";

  /**
   * Tuning of the online source.
   *
   * @param freshFor how long a mutable answer is served without asking upstream (25 minutes)
   * @param maxStale after this age a mutable answer is refetched before answering (and still
   *     served if the upstream fails); between {@code freshFor} and this it is served and
   *     refreshed in the background (3 hours)
   * @param negativeTtl how long an upstream "not found" is remembered (60 s; zero disables)
   * @param negativeEntries the most "not found" answers remembered (10 000)
   * @param maxConcurrentFetches upstream calls under way at once, over all upstreams (32)
   * @param retry retries of transient upstream failures
   * @param badUpstreamStatus the status of "bad upstream" answers: 404 (clients fall through) or
   *     502
   * @param maxZipBytes the largest zip accepted from upstream (500 MiB, as the go command)
   * @param maxModBytes the largest go.mod accepted from upstream (16 MiB, as the go command)
   * @param clock the clock of freshness and negative-answer expiry
   * @param prefetchRequirements whether the requirements of each {@code .mod} a client fetches
   *     are fetched ahead of it (see {@code prefetchRequirements}; on)
   * @param prefetchZips whether the zip of each canonical version whose {@code .info} a client
   *     fetches is fetched ahead of it (see {@code prefetchZip}; on)
   */
  public record Options(
      Duration freshFor,
      Duration maxStale,
      Duration negativeTtl,
      int negativeEntries,
      int maxConcurrentFetches,
      Retry retry,
      int badUpstreamStatus,
      long maxZipBytes,
      long maxModBytes,
      Clock clock,
      boolean prefetchRequirements,
      boolean prefetchZips) {

    /** Checks the values. */
    public Options {
      Objects.requireNonNull(freshFor, "freshFor");
      Objects.requireNonNull(maxStale, "maxStale");
      Objects.requireNonNull(negativeTtl, "negativeTtl");
      Objects.requireNonNull(retry, "retry");
      Objects.requireNonNull(clock, "clock");
      if (freshFor.isNegative() || maxStale.compareTo(freshFor) < 0 || negativeTtl.isNegative()) {
        throw new IllegalArgumentException("need 0 <= freshFor <= maxStale and negativeTtl >= 0");
      }
      if (negativeEntries < 0 || maxConcurrentFetches < 1) {
        throw new IllegalArgumentException("need negativeEntries >= 0 and maxConcurrentFetches >= 1");
      }
      if (badUpstreamStatus != 404 && badUpstreamStatus != 502) {
        throw new IllegalArgumentException("badUpstreamStatus must be 404 or 502");
      }
      if (maxZipBytes <= 0 || maxModBytes <= 0) {
        throw new IllegalArgumentException("size caps must be positive");
      }
    }

    /** The defaults named on each component. */
    public static Options defaults() {
      return new Options(
          Duration.ofMinutes(25),
          Duration.ofHours(3),
          Duration.ofSeconds(60),
          10_000,
          32,
          Retry.defaults(),
          404,
          ModuleZip.MAX_ZIP_FILE,
          ModuleZip.MAX_GO_MOD,
          Clock.systemUTC(),
          true,
          true);
    }

    public Options withFreshness(Duration fresh, Duration stale) {
      return new Options(fresh, stale, negativeTtl, negativeEntries, maxConcurrentFetches, retry, badUpstreamStatus, maxZipBytes, maxModBytes, clock, prefetchRequirements, prefetchZips);
    }

    public Options withNegativeCache(Duration ttl, int entries) {
      return new Options(freshFor, maxStale, ttl, entries, maxConcurrentFetches, retry, badUpstreamStatus, maxZipBytes, maxModBytes, clock, prefetchRequirements, prefetchZips);
    }

    public Options withMaxConcurrentFetches(int n) {
      return new Options(freshFor, maxStale, negativeTtl, negativeEntries, n, retry, badUpstreamStatus, maxZipBytes, maxModBytes, clock, prefetchRequirements, prefetchZips);
    }

    public Options withRetry(Retry r) {
      return new Options(freshFor, maxStale, negativeTtl, negativeEntries, maxConcurrentFetches, r, badUpstreamStatus, maxZipBytes, maxModBytes, clock, prefetchRequirements, prefetchZips);
    }

    public Options withBadUpstreamStatus(int status) {
      return new Options(freshFor, maxStale, negativeTtl, negativeEntries, maxConcurrentFetches, retry, status, maxZipBytes, maxModBytes, clock, prefetchRequirements, prefetchZips);
    }

    public Options withLimits(long zip, long mod) {
      return new Options(freshFor, maxStale, negativeTtl, negativeEntries, maxConcurrentFetches, retry, badUpstreamStatus, zip, mod, clock, prefetchRequirements, prefetchZips);
    }

    public Options withPrefetchRequirements(boolean on) {
      return new Options(freshFor, maxStale, negativeTtl, negativeEntries, maxConcurrentFetches, retry, badUpstreamStatus, maxZipBytes, maxModBytes, clock, on, prefetchZips);
    }

    public Options withPrefetchZips(boolean on) {
      return new Options(freshFor, maxStale, negativeTtl, negativeEntries, maxConcurrentFetches, retry, badUpstreamStatus, maxZipBytes, maxModBytes, clock, prefetchRequirements, on);
    }

    public Options withClock(Clock c) {
      return new Options(freshFor, maxStale, negativeTtl, negativeEntries, maxConcurrentFetches, retry, badUpstreamStatus, maxZipBytes, maxModBytes, c, prefetchRequirements, prefetchZips);
    }
  }

  /**
   * Which modules are private and where they come from.
   *
   * @param patterns GOPRIVATE-style globs; matching modules never reach the public upstream or
   *     the checksum database
   * @param upstream the private upstream; without one, private modules are served from the
   *     store only
   */
  public record PrivateModules(PrefixPatterns patterns, Optional<ProxyChain> upstream) {
    public PrivateModules {
      Objects.requireNonNull(patterns, "patterns");
      Objects.requireNonNull(upstream, "upstream");
    }

    /** No private modules. */
    public static PrivateModules none() {
      return new PrivateModules(PrefixPatterns.parse(""), Optional.empty());
    }

    /** Whether {@code module} is private: it matches the patterns and is not the toolchain. */
    public boolean matches(String module) {
      return !module.equals(TOOLCHAIN) && patterns.matches(module);
    }
  }

  /** Where one module's requests go: its upstream (null: store only) and whether to verify. */
  private record Side(Upstream upstream, boolean isPrivate) {
    boolean offline() {
      return upstream == null;
    }

    boolean verify() {
      return !isPrivate;
    }

    /** Answers about private modules must not be kept by shared caches. */
    Answer seal(Answer a) {
      if (!isPrivate) {
        return a;
      }
      return switch (a) {
        case Answer.File f -> new Answer.File(f.file(), f.contentType(), Caching.PRIVATE);
        case Answer.Open o -> new Answer.Open(o.file(), o.contentType(), Caching.PRIVATE);
        case Answer.Bytes b -> new Answer.Bytes(b.body(), b.contentType(), Caching.PRIVATE);
        case Answer.Failure f -> new Answer.Failure(f.status(), f.message(), Caching.PRIVATE);
      };
    }
  }

  private final Store store;
  private final StoreModules local;
  private final ChecksumVerifier verifier;
  private final Metrics metrics;
  private final Options options;
  private final PrivateModules privateModules;
  private final Side publicSide;
  private final Side privateSide;
  private final MutableAnswers mutable;
  private final NegativeCache negative;
  /**
   * {@code .mod} and {@code .zip} files refused by verification lately, remembered as long as a
   * "not found": a zip refused while fetched ahead is not downloaded again (up to 500 MB) when the
   * client asks for it a moment later, nor for each retry of a client.
   */
  private final NegativeCache refused;
  private final SingleFlight flights = new SingleFlight();
  private final ConcurrentHashMap<String, CompletableFuture<Void>> refreshing = new ConcurrentHashMap<>();
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
  /** Where verified lookups run while the file they verify downloads; never shut down early. */
  private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
  private final ListRewrites lists;
  /** Verified zips being published, each held open for the requests answered meanwhile. */
  private final ConcurrentHashMap<Path, OpenFile> publishing = new ConcurrentHashMap<>();
  private final java.util.Set<CompletableFuture<List<String>>> pendingLookups = ConcurrentHashMap.newKeySet();
  /** {@code .info} files answered while their {@code .mod} verifies; stored once it has. */
  private final ConcurrentHashMap<Path, AwaitingMod> infoAwaitingMod = new ConcurrentHashMap<>();

  /** An answered {@code .info}; {@code done} completes once it is stored or dropped. */
  private record AwaitingMod(byte[] info, CompletableFuture<Void> done) {}

  /** Requirement prefetches running at once (see {@link #prefetchRequirements}). */
  static final int PREFETCH_SLOTS = 8;
  /** Background tasks (prefetches among them) beyond which no prefetch is queued. */
  private static final int PREFETCH_QUEUE = 4096;
  /** {@code module@version}s whose requirements were scheduled, forgotten past this many. */
  private static final int PREFETCH_MEMORY = 100_000;
  private final Semaphore prefetchSlots = new Semaphore(PREFETCH_SLOTS);
  /**
   * Zip prefetches running at once (see {@link #prefetchZip}): {@link #zipSlotsFor half the
   * processors}, at least one and at most four.
   */
  static final int PREFETCH_ZIP_SLOTS = zipSlotsFor(Runtime.getRuntime().availableProcessors());
  private final Semaphore zipSlots = new Semaphore(PREFETCH_ZIP_SLOTS);
  /**
   * Where zips are fetched ahead: {@link #PREFETCH_ZIP_SLOTS} platform threads, not virtual ones.
   * A virtual thread keeps its carrier until it blocks, and one that inflates and hashes a zip as
   * it streams in blocks seldom: with two such on the two carriers of a 2-core machine, the
   * requests a go command was waiting for queued behind them (its {@code .info} requests, which
   * start the zips, were answered in 22 ms on average instead of 1 to 2). The kernel time-slices
   * platform threads, so requests get their turn.
   */
  private final ExecutorService zipsAhead =
      Executors.newFixedThreadPool(PREFETCH_ZIP_SLOTS, Thread.ofPlatform().name("zip-ahead-", 0).daemon().factory());
  private final java.util.Set<String> prefetched = ConcurrentHashMap.newKeySet();
  /**
   * The newest version of each module path a client asked the {@code .mod} of, or a {@code .mod}
   * asked for required, within {@link #WANTED_FOR} (see {@link #scheduleRequirements}).
   */
  private final ConcurrentHashMap<String, Wanted> newestWanted = new ConcurrentHashMap<>();
  /** How long a wanted version counts: one graph walk takes seconds. */
  static final Duration WANTED_FOR = Duration.ofSeconds(60);

  private record Wanted(String version, long atMillis) {}

  /**
   * An online source over {@code store}.
   *
   * @param upstream the public upstream (a GOPROXY-style list; its {@code ClientOptions} set the
   *     timeouts)
   * @param privateModules the private patterns and optional private upstream
   * @param verifier the checksum-database mirror's verified lookups
   */
  public OnlineModules(
      Store store,
      ProxyChain upstream,
      PrivateModules privateModules,
      ChecksumVerifier verifier,
      Metrics metrics,
      Options options) {
    this.store = Objects.requireNonNull(store, "store");
    this.local = new StoreModules(store);
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.options = Objects.requireNonNull(options, "options");
    this.privateModules = Objects.requireNonNull(privateModules, "privateModules");
    Semaphore permits = new Semaphore(options.maxConcurrentFetches(), true);
    this.publicSide =
        new Side(new Upstream(Objects.requireNonNull(upstream, "upstream"), permits, options.retry(), metrics, options.badUpstreamStatus()), false);
    this.privateSide =
        new Side(
            privateModules
                .upstream()
                .map(u -> new Upstream(u, permits, options.retry(), metrics, options.badUpstreamStatus()))
                .orElse(null),
            true);
    this.mutable = new MutableAnswers(store, options.clock());
    this.negative = new NegativeCache(options.negativeTtl(), options.negativeEntries(), options.clock());
    this.refused = new NegativeCache(options.negativeTtl(), options.negativeEntries(), options.clock());
    this.lists = new ListRewrites(this::rewriteList, background);
  }

  public Store store() {
    return store;
  }

  // --- immutable files -----------------------------------------------------------------------

  @Override
  public Answer mod(String module, String version) {
    Side side = side(module);
    Path file = store.file(module, version, "mod");
    if (hit("mod", file) || side.offline()) {
      Answer a = local.mod(module, version);
      if (!side.offline() && !(a instanceof Answer.Failure)) {
        storeInfoInBackground(side, module, version, null); // a prefetched .mod came without it
        prefetchRequirements(module, version, null);
      }
      return side.seal(a);
    }
    Answer a = guard(() -> ensureMod(side, module, version, true));
    if (a instanceof Answer.Bytes b) {
      // This request may have joined a flight fetching the .mod ahead, which left the .info out.
      storeInfoInBackground(side, module, version, null);
      prefetchRequirements(module, version, b.body());
    }
    return side.seal(a);
  }

  /**
   * Fetches, verifies and stores the {@code .mod} (and {@code .info}) of every module the {@code
   * .mod} just answered requires, in the background, before the client asks. The {@code .info}
   * of a module the walk reads but never downloads is a request too many; fetched only when the
   * client asks for the {@code .mod}, the {@code .info}s of the others were not ready when {@code
   * go mod download} asked for them, which it does while the walk still runs (27 ms against 3 ms
   * mean in the cold benchmark).
   *
   * <p>The go command walks the requirement graph a level at a time with as many requests in
   * flight as it has processors (two on a small build machine), and each of its {@code .mod}
   * requests costs gofer an upstream fetch beside a verified checksum lookup. Reading the
   * requirements of each {@code .mod} it serves lets gofer run the next level ahead of the client,
   * several at once, so the client's next requests find them stored or in flight. Only the
   * requirements of {@code .mod} files a client asked for are fetched (one level, no cascade):
   * what a graph walk asks for next, not the whole history of every dependency. Below a {@code
   * go.mod} that prunes its graph ({@code go 1.17} or later), a requirement older than a version
   * of the same module wanted moments ago is left out: the walk selects the newer one and never
   * reads the older {@code go.mod}. The fetches go
   * through the same single flights, verification, private-module routing and upstream permits
   * as a client's, at most {@link #PREFETCH_SLOTS} at once, and a failure only means the client's
   * own request fetches it.
   *
   * @param mod the {@code .mod}'s bytes, or null to read them from the store in the background
   */
  private void prefetchRequirements(String module, String version, byte[] mod) {
    if (!options.prefetchRequirements()) {
      return;
    }
    wanted(module, version);
    if (!prefetched.add(module + "@" + version)) {
      return;
    }
    if (prefetched.size() > PREFETCH_MEMORY) {
      prefetched.clear();
      newestWanted.clear();
    }
    inBackground("prefetch requirements " + module + "@" + version, () -> scheduleRequirements(module, version, mod));
  }

  private void scheduleRequirements(String module, String version, byte[] given) {
    byte[] mod = given;
    if (mod == null) {
      mod = store.pending(store.file(module, version, "mod"));
    }
    try {
      if (mod == null) {
        mod = Files.readAllBytes(store.file(module, version, "mod"));
      }
      ModFile f = ModFile.parseLax(module + "@" + version + "/go.mod", mod);
      boolean pruned = prunesItsGraph(f);
      for (ModFile.Require r : f.requires()) {
        if (pruned && olderThanWanted(r.path(), r.version())) {
          metrics.prefetches.labelValues("mod", "skipped").inc();
          continue;
        }
        wanted(r.path(), r.version());
        prefetchMod(r.path(), r.version());
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}@{}: requirements not prefetched: {}", module, version, e.getMessage());
    }
  }

  /**
   * Whether the go command prunes the module graph below this {@code go.mod}: from {@code go
   * 1.17} on it loads the requirements such a module lists but not their own {@code go.mod}
   * files, so a requirement of it is asked for only where the main module selects that very
   * version (listed in the main {@code go.mod}) or an unpruned path reaches it. An older {@code
   * go.mod}, or none, makes the go command load the whole graph below it.
   */
  static boolean prunesItsGraph(ModFile f) {
    // cmd/go: gover.Compare(goVersion, gover.ExplicitIndirectVersion) >= 0
    return f.go().filter(Gover::isValid).map(v -> Gover.compare(v, "1.17") >= 0).orElse(false);
  }

  /**
   * Whether a newer version of {@code module} was wanted in the last {@link #WANTED_FOR}: then a
   * pruned {@code go.mod} requiring this older one is not what the walk under way selects. Of the
   * 199 requirements a 139-module cold download had fetched ahead, 66 were never asked for;
   * skipping these left 17, and every one the client asked for was still fetched ahead
   * (bench/RESULTS.md).
   */
  private boolean olderThanWanted(String module, String version) {
    Wanted w = newestWanted.get(module);
    return w != null
        && options.clock().millis() - w.atMillis() < WANTED_FOR.toMillis()
        && Semver.isValid(version)
        && Semver.compare(w.version(), version) > 0;
  }

  /** Remembers that {@code module@version} is wanted, if newer than the version remembered. */
  private void wanted(String module, String version) {
    if (!Semver.isValid(version)) {
      return;
    }
    long now = options.clock().millis();
    newestWanted.merge(
        module,
        new Wanted(version, now),
        (old, v) ->
            now - old.atMillis() >= WANTED_FOR.toMillis() || Semver.compare(v.version(), old.version()) >= 0 ? v : old);
  }

  private void prefetchMod(String module, String version) {
    if (!isExactVersion(module, version)) {
      return;
    }
    Side side = side(module);
    if (side.offline() || store.has(store.file(module, version, "mod")) || refreshing.size() >= PREFETCH_QUEUE) {
      return;
    }
    fetchAhead("mod", prefetchSlots, background, module, version, () -> ensureMod(side, module, version, true));
  }

  /**
   * Runs {@code fetch} on {@code executor} under one of {@code slots}, counted in {@code
   * gofer_prefetches_total{kind}}; a failure is only counted and logged at debug level (the
   * client's own request will fetch, and report, it).
   */
  private void fetchAhead(String kind, Semaphore slots, ExecutorService executor, String module, String version, Runnable fetch) {
    inBackground(
        executor,
        "prefetch " + kind + " " + module + "@" + version,
        () -> {
          try {
            slots.acquire();
            try {
              fetch.run();
              metrics.prefetches.labelValues(kind, "fetched").inc();
            } finally {
              slots.release();
            }
          } catch (FetchFailure | UncheckedIOException | ModException e) {
            metrics.prefetches.labelValues(kind, "failed").inc();
            LOG.debug("{}@{}: {} fetched ahead failed: {}", module, version, kind, e.getMessage());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  @Override
  public Answer zip(String module, String version) {
    Side side = side(module);
    Path file = store.file(module, version, "zip");
    if (hit("zip", file) || side.offline()) {
      return side.seal(local.zip(module, version));
    }
    return side.seal(guard(() -> zipAnswer(side, module, version)));
  }

  /**
   * A fetched zip's answer: the stored file, or the verified temp file held open while it is
   * published. Each caller (also each single-flight waiter) takes its own reference; a handle
   * already closed means its publish ended, so the store is asked again (a failed publish
   * refetches).
   */
  private Answer zipAnswer(Side side, String module, String version) {
    while (true) {
      ZipFetch got = ensureZip(side, module, version);
      if (got.open() == null) {
        return new Answer.File(got.stored(), Answer.ZIP, Caching.IMMUTABLE);
      }
      if (got.open().retain()) {
        return new Answer.Open(got.open(), Answer.ZIP, Caching.IMMUTABLE);
      }
    }
  }

  /** A zip in the store ({@code stored}) or verified and being published ({@code open}). */
  private record ZipFetch(Path stored, OpenFile open) {}

  /**
   * A HEAD of a {@code .zip} is answered from the store alone: a stored zip as for GET, a missing
   * one 404 without downloading it (not remembered by caches: a GET fetches it). The go command
   * never sends HEAD, so this only spares a monitor's probe a download of up to 500 MB.
   */
  @Override
  public Answer zipHead(String module, String version) {
    Side side = side(module);
    store.awaitPublished(store.file(module, version, "zip"));
    if (hit("zip", store.file(module, version, "zip"))) {
      return side.seal(local.zip(module, version));
    }
    return side.seal(
        new Answer.Failure(
            404,
            "not found: " + module + "@" + version + ".zip is not in gofer's store yet; a HEAD does not fetch it, a GET does",
            Caching.NO_CACHE));
  }

  @Override
  public Answer info(String module, String query) {
    Side side = side(module);
    if (!isExactVersion(module, query)) {
      if (side.offline()) {
        return side.seal(local.info(module, query));
      }
      return side.seal(
          mutable(
              side,
              "info",
              "info " + module + "@" + query,
              mutable.info(module, query),
              () -> json(side.upstream().info(module, query)),
              () -> local.info(module, query),
              Answer.JSON));
    }
    Path file = store.file(module, query, "info");
    if (hit("info", file) || side.offline()) {
      Answer a = local.info(module, query);
      if (!side.offline() && !(a instanceof Answer.Failure)) {
        prefetchZip(side, module, query);
      }
      return side.seal(a);
    }
    Answer a = guard(() -> ensureInfo(side, module, query));
    if (!(a instanceof Answer.Failure)) {
      prefetchZip(side, module, query);
    }
    return side.seal(a);
  }

  /**
   * Fetches, verifies and stores the {@code .zip} of a canonical version whose {@code .info} a
   * client just fetched, in the background, before the client asks for it.
   *
   * <p>{@code go mod download} (the usual first step of a CI build) first asks for the {@code
   * .info} of every module it will download, then for their zips one by one with as many in
   * flight as the client has processors, extracting each in between. Starting the zips when the
   * {@code .info}s arrive overlaps gofer's download and verification with the client's
   * extraction instead of adding to it. The cost: a client that asks for {@code .info}s without
   * wanting the code ({@code go list -m -json all}) makes gofer store those zips too. Same single
   * flights, verification, private routing and upstream permits as a client's fetch, at most
   * {@link #PREFETCH_ZIP_SLOTS} at once.
   */
  private void prefetchZip(Side side, String module, String version) {
    if (!options.prefetchZips() || refreshing.size() >= PREFETCH_QUEUE) {
      return;
    }
    Path zip = store.file(module, version, "zip");
    if (publishing.containsKey(zip) || Files.isRegularFile(zip)) {
      return;
    }
    fetchAhead("zip", zipSlots, zipsAhead, module, version, () -> ensureZip(side, module, version));
  }

  /**
   * How many zips are fetched ahead at once on a machine with {@code processors} cores: half of
   * them, at least one and at most four. Each one keeps a core busy inflating and hashing as its
   * bytes arrive, and it runs while a client walks its module graph, which waits on gofer's
   * answers one request after another. On 2 cores shared with the go command, four at once
   * against one made that walk longer in each of four alternating pairs (1.28-2.13 s against
   * 1.19-1.47 s) and the whole download too (4.29-5.86 s against 4.07-4.76 s); two against one,
   * in each of three (bench/RESULTS.md, session 11). Half the cores leave the rest to the
   * requests clients wait on.
   */
  static int zipSlotsFor(int processors) {
    return Math.max(1, Math.min(4, processors / 2));
  }

  /**
   * A canonical version that fits the path: its {@code .info} must name exactly it, so it is as
   * immutable as the {@code .mod} and {@code .zip}. Anything else is a query.
   */
  static boolean isExactVersion(String module, String query) {
    if (!Semver.isValid(query) || !query.equals(Semver.canonicalModuleVersion(query))) {
      return false;
    }
    try {
      ModulePath.checkPathVersion(module, query);
      return true;
    } catch (ModException e) {
      return false;
    }
  }

  /** Whether {@code file} is stored, on disk or queued for a write-behind; counts a hit or miss. */
  private boolean hit(String kind, Path file) {
    boolean hit = store.has(file);
    metrics.cache.labelValues(kind, hit ? "hit" : "miss").inc();
    return hit;
  }

  /**
   * Makes sure the verified {@code .mod} is stored; with {@code withInfo} its {@code .info} is
   * fetched beside it in the background and stored once the {@code .mod} has verified.
   *
   * <p>The cold path is as short as the go command's own: the verified checksum lookup depends
   * only on {@code module@version}, so it runs while the {@code .mod} downloads and the two are
   * joined before anything is published. The {@code .info} (which the client asks for separately,
   * and then joins the background fetch through its single flight) and the store's {@code list}
   * file (read only by {@code file://} clients and static servers; gofer computes its own
   * answers from the versions present) are kept off the answer's critical path.
   *
   * <p>So is the {@code .mod}'s own fsync: once verified it is answered from its bytes and
   * published by {@link Store#writeBehind} (readers of the store see it queued until then); a
   * crash before that publish costs a refetch. Requests that waited on this single flight get the
   * same answer.
   */
  private Answer ensureMod(Side side, String module, String version, boolean withInfo) {
    String key = "mod " + module + "@" + version;
    return flights.run(
        key,
        () -> {
          Path target = store.file(module, version, "mod");
          Answer stored = stored(target, Answer.TEXT);
          if (stored != null) {
            return stored;
          }
          checkNegative(key);
          checkRefused(key);
          Lookup sums = side.verify() ? lookup(module, version) : null;
          CompletableFuture<Void> verified = new CompletableFuture<>();
          if (withInfo) {
            storeInfoInBackground(side, module, version, verified);
          }
          try {
            byte[] mod = remembered(key, () -> side.upstream().mod(module, version, options.maxModBytes()));
            String h1 = DirHash.hashGoMod(mod);
            if (sums != null) {
              checkSum(module, version, version + "/go.mod", h1, "mod", sums);
            }
            store.writeBehind(target, mod);
            metrics.stored(mod.length);
            verified.complete(null);
            lists.request(module);
            return new Answer.Bytes(mod, Answer.TEXT, Caching.IMMUTABLE);
          } catch (Throwable e) { // rethrown as is (precise rethrow); never leaves the .info waiting
            verified.completeExceptionally(e);
            throw e;
          }
        },
        () -> metrics.singleFlightWaits.labelValues("mod").inc());
  }

  /**
   * Makes sure the verified {@code .zip} is stored or being published, with its {@code .mod}
   * verified first.
   *
   * <p>The answer does not wait for the zip's fsync: once verified, the temp file is opened and
   * that handle is what requests are served from (this one, the single flight's waiters, and
   * requests arriving before the rename, through {@code publishing}), while {@link
   * Store#publishBehind} waits for the {@code .mod}'s publish, writes the {@code .ziphash}, then
   * forces and renames the zip: a published {@code .zip} always has both beside it, and a crash
   * before the rename leaves only a temp file. The handle is dropped from {@code publishing}
   * after the rename (later requests find the file) or after a failed publish (later requests
   * refetch).
   */
  private ZipFetch ensureZip(Side side, String module, String version) {
    String key = "zip " + module + "@" + version;
    return flights.run(
        key,
        () -> {
          Path target = store.file(module, version, "zip");
          OpenFile under = publishing.get(target);
          if (under != null) {
            return new ZipFetch(null, under);
          }
          if (Files.isRegularFile(target)) {
            return new ZipFetch(target, null);
          }
          checkNegative(key);
          checkRefused(key);
          ensureMod(side, module, version, true);
          // Usually a stored record by now (the .mod's lookup kept it); else it runs meanwhile.
          Lookup sums = side.verify() ? lookup(module, version) : null;
          Path temp = store.newTemp(target);
          boolean handedOver = false;
          try {
            Upstream.ZipDownload got = remembered(key, () -> zipToTemp(side, module, version, temp));
            long size = got.size();
            String h1 = checkedZipHash(module, version, temp, got);
            if (sums != null) {
              checkSum(module, version, version, h1, "zip", sums);
            }
            OpenFile open = OpenFile.open(temp); // the publish's reference
            publishing.put(target, open);
            Path mod = store.file(module, version, "mod");
            Path ziphash = store.file(module, version, "ziphash");
            CompletableFuture<Void> published;
            try {
              published =
                  store.publishBehind(
                      temp,
                      target,
                      () -> {
                        store.awaitPublished(mod);
                        store.write(ziphash, h1.getBytes(StandardCharsets.UTF_8));
                      });
            } catch (RuntimeException e) {
              publishing.remove(target, open);
              open.release();
              throw e;
            }
            handedOver = true;
            published.whenComplete(
                (ok, failed) -> {
                  if (failed == null) {
                    metrics.stored(size);
                    metrics.stored(h1.length());
                  }
                  publishing.remove(target, open);
                  open.release();
                });
            return new ZipFetch(null, open);
          } finally {
            if (!handedOver) {
              Files.deleteIfExists(temp);
            }
          }
        },
        () -> metrics.singleFlightWaits.labelValues("zip").inc());
  }

  private Upstream.ZipDownload zipToTemp(Side side, String module, String version, Path temp) {
    try {
      return side.upstream().zip(module, version, temp, options.maxZipBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Answers the {@code .info} of a canonical version as soon as the upstream's names exactly that
   * version, and stores it only once its {@code .mod} verified: from its bytes, while {@link
   * Store#writeBehind} publishes it.
   *
   * <p>No checksum database covers an {@code .info}: gofer checks that it names the version asked
   * and nothing more, whether or not it waits. Waiting for the {@code .mod} cost a cold graph walk
   * up to a second: the go command asks first for the {@code .info} of every module its pruned
   * walk never read, two at a time, and each then waited for a {@code .mod}, its lookup and its
   * tiles (bench/RESULTS.md, session 7). What a client builds with, the {@code .mod} and {@code
   * .zip}, is still answered only verified, and an {@code .info} whose {@code .mod} fails is
   * never stored, so neither it nor a list built from the store ever names that version.
   */
  private Answer ensureInfo(Side side, String module, String version) {
    return ensureInfo(side, module, version, null);
  }

  /**
   * {@link #ensureInfo(Side, String, String)}, with {@code modVerified} (when not null) standing
   * for the {@code .mod} flight already under way: it is awaited instead of a second flight, so a
   * {@code .mod} that fails is neither fetched again nor counted twice, and the {@code .info}
   * fails with the {@code .mod}'s failure.
   */
  private Answer ensureInfo(Side side, String module, String version, CompletableFuture<Void> modVerified) {
    String key = "info " + module + "@" + version;
    return flights.run(
        key,
        () -> {
          Path target = store.file(module, version, "info");
          Answer stored = stored(target, Answer.JSON);
          if (stored != null) {
            return stored;
          }
          AwaitingMod answered = infoAwaitingMod.get(target);
          if (answered != null) {
            return new Answer.Bytes(answered.info(), Answer.JSON, Caching.IMMUTABLE);
          }
          checkNegative(key);
          CompletableFuture<Void> mod = modVerified;
          if (mod == null && store.has(store.file(module, version, "mod"))) {
            mod = CompletableFuture.completedFuture(null); // verified before it was stored
          } else if (mod == null) {
            // The .mod, its lookup and tiles download while the .info does: a go command asks
            // for the .info of a module whose go.mod its graph walk never read before anything
            // else of it, and waits for both (bench/RESULTS.md, session 6).
            mod = CompletableFuture.runAsync(() -> ensureMod(side, module, version, false), lookups);
          }
          byte[] info;
          try {
            info = remembered(key, () -> exactInfo(side, module, version));
          } catch (RuntimeException e) {
            if (modVerified == null) {
              // nothing started for this request runs on after its answer (nor after close)
              mod.exceptionally(ignored -> null).join();
            }
            throw e;
          }
          if (mod.isDone() || modVerified != null) {
            // Verified already (a .mod failed here is the answer), or a background store for a
            // .mod a client is waiting for: nobody waits for this answer.
            try {
              mod.join();
            } catch (java.util.concurrent.CompletionException e) {
              throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            store.writeBehind(target, info);
            metrics.stored(info.length);
            return new Answer.Bytes(info, Answer.JSON, Caching.IMMUTABLE);
          }
          AwaitingMod awaiting = new AwaitingMod(info, new CompletableFuture<>());
          infoAwaitingMod.put(target, awaiting);
          mod.handle(
              (ok, failed) -> {
                try {
                  if (failed == null) {
                    store.writeBehind(target, info);
                    metrics.stored(info.length);
                  }
                } finally {
                  infoAwaitingMod.remove(target, awaiting);
                  awaiting.done().complete(null);
                }
                return null;
              });
          return new Answer.Bytes(info, Answer.JSON, Caching.IMMUTABLE);
        },
        () -> metrics.singleFlightWaits.labelValues("info").inc());
  }

  /** The upstream's {@code .info} bytes for {@code version}, which must name exactly it. */
  private byte[] exactInfo(Side side, String module, String version) {
    Info info = side.upstream().info(module, version);
    if (!info.version().equals(version)) {
      throw FetchFailure.badUpstream(
          options.badUpstreamStatus(),
          "bad upstream: " + module + "@" + version + ": proxy returned info for version " + info.version() + " instead of requested version",
          null);
    }
    return json(info);
  }

  /**
   * Fetches the {@code .info} while its {@code .mod} downloads and verifies, on a background
   * thread, under the same single flight as a client's {@code .info} request (which therefore
   * waits for it rather than fetching twice); it is stored once the {@code .mod} has verified
   * ({@link #ensureInfo}). A failure only costs a later fetch.
   */
  private void storeInfoInBackground(Side side, String module, String version, CompletableFuture<Void> modVerified) {
    if (store.has(store.file(module, version, "info"))) {
      return;
    }
    inBackground(
        "store info " + module + "@" + version,
        () -> {
          try {
            ensureInfo(side, module, version, modVerified);
          } catch (FetchFailure | UncheckedIOException e) {
            LOG.debug("{}@{}: .info not stored with its .mod: {}", module, version, e.getMessage());
          }
        });
  }

  private static byte[] json(Info info) {
    return info.json().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The zip's {@code h1:} after it passed the module zip checks; 403 if it did not.
   *
   * <p>Usually no pass over the data is left by now: the zip checks read only the central
   * directory (names, sizes), and the entries were inflated and hashed while they downloaded,
   * from the local headers as they went by. Those digests are used only if the central
   * directory, which comes last, names for every entry a local header the stream parsed at
   * exactly that entry's offset, with the same flags, method and name, and data of exactly the
   * directory's compressed size, size and CRC-32: that offset is where the go command's {@code
   * archive/zip} reads the entry, so the hash is of what it will extract, not of what a
   * malicious zip's local headers claim (matching by name or order would not be: entries can
   * swap offsets with equal CRCs and sizes). Any other zip (or a stream that gave up: zip64,
   * encryption, an unusual data descriptor, more than 500 MiB of content) is hashed in a second
   * pass that inflates every entry again; it gets the same answer, only later. {@code
   * gofer_zip_verify_total} counts both paths.
   */
  private String checkedZipHash(String module, String version, Path zip, Upstream.ZipDownload got) throws IOException {
    try {
      ModuleZip.checkZip(module, version, zip).throwIfInvalid();
      DirHash.ZipHash hashed = DirHash.hashZip(zip, got.streamed());
      metrics.zipVerifications.labelValues(hashed.streamed() ? "streamed" : "full").inc();
      hashed.fallback().ifPresent(why -> LOG.info("{}@{}: zip hashed in a second pass: {}", module, version, FetchFailure.oneLine(why)));
      return hashed.h1();
    } catch (ModException | java.util.zip.ZipException e) {
      throw verificationFailure(
          "zip", module, version, "verifying " + module + "@" + version + ": invalid module zip: " + e.getMessage());
    }
  }

  /** The verified checksum lookup of {@code module@version}, started now on a virtual thread. */
  private Lookup lookup(String module, String version) {
    CompletableFuture<List<String>> f;
    try {
      f = CompletableFuture.supplyAsync(() -> verifier.goSumLines(module, version), lookups);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      f = CompletableFuture.completedFuture(null).thenApply(x -> verifier.goSumLines(module, version));
    }
    pendingLookups.add(f);
    CompletableFuture<List<String>> mine = f;
    f.whenComplete((lines, e) -> pendingLookups.remove(mine));
    return new Lookup(f);
  }

  /** A verified checksum lookup under way; {@link #lines} waits for it. */
  private record Lookup(CompletableFuture<List<String>> future) {
    /** The lookup's go.sum lines, or the exception it failed with, as thrown. */
    List<String> lines() {
      try {
        return future.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    }
  }

  /**
   * Compares {@code h1} with the checksum database's line {@code <module> <what> h1:...}; 403 on a
   * mismatch, a missing line or a version the database does not have.
   */
  private void checkSum(String module, String version, String what, String h1, String kind, Lookup sums) {
    List<String> lines;
    try {
      lines = sums.lines();
    } catch (NotInChecksumDatabaseException e) {
      throw verificationFailure(
          kind, module, version, "verifying " + module + "@" + what + ": not in the checksum database: " + e.getMessage());
    } catch (ChecksumDatabaseException e) {
      throw FetchFailure.badUpstream(
          options.badUpstreamStatus(), "bad upstream: verifying " + module + "@" + what + ": checksum database: " + e.getMessage(), e);
    }
    Optional<String> want = GoSum.hash(lines, module, what);
    if (want.isEmpty()) {
      throw verificationFailure(
          kind, module, version, "verifying " + module + "@" + what + ": the checksum database has no h1: line for it");
    }
    if (!want.get().equals(h1)) {
      throw verificationFailure(
          kind,
          module,
          version,
          "verifying " + module + "@" + what + ": checksum mismatch: downloaded " + h1 + ", checksum database " + want.get()
              + ": refusing to store or serve it");
    }
  }

  private FetchFailure verificationFailure(String kind, String module, String version, String message) {
    metrics.verificationFailures.labelValues(kind).inc();
    LOG.warn("refused {} of {}@{}: {}", kind, module, version, message);
    refused.put(kind + " " + module + "@" + version, message);
    return FetchFailure.refused(message);
  }

  /** Answers 403 again, without a download, for what verification refused lately. */
  private void checkRefused(String key) {
    Optional<String> message = refused.get(key);
    if (message.isPresent()) {
      metrics.cache.labelValues(key.substring(0, key.indexOf(' ')), "refused").inc();
      throw FetchFailure.refused(message.get());
    }
  }

  /**
   * Rewrites {@code @v/list} in the store as Go's cache does: every version with a {@code .mod}.
   * The {@code .mod} files still queued for a write-behind are published first, so that the
   * list on disk never names a version whose {@code .mod} a crash could lose.
   */
  private void rewriteList(String module) {
    try {
      for (Path queued : store.pendingIn(store.versionDir(module))) {
        store.awaitPublished(queued);
      }
      List<String> versions = local.storedVersions(module).orElse(List.of());
      store.write(store.list(module), listBody(versions));
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("{}: cannot rewrite the store's list file: {}", module, e.toString());
    }
  }

  // --- mutable answers -----------------------------------------------------------------------

  @Override
  public Answer list(String module) {
    Side side = side(module);
    if (side.offline()) {
      return side.seal(local.list(module));
    }
    return side.seal(
        mutable(
            side,
            "list",
            "list " + module,
            mutable.list(module),
            () -> listBody(side.upstream().list(module)),
            () -> local.list(module),
            Answer.TEXT));
  }

  @Override
  public Answer latest(String module) {
    Side side = side(module);
    if (side.offline()) {
      return side.seal(local.latest(module));
    }
    return side.seal(
        mutable(
            side,
            "latest",
            "latest " + module,
            mutable.latest(module),
            () -> json(side.upstream().latest(module)),
            () -> local.latest(module),
            Answer.JSON));
  }

  private static byte[] listBody(List<String> versions) {
    StringBuilder b = new StringBuilder();
    for (String v : versions) {
      b.append(v).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A mutable answer: fresh → serve; stale → serve and refresh in the background; too old or
   * missing → fetch, and if the upstream fails serve the stale answer, else {@code offline}
   * (computed from the store), else the failure.
   */
  private Answer mutable(
      Side side, String kind, String key, Path file, Supplier<byte[]> fetch, Supplier<Answer> offline, String type) {
    Optional<MutableAnswers.Entry> have;
    try {
      have = mutable.read(file);
    } catch (IOException e) {
      LOG.warn("{}: cannot read remembered answer {}: {}", key, file, e.toString());
      have = Optional.empty();
    }
    if (have.isPresent()) {
      Duration age = Duration.between(have.get().fetched(), options.clock().instant());
      if (age.compareTo(options.freshFor()) <= 0) {
        metrics.cache.labelValues(kind, "hit").inc();
        return new Answer.Bytes(have.get().body(), type, Caching.MUTABLE);
      }
      if (age.compareTo(options.maxStale()) <= 0) {
        metrics.cache.labelValues(kind, "stale").inc();
        refreshInBackground(key, file, fetch);
        return new Answer.Bytes(have.get().body(), type, Caching.MUTABLE);
      }
    }
    metrics.cache.labelValues(kind, "miss").inc();
    Optional<String> gone = negative.get(key);
    if (gone.isPresent()) {
      metrics.cache.labelValues(kind, "negative").inc();
      return FetchFailure.notFound(gone.get()).answer();
    }
    try {
      byte[] body = flights.run(key, () -> mutable.write(file, remembered(key, fetch)).body(), () -> metrics.singleFlightWaits.labelValues(kind).inc());
      return new Answer.Bytes(body, type, Caching.MUTABLE);
    } catch (FetchFailure f) {
      if (f.notFound()) {
        return f.answer();
      }
      if (have.isPresent()) {
        LOG.info("{}: upstream failed, serving the answer from {}: {}", key, have.get().fetched(), f.getMessage());
        return new Answer.Bytes(have.get().body(), type, Caching.MUTABLE);
      }
      Answer fromStore = offline.get();
      if (!(fromStore instanceof Answer.Failure)) {
        LOG.info("{}: upstream failed, answering from the store: {}", key, f.getMessage());
        return fromStore;
      }
      return f.answer();
    } catch (UncheckedIOException e) {
      return internal(key, e);
    }
  }

  private void refreshInBackground(String key, Path file, Supplier<byte[]> fetch) {
    inBackground(
        key,
        () -> {
          try {
            flights.run(key, () -> mutable.write(file, remembered(key, fetch)), () -> {});
          } catch (RuntimeException e) {
            LOG.info("{}: background refresh failed, still serving the stale answer: {}", key, e.getMessage());
          }
        });
  }

  /** Runs {@code task} on a background thread unless a task under {@code key} is under way. */
  private void inBackground(String key, Runnable task) {
    inBackground(background, key, task);
  }

  private void inBackground(ExecutorService executor, String key, Runnable task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (refreshing.putIfAbsent(key, done) != null) {
      return;
    }
    try {
      executor.execute(
          () -> {
            try {
              task.run();
            } finally {
              refreshing.remove(key, done);
              done.complete(null);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      refreshing.remove(key, done);
      done.complete(null);
    }
  }

  /**
   * Waits for every background task under way now, the list rewrites they asked for and the
   * store's write-behinds (tests).
   */
  void awaitBackground() {
    while (!refreshing.isEmpty() || !infoAwaitingMod.isEmpty()) { // tasks may start others (prefetches)
      for (CompletableFuture<Void> f : List.copyOf(refreshing.values())) {
        f.join();
      }
      awaitInfosAnswered();
    }
    lists.await();
    store.flush();
  }

  /** Waits for the checksum lookups started so far, also those whose download failed (tests). */
  void awaitLookups() {
    pendingLookups.forEach(CompletableFuture::join);
  }

  /** Waits until no answered {@code .info} awaits its {@code .mod}'s verification. */
  private void awaitInfosAnswered() {
    List.copyOf(infoAwaitingMod.values()).forEach(a -> a.done().join());
  }

  /** Waits for the background refresh of {@code key} if one is under way (tests). */
  void awaitRefresh(String key) {
    CompletableFuture<Void> f = refreshing.get(key);
    if (f != null) {
      f.join();
    }
  }

  // --- shared --------------------------------------------------------------------------------

  private Side side(String module) {
    return privateModules.matches(module) ? privateSide : publicSide;
  }

  private void checkNegative(String key) {
    Optional<String> gone = negative.get(key);
    if (gone.isPresent()) {
      metrics.cache.labelValues(key.substring(0, key.indexOf(' ')), "negative").inc();
      throw FetchFailure.notFound(gone.get());
    }
  }

  /** Runs an upstream call, remembering a "not found" under {@code key}. */
  private <T> T remembered(String key, Supplier<T> call) {
    try {
      return call.get();
    } catch (FetchFailure f) {
      if (f.notFound()) {
        negative.put(key, f.getMessage());
      }
      throw f;
    }
  }

  private Answer stored(Path file, String contentType) {
    return local.stored(file, contentType);
  }

  private Answer guard(Supplier<Answer> fetch) {
    try {
      return fetch.get();
    } catch (FetchFailure f) {
      return f.answer();
    } catch (UncheckedIOException e) {
      return internal("fetch", e);
    }
  }

  private static Answer internal(String what, UncheckedIOException e) {
    LOG.error("{}: store I/O failed", what, e);
    return new Answer.Failure(500, "internal error: store: " + FetchFailure.oneLine(e.getCause().toString()), Caching.PRIVATE);
  }

  /**
   * Stops background work; waits for pending list rewrites, briefly for refreshes and {@code
   * .info} fetches under way, then makes everything published durable ({@link Store#flush}, which
   * also waits for the zips being published).
   */
  @Override
  public void close() {
    lists.await();
    background.shutdown();
    zipsAhead.shutdown();
    lookups.shutdown();
    try {
      background.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
      zipsAhead.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
      lookups.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS); // .mods of answered .infos
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.flush();
  }

  /** When the entry in {@code file} was fetched (tests and diagnostics). */
  Optional<Instant> fetched(Path file) throws IOException {
    return mutable.read(file).map(MutableAnswers.Entry::fetched);
  }
}
