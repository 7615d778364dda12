package dev.gofer.proxy.sumdb;

import dev.gofer.mod.ModException;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.sumdb.Client;
import dev.gofer.mod.sumdb.ClientStore;
import dev.gofer.mod.sumdb.NotFoundException;
import dev.gofer.mod.sumdb.SignedTree;
import dev.gofer.mod.sumdb.SumdbRemote;
import dev.gofer.mod.tlog.Record;
import dev.gofer.mod.tlog.Tile;
import dev.gofer.proxy.http.Answer;
import dev.gofer.proxy.http.Answer.Caching;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.ChecksumVerifier.ChecksumDatabaseException;
import dev.gofer.proxy.modules.ChecksumVerifier.NotInChecksumDatabaseException;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One checksum database behind the mirror: a verifying {@link Client} over the store (persisted
 * latest under {@code <data>/state/sumdb/<name>/latest}, authenticated lookups and tiles under
 * {@code <data>/cache/download/sumdb/<name>/}, Go's layout), the upstream it reads, and its
 * {@link ForkGuard}.
 *
 * <p>Answers come from the store first; only a miss reaches the upstream, and only through the
 * client, which proves everything before it is cached or returned. Offline, refused, or with the
 * upstream failing, the store alone answers: the persisted head, stored lookups, stored tiles
 * (cut to a narrower width when asked).
 *
 * <p>A stored lookup is the verified answer as the upstream sent it: the record and the signed
 * head it came with, a head the client proved to be a prefix of the persisted one. It is the only
 * file kept per lookup: a go client verifies it as it is, and the go.sum lines come from its record.
 */
final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final String name;
  private final String verifierKey;
  private final SumdbMirror.Settings settings;
  private final Store store;
  private final Metrics metrics;
  private final Path cache;
  private final ClientStore clientStore;
  private final SumdbRemote remote;
  private final ForkGuard guard;

  private final ReentrantLock clientLock = new ReentrantLock();
  private volatile Current current;
  private final ReentrantLock refreshLock = new ReentrantLock();
  private volatile long refreshes;
  /** When the upstream {@code /latest} was last read and merged; null: never. */
  private volatile java.time.Instant latestRead;

  /** The client in use, built for one refused-state epoch. */
  private record Current(Client client, int epoch) {}

  Database(DatabaseConfig config, SumdbMirror.Settings settings) {
    this.name = config.name();
    this.verifierKey = config.verifierKey();
    this.settings = settings;
    this.store = settings.store();
    this.metrics = settings.metrics();
    this.cache = store.sumdb(name);
    Path configDir = store.state().resolve("sumdb");
    this.clientStore = new WriteBehindClientStore(configDir, store);
    this.guard = new ForkGuard(name, configDir.resolve(name), store, metrics, settings.clock());
    this.remote =
        settings.offline()
            ? UpstreamRemote.offline(name)
            : new UpstreamRemote(
                settings.http(), config.base(settings.upstream()), settings.timeout(), metrics, name, guard::refused);
  }

  String name() {
    return name;
  }

  boolean refused() {
    return guard.refused();
  }

  /** Where the database is read from, for the start-up line; {@code offline} when it is not. */
  String source() {
    return remote instanceof UpstreamRemote u ? u.base() : "offline";
  }

  private Client client() {
    int epoch = guard.epoch();
    Current c = current;
    if (c != null && c.epoch() == epoch) {
      return c.client();
    }
    clientLock.lock();
    try {
      c = current;
      if (c == null || c.epoch() != epoch) {
        // A cleared refusal starts again from what is persisted (an operator may have reset it).
        c = new Current(
            Client.builder(verifierKey, remote, clientStore)
                .tileHeight(settings.tileHeight())
                .onSecurityError(guard::refuse)
                .build(),
            epoch);
        current = c;
      }
      return c.client();
    } finally {
      clientLock.unlock();
    }
  }

  Answer answer(SumdbRequest request) {
    return switch (request) {
      case SumdbRequest.Supported s -> new Answer.Bytes(new byte[0], Answer.TEXT, Caching.STABLE);
      case SumdbRequest.Latest l -> latest();
      case SumdbRequest.Lookup l -> lookup(l);
      case SumdbRequest.TileRequest t -> tile(t.tile());
      case SumdbRequest.Refused r -> refusal(r.status(), r.message());
    };
  }

  // --- latest ----------------------------------------------------------------------------------

  private Answer latest() {
    if (!settings.offline() && !guard.refused() && !latestIsFresh()) {
      refreshLatest();
    }
    SignedTree head;
    try {
      head = client().latest();
    } catch (ModException e) {
      LOG.warn("checksum database {}: persisted tree head unusable: {}", name, e.getMessage());
      return new Answer.Failure(503, "checksum database " + name + ": persisted tree head unusable: " + e.getMessage(), Caching.NO_CACHE);
    }
    if (head.tree().n() == 0) {
      return new Answer.Failure(404, "not found: no verified tree head of " + name + " yet", Caching.NO_CACHE);
    }
    return new Answer.Bytes(head.note(), Answer.TEXT, Caching.NO_CACHE);
  }

  /** Whether the upstream {@code /latest} was read and merged less than the freshness window ago. */
  private boolean latestIsFresh() {
    java.time.Instant read = latestRead;
    return read != null
        && java.time.Duration.between(read, settings.clock().instant()).compareTo(settings.latestFreshFor()) < 0;
  }

  /**
   * Reads the upstream {@code /latest} and merges it into the verified timeline (a newer head is
   * proven to extend ours and persisted; an older or equal one is proven to be a prefix). Callers
   * that arrive while a refresh runs wait for it and use its result instead of starting another.
   * Failures are logged and counted, never thrown: the persisted head stays.
   */
  private void refreshLatest() {
    long seen = refreshes;
    refreshLock.lock();
    try {
      if (refreshes != seen) {
        return;
      }
      try {
        byte[] note = remote.read("/latest");
        Client.When when = client().merge(note);
        latestRead = settings.clock().instant();
        LOG.debug("checksum database {}: upstream head is {} ours", name, when);
      } catch (IOException e) {
        LOG.debug("checksum database {}: /latest: {}", name, e.getMessage());
      } catch (ModException | UncheckedIOException e) {
        failed(Failure.of(e, "/latest", "note"), "/latest");
      }
    } finally {
      refreshes++;
      refreshLock.unlock();
    }
  }

  // --- lookups ---------------------------------------------------------------------------------

  private Answer lookup(SumdbRequest.Lookup l) {
    String mv = l.path() + "@" + l.version();
    if (settings.privatePatterns().matches(l.path())) {
      return refusal(403, "refused: " + mv + " matches the private module patterns; it is never looked up in a public checksum database");
    }
    Path stored = cache.resolve("lookup").resolve(l.file());
    // The queue first: a file leaves it only once published, so one of the two has it.
    byte[] queued = store.pending(stored);
    if (queued != null) {
      metrics.cache.labelValues("lookup", "hit").inc();
      return new Answer.Bytes(queued.clone(), Answer.TEXT, Caching.LOOKUP);
    }
    if (Files.isRegularFile(stored)) {
      metrics.cache.labelValues("lookup", "hit").inc();
      return new Answer.File(stored, Answer.TEXT, Caching.LOOKUP);
    }
    metrics.cache.labelValues("lookup", "miss").inc();
    if (settings.offline()) {
      return Answer.notFound("not found: " + mv + ": not in the store, and gofer is offline");
    }
    if (guard.refused()) {
      return refusedAnswer();
    }
    try {
      byte[] body = client().lookupBody(l.path(), l.version());
      return new Answer.Bytes(body, Answer.TEXT, Caching.LOOKUP);
    } catch (ModException | UncheckedIOException e) {
      return switch (failed(Failure.of(e, "/lookup/", "lookup"), mv)) {
        case Failure.NotFound f -> Answer.notFound("not found: " + f.message());
        case Failure.Unreachable f -> unreachable(f.message());
        case Failure.Forked f -> refusedAnswer();
        case Failure.Unverified f -> verificationFailed(f.message());
      };
    }
  }

  /**
   * The verified go.sum lines of {@code module@version}: from the stored lookup if present (it was
   * proven before it was stored), else through the client (which stores it).
   */
  List<String> goSumLines(String module, String version) {
    String mv = module + "@" + version;
    String file;
    try {
      ModulePath.check(module);
      file = ModulePath.escape(module) + "@" + ModulePath.escapeVersion(version);
    } catch (ModException e) {
      throw new ChecksumDatabaseException(mv + ": " + e.getMessage(), e);
    }
    if (settings.privatePatterns().matches(module)) {
      throw new ChecksumDatabaseException(mv + ": matches the private module patterns; not looked up in checksum database " + name);
    }
    String text = storedRecordText(file);
    if (text != null) {
      metrics.cache.labelValues("lookup", "hit").inc();
    } else {
      metrics.cache.labelValues("lookup", "miss").inc();
      if (settings.offline()) {
        throw new ChecksumDatabaseException(mv + ": no verified record in the store, and gofer is offline (checksum database " + name + ")");
      }
      if (guard.refused()) {
        throw new ChecksumDatabaseException(mv + ": checksum database " + name + " is refused after a fork; see its fork report");
      }
      try {
        byte[] body = client().lookupBody(module, version);
        text = Record.parse(body).record().text();
      } catch (ModException | UncheckedIOException e) {
        throw switch (failed(Failure.of(e, "/lookup/", "lookup"), mv)) {
          case Failure.NotFound f -> new NotInChecksumDatabaseException(f.message());
          case Failure.Unreachable f -> new ChecksumDatabaseException("checksum database " + name + " unreachable: " + f.message(), e);
          case Failure.Forked f -> new ChecksumDatabaseException(f.fork().getMessage(), e);
          case Failure.Unverified f -> new ChecksumDatabaseException("verifying " + f.message(), e);
        };
      }
    }
    List<String> lines = new ArrayList<>(2);
    String zip = module + " " + version + " ";
    String mod = module + " " + version + "/go.mod ";
    for (String line : text.split("\n")) {
      if (line.startsWith(zip) || line.startsWith(mod)) {
        lines.add(line);
      }
    }
    if (lines.isEmpty()) {
      throw new ChecksumDatabaseException(mv + ": the checksum database record has no go.sum lines for it");
    }
    return List.copyOf(lines);
  }

  private String storedRecordText(String file) {
    Path lookup = cache.resolve("lookup").resolve(file);
    byte[] data = store.pending(lookup);
    if (data == null) {
      try {
        data = Files.readAllBytes(lookup);
      } catch (IOException e) {
        return null;
      }
    }
    if (data == null || data.length == 0) {
      return null;
    }
    try {
      return Record.parse(data).record().text();
    } catch (ModException e) {
      LOG.warn("checksum database {}: stored lookup {} unusable: {}", name, file, e.getMessage());
      return null;
    }
  }

  // --- tiles -----------------------------------------------------------------------------------

  private Answer tile(Tile t) {
    if (t.height() != settings.tileHeight()) {
      return Answer.notFound("not found: " + t.path() + ": tiles of " + name + " have height " + settings.tileHeight());
    }
    Answer stored = StoredTiles.find(cache, t);
    byte[] queued = stored == null && t.level() < 0 ? store.pending(cache.resolve(t.path())) : null;
    if (queued != null) {
      stored = new Answer.Bytes(queued.clone(), StoredTiles.contentType(t), StoredTiles.caching(t));
    }
    if (stored != null) {
      metrics.cache.labelValues("tile", "hit").inc();
      return stored;
    }
    metrics.cache.labelValues("tile", "miss").inc();
    if (settings.offline()) {
      return Answer.notFound("not found: " + t.path() + ": not in the store, and gofer is offline");
    }
    if (guard.refused()) {
      return refusedAnswer();
    }
    try {
      try {
        return fetchTile(t);
      } catch (NotFoundException beyond) {
        // The client may be ahead of us: learn the upstream's newest head, then try once more.
        refreshLatest();
        return fetchTile(t);
      }
    } catch (NotFoundException e) {
      return Answer.notFound("not found: " + e.getMessage());
    } catch (ModException | UncheckedIOException e) {
      return switch (failed(Failure.of(e, "/tile/", "tile"), t.path())) {
        case Failure.NotFound f -> Answer.notFound("not found: " + f.message());
        case Failure.Unreachable f -> unreachable(f.message());
        case Failure.Forked f -> refusedAnswer();
        case Failure.Unverified f -> verificationFailed(f.message());
      };
    }
  }

  /** A tile authenticated by the client (which caches hash tiles); data tiles are stored here. */
  private Answer fetchTile(Tile t) {
    byte[] data = client().verifiedTile(t);
    if (t.level() < 0) {
      store.cacheBehind(cache.resolve(t.path()), data.clone());
    }
    return new Answer.Bytes(data, StoredTiles.contentType(t), StoredTiles.caching(t));
  }


  // --- failures --------------------------------------------------------------------------------

  /** Logs and counts a failure (a fork enters the refused state) and returns it. */
  private Failure failed(Failure f, String what) {
    switch (f) {
      case Failure.Forked fork -> guard.refuse(fork.fork().report());
      case Failure.Unverified u -> {
        metrics.verificationFailures.labelValues(u.kind()).inc();
        LOG.warn("checksum database {}: refused {}: {}", name, what, withoutPrefix(u.message(), what));
      }
      case Failure.Unreachable u -> LOG.info("checksum database {}: {}: {}", name, what, withoutPrefix(u.message(), what));
      case Failure.NotFound n -> LOG.debug("checksum database {}: {}: {}", name, what, withoutPrefix(n.message(), what));
    }
    return f;
  }

  private static String withoutPrefix(String message, String what) {
    return message.startsWith(what + ": ") ? message.substring(what.length() + 2) : message;
  }

  private Answer refusedAnswer() {
    return refusal(
        403,
        "refused: checksum database " + name + " forked (two signed tree heads contradict each other); "
            + "gofer serves only its last verified state until an operator removes the fork report");
  }

  private static Answer unreachable(String message) {
    return new Answer.Failure(502, "checksum database unreachable: " + message, Caching.NO_CACHE);
  }

  private static Answer verificationFailed(String message) {
    return new Answer.Failure(403, "refused: checksum database answer did not verify: " + message, Caching.PRIVATE);
  }

  private static Answer refusal(int status, String message) {
    return new Answer.Failure(status, message, status == 404 ? Caching.NEGATIVE : Caching.PRIVATE);
  }

  @Override
  public String toString() {
    return "Database[" + name + " " + source() + "]";
  }
}
