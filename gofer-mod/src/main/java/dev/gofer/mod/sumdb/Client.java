package dev.gofer.mod.sumdb;

import dev.gofer.mod.ModException;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.note.Note;
import dev.gofer.mod.note.Verifier;
import dev.gofer.mod.note.Verifiers;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.tlog.Hash;
import dev.gofer.mod.tlog.Record;
import dev.gofer.mod.tlog.Tile;
import dev.gofer.mod.tlog.TileHashReader;
import dev.gofer.mod.tlog.Tlog;
import dev.gofer.mod.tlog.TlogException;
import dev.gofer.mod.tlog.Tree;
import dev.gofer.mod.tlog.TreeProof;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A verifying client of one checksum database (Go's {@code sumdb.Client}): it trusts nothing the
 * server sends until it is proven against a signed tree head, and it keeps the heads it accepts
 * on one consistent timeline.
 *
 * <ul>
 *   <li>{@link #lookup} returns the go.sum lines of a module version after proving that the
 *       record is in the latest tree (§9.3–9.5 of the reference).
 *   <li>Every signed head it sees, in a lookup or given to {@link #merge}, must extend the latest
 *       head it accepted before, or be a prefix of it; both are proven with tiles. A head that
 *       contradicts the timeline is a fork: the client calls the security handler with the
 *       report and throws {@link ForkException}.
 *   <li>Tiles are authenticated against a trusted head before they are cached; lookups are
 *       verified before they are cached. The store's cache is trusted on reads.
 *   <li>The latest head is persisted in the store with compare-and-swap, so several clients (or
 *       processes) sharing a store extend one timeline.
 * </ul>
 *
 * <p>All methods are safe for concurrent use. Concurrent requests for the same lookup or tile are
 * collapsed into one. Unlike Go, failures are not remembered: the next call retries.
 */
public final class Client {
  /** The tile height the go command uses. */
  public static final int DEFAULT_TILE_HEIGHT = 8;

  /** Where a signed head lies relative to the latest head the client had accepted. */
  public enum When {
    /** An older head, proven to be a prefix of the latest. */
    PAST,
    /** The latest head itself (same size, proven same hash). */
    NOW,
    /** A newer head, proven to extend the latest, and now the latest. */
    FUTURE
  }

  private static final int MEMO_LIMIT = 50_000;
  private static final int MERGED_HEADS_LIMIT = 4096;

  private final Verifiers verifiers;
  private final String name;
  private final SumdbRemote remote;
  private final ClientStore store;
  private final int tileHeight;
  private final PrefixPatterns nosumdb;
  private final Consumer<String> securityErrors;

  private final ReentrantLock initLock = new ReentrantLock();
  private volatile boolean initialized;
  private final AtomicReference<SignedTree> latest = new AtomicReference<>(SignedTree.EMPTY);

  private final SingleFlight<String, byte[]> lookups = new SingleFlight<>();
  private final java.util.Map<String, byte[]> verifiedLookups =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final SingleFlight<Tile, byte[]> tileReads = new SingleFlight<>();
  private final java.util.Set<Tile> tilesSaved =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Hashes of tiles already proven, so warm lookups do not rehash them (about 32 MiB at most). */
  private final dev.gofer.mod.tlog.TileHashMemo tileHashes = new dev.gofer.mod.tlog.TileHashMemo(4096);

  /**
   * Tiles fetched from the remote whose proof is still running, shared with concurrent readers of
   * the same tile; an entry lives only as long as the read that fetched it (see {@link
   * TileSource#release}), so unproven data never outlives its proof attempt.
   */
  private final java.util.Map<Tile, byte[]> unproven =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Proven tiles kept in memory, so that the tiles nearly every proof reads again (the tree's
   * right edge and upper levels) are not read from the cache once per lookup. Filled only with
   * tiles that are cached anyway: proven in a computation that succeeded ({@link
   * TileSource#commit}), or read from the cache, which holds nothing else. Emptied when it
   * reaches {@link #PROVEN_TILES_LIMIT} (8 KiB each at height 8: 4 MiB at most).
   */
  private final java.util.Map<Tile, byte[]> provenTiles =
      new java.util.concurrent.ConcurrentHashMap<>();
  static final int PROVEN_TILES_LIMIT = 512;

  /** Signed heads (note bytes) that came with verified lookups: verified, merged, a prefix of latest. */
  private final java.util.Map<java.nio.ByteBuffer, Boolean> mergedHeads =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** Signed heads opened (signature verified) so far, for tests. */
  private final java.util.concurrent.atomic.AtomicLong headsOpened = new java.util.concurrent.atomic.AtomicLong();

  private Client(Builder b) {
    Verifier verifier = Verifier.parse(b.verifierKey.strip());
    this.verifiers = Verifiers.of(verifier);
    this.name = verifier.name();
    this.remote = b.remote;
    this.store = b.store;
    this.tileHeight = b.tileHeight;
    this.nosumdb = PrefixPatterns.parse(b.nosumdb);
    this.securityErrors = b.securityErrors;
  }

  /**
   * Starts configuring a client of the database whose verifier key is {@code verifierKey} (for
   * example {@code sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8}); the
   * database's name is the key's name.
   */
  public static Builder builder(String verifierKey, SumdbRemote remote, ClientStore store) {
    return new Builder(verifierKey, remote, store);
  }

  /** Configuration of a {@link Client}. */
  public static final class Builder {
    private final String verifierKey;
    private final SumdbRemote remote;
    private final ClientStore store;
    private int tileHeight = DEFAULT_TILE_HEIGHT;
    private String nosumdb = "";
    private Consumer<String> securityErrors = report -> {};

    private Builder(String verifierKey, SumdbRemote remote, ClientStore store) {
      this.verifierKey = Objects.requireNonNull(verifierKey, "verifierKey");
      this.remote = Objects.requireNonNull(remote, "remote");
      this.store = Objects.requireNonNull(store, "store");
    }

    /** The tile height, 8 unless the server uses another (tests use 2). */
    public Builder tileHeight(int height) {
      if (height < 1 || height > 30) {
        throw new IllegalArgumentException("invalid tile height " + height);
      }
      this.tileHeight = height;
      return this;
    }

    /** The {@code GONOSUMDB} patterns: lookups of matching paths throw {@link SkippedException}. */
    public Builder gonosumdb(String patterns) {
      this.nosumdb = Objects.requireNonNull(patterns);
      return this;
    }

    /**
     * Receives the security report when a fork is detected, before {@link ForkException} is
     * thrown. The go command prints it and exits; a server should persist it and alert.
     */
    public Builder onSecurityError(Consumer<String> handler) {
      this.securityErrors = Objects.requireNonNull(handler);
      return this;
    }

    /**
     * @throws dev.gofer.mod.note.NoteException if the verifier key does not parse
     */
    public Client build() {
      return new Client(this);
    }
  }

  /** The database name: the verifier key's name. */
  public String name() {
    return name;
  }

  /** The tile height this client reads. */
  public int tileHeight() {
    return tileHeight;
  }

  // --- lookups ---------------------------------------------------------------------------------

  /**
   * Returns the go.sum lines for {@code path} at {@code version}: the lines of the verified record
   * that begin with {@code "<path> <version> "}. With a {@code /go.mod} suffix on the version, the
   * lines of the go.mod hash; otherwise the module zip's (Go's {@code Client.Lookup}).
   *
   * @throws SkippedException if the path matches a {@code GONOSUMDB} pattern
   * @throws ForkException if the server's heads contradict each other
   * @throws SumdbException for any other failure, with the message {@code <path>@<version>:
   *     <why>}
   */
  public List<String> lookup(String path, String version) {
    byte[] data = lookupBody(path, version);
    String prefix = path + " " + version + " ";
    List<String> lines = new ArrayList<>(2);
    String s = new String(data, StandardCharsets.UTF_8);
    int start = 0;
    while (start <= s.length()) {
      int nl = s.indexOf('\n', start);
      int end = nl < 0 ? s.length() : nl;
      if (s.startsWith(prefix, start)) {
        lines.add(s.substring(start, end));
      }
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    return List.copyOf(lines);
  }

  /**
   * Returns the whole verified lookup response for {@code path@version} (a {@code /go.mod} suffix
   * on the version is ignored): the record, proven to be in the latest tree, followed by the
   * signed head the server sent with it. A mirror can serve these bytes as they are.
   *
   * @throws SkippedException, ForkException, SumdbException as {@link #lookup}
   */
  public byte[] lookupBody(String path, String version) {
    if (nosumdb.matches(path)) {
      throw new SkippedException();
    }
    String context = path + "@" + version + ": ";
    try {
      init();
      String epath = ModulePath.escape(path);
      String evers =
          ModulePath.escapeVersion(
              version.endsWith("/go.mod")
                  ? version.substring(0, version.length() - "/go.mod".length())
                  : version);
      String remotePath = "/lookup/" + epath + "@" + evers;
      String file = name + remotePath;
      byte[] data = verifiedLookups.get(file);
      if (data == null) {
        data = lookups.run(file, () -> fetchLookup(file, remotePath));
      }
      return data.clone();
    } catch (ForkException e) {
      throw e.withPrefix(context);
    } catch (ModException e) {
      throw new SumdbException(context + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new SumdbException(context + e.getCause().getMessage(), e.getCause());
    }
  }

  private byte[] fetchLookup(String file, String remotePath) {
    byte[] memo = verifiedLookups.get(file);
    if (memo != null) {
      return memo;
    }
    boolean fromRemote = false;
    byte[] data = store.readCache(file);
    if (data == null) {
      data = readRemote(remotePath);
      fromRemote = true;
    }
    Record.Parsed parsed = Record.parse(data);
    byte[] note = Arrays.copyOfRange(data, parsed.restOffset(), data.length);
    // Servers send the same head with every lookup. When it is byte for byte the head already
    // accepted, its signature was verified then, and checkRecord below proves the record through
    // tiles authenticated against that very head (the check Go's merge would repeat), so the
    // Ed25519 verification is skipped: it is most of a warm lookup's cost.
    // Likewise for a head merged before: servers that cache lookups (proxy.golang.org does) send
    // each with the head of the moment it was cached, a few hundred distinct heads for thousands
    // of lookups. Once verified and merged, such a head is a prefix of every later latest head,
    // so the record is proven in the latest head without opening or merging the head again.
    java.nio.ByteBuffer noteKey = java.nio.ByteBuffer.wrap(note);
    proveRecord(note, parsed.record(), latest.get());
    if (mergedHeads.size() >= MERGED_HEADS_LIMIT) {
      mergedHeads.clear();
    }
    mergedHeads.put(noteKey, Boolean.TRUE);
    if (fromRemote) {
      try {
        store.writeCache(file, data);
      } catch (IOException | RuntimeException e) {
        // Like the go command: a cache that cannot be written costs a refetch, not a failure.
      }
    }
    if (verifiedLookups.size() >= MEMO_LIMIT) {
      verifiedLookups.clear();
    }
    verifiedLookups.put(file, data);
    return data;
  }

  /**
   * Proves that {@code record}, which came with the signed head {@code note}, is in the log, given
   * {@code trusted}: the latest head as this lookup read it. Other lookups may have merged newer
   * heads since, among them this very note; then the record is proven in the latest head, which
   * holds the note by now (a head goes into {@code mergedHeads} only after its merge), not in
   * {@code trusted}, which may be too small for it. Package-private so that a test can hand it a
   * stale {@code trusted}, the state that race leaves behind.
   */
  void proveRecord(byte[] note, Record record, SignedTree trusted) {
    if (Arrays.equals(note, trusted.noteUnsafe())) {
      checkRecord(record, trusted.tree());
    } else if (mergedHeads.containsKey(java.nio.ByteBuffer.wrap(note))) {
      checkRecord(record, latest.get().tree());
    } else if (record.id() >= 0 && record.id() < trusted.tree().n()) {
      mergeBesideProof(note, record, trusted.tree());
    } else {
      mergeLatest(note);
      checkRecord(record, latest.get().tree());
    }
  }

  private byte[] readRemote(String path) {
    try {
      return remote.read(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Merges the head a lookup came with while, on a virtual thread, its record is proven in {@code
   * trusted}, a head already accepted that is large enough to hold it. Go's client merges first
   * and then proves the record in its latest head; each step reads tiles from the remote, so done
   * in turn they cost two round trips and here one. Proving the record in the older trusted head
   * is as strong: every head accepted later was proven to extend it. Both must succeed; a fork
   * found by the merge is reported before any failure of the proof.
   */
  private void mergeBesideProof(byte[] note, Record record, Tree trusted) {
    java.util.concurrent.FutureTask<Void> proof =
        new java.util.concurrent.FutureTask<>(() -> checkRecord(record, trusted), null);
    Thread.ofVirtual().name("sumdb-proof").start(proof);
    RuntimeException merged = null;
    try {
      mergeLatest(note);
    } catch (RuntimeException e) {
      merged = e;
    }
    RuntimeException proven = null;
    try {
      proof.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      proven = new SumdbException("interrupted while proving record " + record.id(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      proven =
          e.getCause() instanceof RuntimeException r
              ? r
              : new SumdbException(String.valueOf(e.getCause().getMessage()), e.getCause());
    }
    if (merged != null) {
      throw merged;
    }
    if (proven != null) {
      throw proven;
    }
  }

  /** Proves that {@code record} is leaf {@code id} of tree {@code t} (Go's checkRecord). */
  private void checkRecord(Record record, Tree t) {
    long id = record.id();
    if (id < 0 || id >= t.n()) {
      throw new SumdbException("cannot validate record %d in tree of size %d".formatted(id, t.n()));
    }
    List<Hash> h = readHashes(t, new long[] {Tlog.storedHashIndex(0, id)});
    if (!h.get(0).equals(record.hash())) {
      throw new SumdbException("cannot authenticate record data in server response");
    }
  }

  // --- the timeline ----------------------------------------------------------------------------

  /** How many signed heads this client has opened (verified the signature of), for tests. */
  long headsOpened() {
    return headsOpened.get();
  }

  /** The latest signed tree head this client has accepted (after loading the persisted one). */
  public SignedTree latest() {
    try {
      init();
    } catch (UncheckedIOException e) {
      throw new SumdbException(e.getCause().getMessage(), e.getCause());
    }
    return latest.get();
  }

  /**
   * Verifies a signed tree head (from {@code /latest}, or a mirror's upstream) and merges it into
   * the timeline: an older or equal head must be a prefix of the latest, a newer one must extend
   * it and then becomes the latest, persisted.
   *
   * @throws ForkException if the head contradicts the timeline
   * @throws SumdbException if the note does not verify ({@code reading tree note: ...}), the tree
   *     does not parse, or the tiles needed for the proof cannot be read or do not authenticate
   */
  public When merge(byte[] signedNote) {
    try {
      init();
      return mergeLatest(signedNote.clone());
    } catch (UncheckedIOException e) {
      throw new SumdbException(e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Loads the persisted latest head once (Go's {@code initWork}); a failure is reported as {@code
   * initializing sumdb.Client: ...} and retried by the next call.
   */
  private void init() {
    if (initialized) {
      return;
    }
    initLock.lock();
    try {
      if (initialized) {
        return;
      }
      try {
        mergeLatest(readConfig());
      } catch (ForkException e) {
        throw e.withPrefix("initializing sumdb.Client: ");
      } catch (ModException e) {
        throw new SumdbException("initializing sumdb.Client: " + e.getMessage(), e);
      } catch (UncheckedIOException e) {
        throw new SumdbException(
            "initializing sumdb.Client: " + e.getCause().getMessage(), e.getCause());
      }
      initialized = true;
    } finally {
      initLock.unlock();
    }
  }

  private byte[] readConfig() {
    try {
      return store.readConfig(name + "/latest");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Merges {@code msg} into the in-memory latest head and, when that moves forward, into the
   * persisted one with a compare-and-swap loop that also merges what other writers stored.
   */
  private When mergeLatest(byte[] msg) {
    When when = mergeLatestMem(msg);
    if (when != When.FUTURE) {
      return when;
    }
    while (true) {
      byte[] stored = readConfig();
      if (mergeLatestMem(stored) != When.PAST) {
        return when;
      }
      try {
        store.writeConfig(name + "/latest", stored, latest.get().noteUnsafe());
        return when;
      } catch (WriteConflictException e) {
        // Someone else moved the persisted head; merge theirs and try again.
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private When mergeLatestMem(byte[] msg) {
    if (msg.length == 0) {
      return latest.get().tree().n() == 0 ? When.NOW : When.PAST;
    }
    Tree tree;
    headsOpened.incrementAndGet();
    try {
      tree = Tree.parse(openNote(msg));
    } catch (TlogException e) {
      throw new SumdbException("reading tree: " + e.getMessage(), e);
    }
    SignedTree incoming = SignedTree.of(tree, msg);
    SignedTree cur = latest.get();
    while (true) {
      if (tree.n() <= cur.tree().n()) {
        checkTrees(incoming, cur);
        return tree.n() < cur.tree().n() ? When.PAST : When.NOW;
      }
      checkTrees(cur, incoming);
      if (latest.compareAndSet(cur, incoming)) {
        return When.FUTURE;
      }
      cur = latest.get();
    }
  }

  private byte[] openNote(byte[] msg) {
    try {
      return Note.open(msg, verifiers).text().getBytes(StandardCharsets.UTF_8);
    } catch (ModException e) {
      throw new SumdbException("reading tree note: " + e.getMessage(), e);
    }
  }

  /**
   * Proves that {@code older} is a prefix of {@code newer} by recomputing older's hash from tiles
   * authenticated against newer; on a mismatch reports the fork.
   */
  private void checkTrees(SignedTree older, SignedTree newer) {
    long on = older.tree().n();
    long nn = newer.tree().n();
    TileSource tiles = new TileSource();
    try {
      TileHashReader thr = TileHashReader.of(newer.tree(), tiles, tileHashes);
      Hash h;
      try {
        h = Tlog.treeHash(on, thr);
      } catch (IOException | ModException e) {
        String msg =
            on == nn ? "checking tree#" + on : "checking tree#" + on + " against tree#" + nn;
        throw new SumdbException(msg + ": " + e.getMessage(), e);
      }
      if (!h.equals(older.tree().hash())) {
        reportFork(older, newer, h, thr);
      }
      tiles.commit(); // consistent: newer is (or extends) the trusted timeline
    } finally {
      tiles.release();
    }
  }

  private void reportFork(SignedTree older, SignedTree newer, Hash h, TileHashReader thr) {
    long on = older.tree().n();
    long nn = newer.tree().n();

    StringBuilder report = new StringBuilder();
    report.append("SECURITY ERROR\n");
    report.append("go.sum database server misbehavior detected!\n\n");
    report.append("old database:\n\t").append(indent(older.noteUnsafe())).append('\n');
    report.append("new database:\n\t").append(indent(newer.noteUnsafe())).append('\n');
    report.append("proof of misbehavior:\n\t").append(h.base64());
    List<Hash> proof = List.of();
    try {
      TreeProof p = Tlog.proveTree(nn, on, thr);
      Tlog.checkTree(p, nn, newer.tree().hash(), on, h);
      proof = p.hashes();
      for (Hash x : proof) {
        report.append("\n\t").append(x.base64());
      }
    } catch (IOException | ModException e) {
      report.append("\tinternal error: ").append(e.getMessage()).append('\n');
    }
    String text = report.toString();
    securityErrors.accept(text);
    throw new ForkException("security error: misbehaving server", older, newer, h, proof, text);
  }

  private static String indent(byte[] note) {
    return new String(note, StandardCharsets.UTF_8).replace("\n", "\n\t");
  }

  // --- tiles -----------------------------------------------------------------------------------

  /**
   * Returns the data of hash tile {@code tile}, authenticated against the latest tree head: the
   * tile must lie inside that tree and have this client's height. It is read from the cache or
   * the remote like any tile the client needs, and cached once proven. A mirror serves tiles
   * through this method so that it never passes on unproven data.
   *
   * @throws NotFoundException if the tile lies beyond the latest tree (merge a newer head first)
   * @throws SumdbException if it cannot be read or does not authenticate
   */
  public byte[] verifiedTile(Tile tile) {
    Tree t = latest().tree();
    if (tile.height() != tileHeight) {
      throw new SumdbException(
          "tile height %d not supported: the client reads height %d"
              .formatted(tile.height(), tileHeight));
    }
    if (tile.level() < 0) {
      return verifiedDataTile(tile, t);
    }
    long start = tile.number() << tile.height();
    if (!tileInTree(tile, t.n())) {
      throw new NotFoundException(
          "tile %s is not in the latest tree (size %d)".formatted(tile.path(), t.n()));
    }
    long[] indexes = new long[tile.width()];
    int level = tile.level() * tile.height();
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = Tlog.storedHashIndex(level, start + i);
    }
    List<Hash> hashes = readHashes(t, indexes);
    byte[] out = new byte[tile.dataSize()];
    for (int i = 0; i < hashes.size(); i++) {
      hashes.get(i).copyTo(out, i * Hash.SIZE);
    }
    return out;
  }

  /**
   * A data tile read from the remote, proven by hashing each record and comparing with the level-0
   * hashes authenticated against {@code t}. Data tiles are not cached.
   */
  private byte[] verifiedDataTile(Tile tile, Tree t) {
    Tile hashTile = new Tile(tile.height(), 0, tile.number(), tile.width());
    if (!tileInTree(hashTile, t.n())) {
      throw new NotFoundException(
          "tile %s is not in the latest tree (size %d)".formatted(tile.path(), t.n()));
    }
    byte[] leaves = verifiedTile(hashTile);
    byte[] data = readRemote("/" + tile.path());
    int pos = 0;
    for (int i = 0; i < tile.width(); i++) {
      int end = pos;
      while (end + 1 < data.length && !(data[end] == '\n' && data[end + 1] == '\n')) {
        end++;
      }
      if (end + 1 >= data.length) {
        throw new SumdbException("malformed data tile " + tile.path());
      }
      byte[] text = Arrays.copyOfRange(data, pos, end + 1);
      if (!Tlog.recordHash(text).matches(leaves, i * Hash.SIZE)) {
        throw new SumdbException("downloaded inconsistent data tile " + tile.path());
      }
      pos = end + 2;
    }
    if (pos != data.length) {
      throw new SumdbException("malformed data tile " + tile.path());
    }
    return data;
  }

  static boolean tileInTree(Tile tile, long treeSize) {
    int shift = tile.height() * Math.max(tile.level(), 0);
    long count = shift >= 63 ? 0 : treeSize >> shift;
    long start = tile.number() << tile.height();
    return tile.number() <= (Long.MAX_VALUE >> tile.height()) && start + tile.width() <= count;
  }

  private List<Hash> readHashes(Tree t, long[] indexes) {
    TileSource tiles = new TileSource();
    try {
      List<Hash> hashes = TileHashReader.of(t, tiles, tileHashes).readHashes(indexes);
      tiles.commit(); // t is trusted
      return hashes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      tiles.release();
    }
  }

  /**
   * Reads tiles for one {@link TileHashReader} computation: cache first, then the remote (Go's
   * readTile). It remembers which tiles it fetched so that {@link #release} can withdraw them from
   * {@link #unproven} when the computation is over, proven (and then cached) or not.
   */
  private final class TileSource implements dev.gofer.mod.tlog.TileReader {
    private final java.util.Queue<Tile> fetched = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.Queue<Map.Entry<Tile, byte[]>> authenticated =
        new java.util.concurrent.ConcurrentLinkedQueue<>();

    void release() {
      for (Tile t : fetched) {
        unproven.remove(t);
      }
    }

    @Override
    public int height() {
      return tileHeight;
    }

    @Override
    public List<byte[]> readTiles(List<Tile> list) throws IOException {
      // Cached tiles first, on this thread: with a warm cache that is every tile, and a lookup
      // then costs no thread hand-offs at all.
      byte[][] out = new byte[list.size()][];
      List<Integer> missing = new ArrayList<>();
      for (int i = 0; i < out.length; i++) {
        out[i] = cachedTile(list.get(i));
        if (out[i] == null) {
          missing.add(i);
        }
      }
      if (missing.size() == 1) {
        int i = missing.get(0);
        try {
          out[i] = readTile(list.get(i), this);
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      } else if (!missing.isEmpty()) {
        readInParallel(list, missing, out);
      }
      return Arrays.asList(out);
    }

    private void readInParallel(List<Tile> list, List<Integer> missing, byte[][] out) throws IOException {
      List<java.util.concurrent.Future<byte[]>> futures = new ArrayList<>(missing.size());
      try (var exec = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i : missing) {
          Tile t = list.get(i);
          futures.add(exec.submit(() -> readTile(t, this)));
        }
        for (int k = 0; k < missing.size(); k++) {
          out[missing.get(k)] = futures.get(k).get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted reading tiles");
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof UncheckedIOException u) {
          throw u.getCause();
        }
        if (c instanceof RuntimeException r) {
          throw r;
        }
        throw new IOException(c);
      }
    }

    @Override
    public void saveTiles(List<Tile> list, List<byte[]> data) {
      for (int i = 0; i < list.size(); i++) {
        authenticated.add(Map.entry(list.get(i), data.get(i)));
      }
    }

    /**
     * Caches the tiles this computation authenticated. Called only once the computation has
     * succeeded: tiles authenticated against a head that then turns out to be a fork (validly
     * signed, yet inconsistent with the trusted timeline) must not be cached, or every later
     * proof through them would fail against the honest tree.
     */
    void commit() {
      for (Map.Entry<Tile, byte[]> a : authenticated) {
        Tile t = a.getKey();
        rememberProven(t, a.getValue());
        if (tilesSaved.add(t)) {
          try {
            store.writeCache(name + "/" + t.path(), a.getValue());
          } catch (IOException | RuntimeException e) {
            // Not cached this time; it will be fetched and proven again when needed.
          }
        }
      }
      if (tilesSaved.size() > MEMO_LIMIT) {
        tilesSaved.clear();
      }
    }
  }

  /**
   * Reads one tile (single-flight): the cache for exactly this tile; the cache for the full tile,
   * truncated; the remote for this tile; the remote for the full tile, truncated (servers may
   * drop partial tiles once full). A full tile fetched only to be truncated is not cached as
   * full, since only its prefix will be proven. Anything from the cache was proven before it was
   * stored, so it is not written back.
   */
  private byte[] fetched(Tile tile, byte[] data, TileSource source) {
    unproven.put(tile, data);
    source.fetched.add(tile);
    return data;
  }

  /**
   * The tile from the cache: exactly this tile, or the full tile at the same place, truncated.
   * Only proven tiles are ever cached, so either is trustworthy. {@code null} when neither is.
   */
  private byte[] cachedTile(Tile tile) {
    byte[] data = provenTiles.get(tile);
    if (data != null) {
      return data;
    }
    if (!tile.isFull()) {
      data = provenTiles.get(tile.toFull());
      if (data != null) {
        return Arrays.copyOf(data, tile.dataSize());
      }
    }
    data = store.readCache(name + "/" + tile.path());
    if (data != null && data.length == tile.dataSize()) {
      tilesSaved.add(tile);
      rememberProven(tile, data);
      return data;
    }
    if (data != null) {
      // Short or long: not what was stored. Fetch and prove it again, and store it again.
      tilesSaved.remove(tile);
    }
    if (!tile.isFull()) {
      Tile full = tile.toFull();
      data = store.readCache(name + "/" + full.path());
      if (data != null && data.length == full.dataSize()) {
        tilesSaved.add(tile);
        return Arrays.copyOf(data, tile.dataSize());
      }
    }
    return null;
  }

  private void rememberProven(Tile tile, byte[] data) {
    if (provenTiles.size() >= PROVEN_TILES_LIMIT) {
      provenTiles.clear();
    }
    provenTiles.put(tile, data);
  }

  /** How many proven tiles are kept in memory now, for tests. */
  int provenTilesInMemory() {
    return provenTiles.size();
  }

  private byte[] readTile(Tile tile, TileSource source) {
    return tileReads.run(
        tile,
        () -> {
          byte[] data = cachedTile(tile);
          if (data != null) {
            return data;
          }
          Tile full = tile.toFull();
          data = unproven.get(tile);
          if (data != null) {
            return data;
          }
          IOException first;
          try {
            return fetched(tile, remote.read("/" + tile.path()), source);
          } catch (IOException e) {
            first = e;
          }
          if (!tile.isFull()) {
            try {
              data = remote.read("/" + full.path());
              if (data.length == full.dataSize()) {
                return fetched(tile, Arrays.copyOf(data, tile.dataSize()), source);
              }
            } catch (IOException e) {
              // Report the error for the tile that was asked for.
            }
          }
          throw new UncheckedIOException(first);
        });
  }
}
