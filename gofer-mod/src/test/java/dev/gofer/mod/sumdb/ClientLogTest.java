package dev.gofer.mod.sumdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gofer.mod.note.Keys;
import dev.gofer.mod.tlog.Record;
import dev.gofer.mod.tlog.Tile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A {@link Client} against a {@link Log}: growth, forks, lying servers, concurrency. */
class ClientLogTest {
  static final Keys.KeyPair KEYS = Keys.generate("sum.example.test");

  static LogRecord rec(int i) {
    return LogRecord.of("example.com/m" + i, "v1.0." + i, "h1:zip" + i + "=", "h1:mod" + i + "=");
  }

  static List<String> expectedLines(int i) {
    return List.of("example.com/m" + i + " v1.0." + i + " h1:zip" + i + "=");
  }

  static Client client(SumdbRemote remote, ClientStore store, int height) {
    return Client.builder(KEYS.verifierKey(), remote, store).tileHeight(height).build();
  }

  @Test
  void followsAGrowingLog() {
    for (int height : new int[] {2, 8}) {
      Log log = Log.inMemory(KEYS.signerKey(), height);
      ClientStore store = ClientStore.inMemory();
      Client client = client(FakeRemote.of(log), store, height);
      Client watcher = client(FakeRemote.of(log), ClientStore.inMemory(), height);
      Random random = new Random(height);
      int n = 0;
      while (n < 400) {
        int batch = 1 + random.nextInt(12);
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          records.add(rec(n + i));
        }
        log.append(records);
        n += batch;
        // The newest, the oldest and a random earlier record all verify against the new head.
        for (int i : new int[] {n - 1, 0, random.nextInt(n)}) {
          assertThat(client.lookup("example.com/m" + i, "v1.0." + i)).isEqualTo(expectedLines(i));
        }
        assertThat(client.latest().tree()).isEqualTo(log.signed().tree());
        assertThat(watcher.merge(log.signed().note())).isEqualTo(Client.When.FUTURE);
        assertThat(watcher.merge(log.signed().note())).isEqualTo(Client.When.NOW);
      }
      // Older heads are recognised as the past once they are proven prefixes.
      assertThat(client.latest().tree().n()).isEqualTo(n);
      // Every tile of the tree is served authenticated and equals the log's.
      for (Tile t : Tile.newTiles(height, 0, n)) {
        assertThat(client.verifiedTile(t)).as(t.path()).isEqualTo(log.tile(t));
        if (t.level() == 0) {
          assertThat(client.verifiedTile(t.toData())).isEqualTo(log.tile(t.toData()));
        }
      }
      Tile beyond = new Tile(height, 0, (n >> height) + 1, 1);
      assertThatThrownBy(() -> client.verifiedTile(beyond)).isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void acceptsOlderHeadsAsThePast() {
    Log log = Log.inMemory(KEYS.signerKey(), 2);
    List<byte[]> heads = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      log.append(rec(i));
      heads.add(log.signed().note());
    }
    Client client = client(FakeRemote.of(log), ClientStore.inMemory(), 2);
    assertThat(client.merge(heads.get(19))).isEqualTo(Client.When.FUTURE);
    for (int i = 0; i < 19; i++) {
      assertThat(client.merge(heads.get(i))).isEqualTo(Client.When.PAST);
    }
    assertThat(client.latest().tree().n()).isEqualTo(20);
  }

  @Test
  void refusesAForkOfTheSameSizeWithBothHeads() throws IOException {
    Log honest = Log.inMemory(KEYS.signerKey(), 2);
    Log forked = Log.inMemory(KEYS.signerKey(), 2);
    for (int i = 0; i < 6; i++) {
      honest.append(rec(i));
      forked.append(rec(i));
    }
    honest.append(rec(100));
    forked.append(LogRecord.of("example.com/m100", "v1.0.100", "h1:evil=", "h1:mod100="));

    ClientStore store = ClientStore.inMemory();
    List<String> reports = new ArrayList<>();
    Client client =
        Client.builder(KEYS.verifierKey(), FakeRemote.of(honest), store)
            .tileHeight(2)
            .onSecurityError(reports::add)
            .build();
    assertThat(client.lookup("example.com/m100", "v1.0.100")).containsExactly("example.com/m100 v1.0.100 h1:zip100=");

    ForkException e = catchThrowableOfType(ForkException.class, () -> client.merge(forked.signed().note()));
    assertThat(e).hasMessage("security error: misbehaving server");
    assertThat(e.older().note()).isEqualTo(forked.signed().note());
    assertThat(e.newer().note()).isEqualTo(honest.signed().note());
    assertThat(e.proof()).isEmpty();
    assertThat(e.report()).startsWith("SECURITY ERROR\ngo.sum database server misbehavior detected!\n\nold database:\n\tgo.sum database tree\n\t7\n");
    assertThat(reports).containsExactly(e.report());
    // The persisted timeline still holds the honest head.
    assertThat(store.readConfig(KEYS.verifierKey().split("\\+")[0] + "/latest")).isEqualTo(honest.signed().note());

    // The same through a lookup: a fresh client sharing the store meets the forked server.
    Client other = client(FakeRemote.of(forked), store, 2);
    ForkException viaLookup =
        catchThrowableOfType(ForkException.class, () -> other.lookup("example.com/m3", "v1.0.3"));
    assertThat(viaLookup).hasMessage("example.com/m3@v1.0.3: security error: misbehaving server");
    assertThat(viaLookup.older().note()).isEqualTo(forked.signed().note());

    // A forked server that has grown past the client's head: the proof has hashes.
    for (int i = 200; i < 210; i++) {
      forked.append(rec(i));
    }
    ForkException longer = catchThrowableOfType(ForkException.class, () -> other.merge(forked.signed().note()));
    assertThat(longer.older().tree().n()).isEqualTo(7);
    assertThat(longer.newer().tree().n()).isEqualTo(17);
    assertThat(longer.proof()).isNotEmpty();
    dev.gofer.mod.tlog.Tlog.checkTree(
        new dev.gofer.mod.tlog.TreeProof(longer.proof()), 17, longer.newer().tree().hash(), 7, longer.olderHashInNewer());
  }

  @Test
  void refusesALyingTileAndNeverCachesIt() {
    Log log = Log.inMemory(KEYS.signerKey(), 2);
    for (int i = 0; i < 21; i++) {
      log.append(rec(i));
    }
    SumdbRemote honest = FakeRemote.of(log);
    String lie = "/tile/2/0/001";
    SumdbRemote lying =
        path -> {
          byte[] data = honest.read(path);
          if (path.equals(lie)) {
            data[5] ^= 1;
          }
          return data;
        };
    ClientStore store = ClientStore.inMemory();
    Client client = client(lying, store, 2);
    assertThatThrownBy(() -> client.lookup("example.com/m5", "v1.0.5"))
        .isInstanceOf(SumdbException.class)
        .hasMessage("example.com/m5@v1.0.5: downloaded inconsistent tile");
    String name = client.name();
    assertThat(store.readCache(name + lie)).isNull();
    assertThat(store.readCache(name + "/lookup/example.com/m5@v1.0.5")).isNull();
    // Records whose tiles are honest still verify, and their tiles are cached.
    assertThat(client.lookup("example.com/m17", "v1.0.17")).isEqualTo(expectedLines(17));
    assertThat(store.readCache(name + "/tile/2/0/004")).isEqualTo(log.tile(Tile.parsePath("tile/2/0/004")));
    assertThat(store.readCache(name + lie)).isNull();
    // Once the server stops lying, the same client succeeds (failures are not remembered).
    Client healed = client(honest, store, 2);
    assertThat(healed.lookup("example.com/m5", "v1.0.5")).isEqualTo(expectedLines(5));
    assertThat(store.readCache(name + lie)).isEqualTo(log.tile(Tile.parsePath(lie.substring(1))));
  }

  /** A store that counts reads of cached tiles. */
  static final class CountingStore implements ClientStore {
    final ClientStore inner = ClientStore.inMemory();
    final java.util.concurrent.atomic.AtomicInteger tileReads = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public byte[] readConfig(String file) throws IOException {
      return inner.readConfig(file);
    }

    @Override
    public void writeConfig(String file, byte[] old, byte[] updated) throws IOException {
      inner.writeConfig(file, old, updated);
    }

    @Override
    public byte[] readCache(String file) {
      if (file.contains("/tile/")) {
        tileReads.incrementAndGet();
      }
      return inner.readCache(file);
    }

    @Override
    public void writeCache(String file, byte[] data) throws IOException {
      inner.writeCache(file, data);
    }
  }

  @Test
  void keepsProvenTilesInMemoryAndNeverALyingOne() {
    Log log = Log.inMemory(KEYS.signerKey(), 2);
    for (int i = 0; i < 21; i++) {
      log.append(rec(i));
    }
    SumdbRemote honest = FakeRemote.of(log);
    String lie = "/tile/2/0/001";
    java.util.concurrent.atomic.AtomicInteger remoteTiles = new java.util.concurrent.atomic.AtomicInteger();
    SumdbRemote lying =
        path -> {
          byte[] data = honest.read(path);
          if (path.startsWith("/tile/")) {
            remoteTiles.incrementAndGet();
          }
          if (path.equals(lie)) {
            data[5] ^= 1;
          }
          return data;
        };
    CountingStore store = new CountingStore();
    Client client = client(lying, store, 2);
    // The lying tile fails its proof: neither the cache nor the memory keeps it.
    assertThatThrownBy(() -> client.lookup("example.com/m5", "v1.0.5"))
        .hasMessage("example.com/m5@v1.0.5: downloaded inconsistent tile");
    assertThat(client.provenTilesInMemory()).isZero();
    // An honest proof fills the memory; a second lookup through the same tiles reads no tile
    // from the cache and none from the remote.
    assertThat(client.lookup("example.com/m17", "v1.0.17")).isEqualTo(expectedLines(17));
    assertThat(client.provenTilesInMemory()).isPositive();
    int cacheReads = store.tileReads.get();
    int remoteReads = remoteTiles.get();
    assertThat(client.lookup("example.com/m18", "v1.0.18")).isEqualTo(expectedLines(18));
    assertThat(store.tileReads.get()).isEqualTo(cacheReads);
    assertThat(remoteTiles.get()).isEqualTo(remoteReads);
    // A new client over the same store reads the cached tiles once, then from memory.
    Client again = client(lying, store, 2);
    assertThat(again.lookup("example.com/m17", "v1.0.17")).isEqualTo(expectedLines(17));
    int afterFirst = store.tileReads.get();
    assertThat(afterFirst).isGreaterThan(cacheReads);
    assertThat(again.lookup("example.com/m18", "v1.0.18")).isEqualTo(expectedLines(18));
    assertThat(store.tileReads.get()).isEqualTo(afterFirst);
    assertThat(again.provenTilesInMemory()).isLessThanOrEqualTo(Client.PROVEN_TILES_LIMIT);
  }

  @Test
  void refusesALyingRecordAndAWrongLengthTile() {
    Log log = Log.inMemory(KEYS.signerKey(), 2);
    for (int i = 0; i < 9; i++) {
      log.append(rec(i));
    }
    SumdbRemote honest = FakeRemote.of(log);
    SumdbRemote lying =
        path -> {
          byte[] data = honest.read(path);
          if (path.equals("/lookup/example.com/m4@v1.0.4")) {
            return new String(data, UTF_8).replace("h1:zip4=", "h1:evil=").getBytes(UTF_8);
          }
          if (path.equals("/tile/2/0/001")) {
            return java.util.Arrays.copyOf(data, data.length - 1);
          }
          return data;
        };
    ClientStore store = ClientStore.inMemory();
    Client client = client(lying, store, 2);
    assertThatThrownBy(() -> client.lookup("example.com/m4", "v1.0.4"))
        .isInstanceOf(SumdbException.class)
        .hasMessageStartingWith("example.com/m4@v1.0.4: TileReader returned bad result slice");
    Client client2 = client(path -> path.startsWith("/tile/") ? honest.read(path) : lying.read(path), store, 2);
    assertThatThrownBy(() -> client2.lookup("example.com/m4", "v1.0.4"))
        .isInstanceOf(SumdbException.class)
        .hasMessage("example.com/m4@v1.0.4: cannot authenticate record data in server response");
    assertThat(store.readCache(client.name() + "/lookup/example.com/m4@v1.0.4")).isNull();
  }

  @Test
  void fallsBackToTheFullTileWhenThePartialIsGone() {
    Log log = Log.inMemory(KEYS.signerKey(), 2);
    log.append(List.of(rec(0), rec(1), rec(2)));
    SignedTreeHolder three = new SignedTreeHolder(log.signed().note());
    log.append(rec(3));
    SumdbRemote full = FakeRemote.of(log);
    FakeRemote remote = new FakeRemote();
    // The server dropped tile/2/0/000.p/3 after completing tile/2/0/000.
    SumdbRemote noPartials =
        path -> {
          remote.reads.add(path);
          if (path.contains(".p/")) {
            throw new IOException("404 " + path);
          }
          return full.read(path);
        };
    ClientStore store = ClientStore.inMemory();
    Client client = client(noPartials, store, 2);
    assertThat(client.merge(three.note)).isEqualTo(Client.When.FUTURE);
    assertThat(client.verifiedTile(Tile.parsePath("tile/2/0/000.p/3")))
        .isEqualTo(log.tile(Tile.parsePath("tile/2/0/000.p/3")));
    assertThat(remote.reads).containsExactly("/tile/2/0/000.p/3", "/tile/2/0/000");
    // Only the proven prefix is cached, under the partial name.
    assertThat(store.readCache(client.name() + "/tile/2/0/000.p/3")).hasSize(96);
    assertThat(store.readCache(client.name() + "/tile/2/0/000")).isNull();
  }

  private record SignedTreeHolder(byte[] note) {}

  @Test
  void concurrentLookupsShareWork() throws Exception {
    Log log = Log.inMemory(KEYS.signerKey(), 2);
    List<LogRecord> all = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      all.add(rec(i));
    }
    log.append(all);
    Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    SumdbRemote inner = FakeRemote.of(log);
    SumdbRemote counting =
        path -> {
          reads.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
          return inner.read(path);
        };
    ClientStore store = ClientStore.inMemory();
    Client client = client(counting, store, 2);
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService exec = Executors.newFixedThreadPool(16)) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int seed = t;
        results.add(
            exec.submit(
                () -> {
                  start.await();
                  Random r = new Random(seed);
                  for (int k = 0; k < 64; k++) {
                    int i = r.nextInt(64);
                    String v = r.nextBoolean() ? "v1.0." + i : "v1.0." + i + "/go.mod";
                    List<String> lines = client.lookup("example.com/m" + i, v);
                    if (lines.size() != 1 || !lines.get(0).startsWith("example.com/m" + i + " " + v + " ")) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      start.countDown();
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    }
    // Each lookup is fetched once; a tile at most twice (a reader can miss both the cache and the
    // in-flight fetch in the instant between the proof's cache write and its release).
    reads.forEach(
        (path, n) -> assertThat(n.get()).as(path).isLessThanOrEqualTo(path.startsWith("/lookup/") ? 1 : 2));
  }

  @Test
  void lookupsDuringAppendsAllVerify() throws Exception {
    Log log = Log.inMemory(KEYS.signerKey(), 2);
    log.append(rec(0));
    AtomicInteger published = new AtomicInteger(1);
    AtomicBoolean stop = new AtomicBoolean();
    Client client = client(FakeRemote.of(log), ClientStore.inMemory(), 2);
    try (ExecutorService exec = Executors.newFixedThreadPool(5)) {
      Future<?> writer =
          exec.submit(
              () -> {
                for (int b = 0; b < 60; b++) {
                  int n = published.get();
                  log.append(List.of(rec(n), rec(n + 1), rec(n + 2)));
                  published.addAndGet(3);
                }
                stop.set(true);
                return null;
              });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        readers.add(
            exec.submit(
                () -> {
                  Random r = new Random(seed);
                  int done = 0;
                  while (!stop.get() || done < 20) {
                    int i = r.nextInt(published.get());
                    assertThat(client.lookup("example.com/m" + i, "v1.0." + i)).isEqualTo(expectedLines(i));
                    done++;
                  }
                  return done;
                }));
      }
      writer.get();
      for (Future<Integer> f : readers) {
        assertThat(f.get()).isPositive();
      }
    }
    assertThat(client.merge(log.signed().note())).isIn(Client.When.NOW, Client.When.FUTURE);
  }

  /**
   * The race fixed in a78b61b, made deterministic: a lookup reads the latest head (size 4), and
   * before it looks at the heads merged so far another lookup merges the very head it came with
   * (size 8). Its record (5) must then be proven in the latest head, not in the stale one it read,
   * which is too small to hold it.
   */
  @Test
  void aLookupWhoseHeadAnotherLookupMergedMeanwhileIsProvenInTheLatestHead() {
    Log log = Log.inMemory(KEYS.signerKey(), 2);
    for (int i = 0; i < 4; i++) {
      log.append(rec(i));
    }
    Client client = client(FakeRemote.of(log), ClientStore.inMemory(), 2);
    assertThat(client.lookup("example.com/m0", "v1.0.0")).isEqualTo(expectedLines(0));
    SignedTree stale = client.latest();
    assertThat(stale.tree().n()).isEqualTo(4);
    for (int i = 4; i < 8; i++) {
      log.append(rec(i));
    }
    byte[] answer = log.lookup("example.com/m5", "v1.0.5");
    Record.Parsed parsed = Record.parse(answer);
    byte[] note = Arrays.copyOfRange(answer, parsed.restOffset(), answer.length);

    assertThat(client.lookup("example.com/m6", "v1.0.6")).isEqualTo(expectedLines(6)); // merges the size-8 head
    assertThat(client.latest().noteUnsafe()).isEqualTo(note);

    assertThat(parsed.record().id()).isEqualTo(5);
    client.proveRecord(note, parsed.record(), stale); // threw "cannot validate record 5 in tree of size 4"
    assertThatThrownBy(() -> client.proveRecord(note, new Record(5, "example.com/m5 v1.0.5 h1:forged=\n"), stale))
        .isInstanceOf(RuntimeException.class);
  }

  /**
   * A lookup whose head is not the trusted one but whose record is in the trusted tree: the record
   * is proven there while the new head is merged, both at once (one round of tile reads instead of
   * two). The remote holds the record's tile until a merge tile has been asked for, and the merge's
   * tiles until the record's has: done in turn, the first read would wait in vain.
   */
  @Test
  void provesTheRecordInTheTrustedHeadWhileMergingTheNewOne() throws Exception {
    Log log = Log.inMemory(KEYS.signerKey(), 2);
    for (int i = 0; i < 16; i++) {
      log.append(rec(i));
    }
    SumdbRemote honest = FakeRemote.of(log);
    AtomicBoolean armed = new AtomicBoolean();
    CountDownLatch recordRead = new CountDownLatch(1);
    CountDownLatch mergeRead = new CountDownLatch(1);
    AtomicBoolean recordSawMerge = new AtomicBoolean();
    AtomicBoolean mergeSawRecord = new AtomicBoolean();
    SumdbRemote remote =
        path -> {
          if (armed.get() && path.startsWith("/tile/")) {
            try {
              if (path.equals("/tile/2/0/000")) {
                recordRead.countDown();
                recordSawMerge.compareAndSet(false, mergeRead.await(10, java.util.concurrent.TimeUnit.SECONDS));
              } else {
                mergeRead.countDown();
                mergeSawRecord.compareAndSet(false, recordRead.await(10, java.util.concurrent.TimeUnit.SECONDS));
              }
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException();
            }
          }
          return honest.read(path);
        };
    Client client = client(remote, ClientStore.inMemory(), 2);
    assertThat(client.lookup("example.com/m15", "v1.0.15")).isEqualTo(expectedLines(15));
    for (int i = 16; i < 32; i++) {
      log.append(rec(i));
    }
    armed.set(true);
    assertThat(client.lookup("example.com/m0", "v1.0.0")).isEqualTo(expectedLines(0));
    assertThat(client.latest().tree()).isEqualTo(log.signed().tree());
    assertThat(recordSawMerge).as("the record's tile was read while the merge read its tiles").isTrue();
    assertThat(mergeSawRecord).as("the merge read its tiles while the record's was read").isTrue();
  }

  /** On that path a forked head is still refused, before a lying record is reported. */
  @Test
  void aForkedHeadBesideALyingRecordIsReportedAsTheFork() {
    Log honest = Log.inMemory(KEYS.signerKey(), 2);
    Log forked = Log.inMemory(KEYS.signerKey(), 2);
    for (int i = 0; i < 8; i++) {
      honest.append(rec(i));
      forked.append(rec(i));
    }
    honest.append(rec(8));
    forked.append(LogRecord.of("example.com/m8", "v1.0.8", "h1:evil=", "h1:mod8="));
    ClientStore store = ClientStore.inMemory();
    Client trusting = client(FakeRemote.of(honest), store, 2);
    assertThat(trusting.lookup("example.com/m8", "v1.0.8")).isEqualTo(expectedLines(8));
    for (int i = 9; i < 14; i++) {
      forked.append(rec(i));
    }
    SumdbRemote forkedRemote = FakeRemote.of(forked);
    // Record 2 is genuine and in the trusted tree: the proof succeeds, the merge finds the fork.
    Client client = client(forkedRemote, store, 2);
    assertThatThrownBy(() -> client.lookup("example.com/m2", "v1.0.2"))
        .isInstanceOf(ForkException.class)
        .hasMessage("example.com/m2@v1.0.2: security error: misbehaving server");
    // A lying record on top of the fork: still the fork.
    SumdbRemote lying =
        path -> {
          byte[] data = forkedRemote.read(path);
          return path.equals("/lookup/example.com/m3@v1.0.3")
              ? new String(data, UTF_8).replace("h1:zip3=", "h1:evil=").getBytes(UTF_8)
              : data;
        };
    Client liar = client(lying, store, 2);
    assertThatThrownBy(() -> liar.lookup("example.com/m3", "v1.0.3")).isInstanceOf(ForkException.class);
    // The same store still serves honest proofs: the tiles authenticated against the forked head
    // were never cached.
    ClientStore clean = store;
    assertThat(client(FakeRemote.of(honest), clean, 2).lookup("example.com/m6", "v1.0.6")).isEqualTo(expectedLines(6));
    // A lying record beside an honest newer head: the record is refused, the head accepted.
    honest.append(rec(9));
    SumdbRemote honestRemote = FakeRemote.of(honest);
    Client honestLiar =
        client(
            path -> {
              byte[] data = honestRemote.read(path);
              return path.equals("/lookup/example.com/m4@v1.0.4")
                  ? new String(data, UTF_8).replace("h1:zip4=", "h1:evil=").getBytes(UTF_8)
                  : data;
            },
            clean,
            2);
    assertThatThrownBy(() -> honestLiar.lookup("example.com/m4", "v1.0.4"))
        .isInstanceOf(SumdbException.class)
        .hasMessage("example.com/m4@v1.0.4: cannot authenticate record data in server response");
    assertThat(honestLiar.latest().tree()).isEqualTo(honest.signed().tree());
  }

  /**
   * Lookups that come with the same older head (a caching server's) open and merge it once; the
   * records are still each proven, and a lying record beside a known head is still refused.
   */
  @Test
  void aHeadMergedBeforeIsNeitherOpenedNorMergedAgain() throws IOException {
    Log log = Log.inMemory(KEYS.signerKey(), 2);
    for (int i = 0; i < 12; i++) {
      log.append(rec(i));
    }
    Map<String, byte[]> cached = new ConcurrentHashMap<>();
    SumdbRemote live = FakeRemote.of(log);
    for (int i = 0; i < 12; i++) {
      String p = "/lookup/example.com/m" + i + "@v1.0." + i;
      cached.put(p, live.read(p)); // every lookup cached with the 12-record head
    }
    for (int i = 12; i < 20; i++) {
      log.append(rec(i));
    }
    AtomicBoolean lie = new AtomicBoolean();
    SumdbRemote caching =
        path -> {
          byte[] c = cached.get(path);
          if (c == null) {
            return live.read(path);
          }
          return lie.get() ? new String(c, UTF_8).replace("h1:zip7=", "h1:evil=").getBytes(UTF_8) : c.clone();
        };
    Client client = client(caching, ClientStore.inMemory(), 2);
    assertThat(client.lookup("example.com/m19", "v1.0.19")).isEqualTo(expectedLines(19)); // the 20-record head
    long opened = client.headsOpened();
    for (int i : new int[] {3, 5, 9, 0}) {
      assertThat(client.lookup("example.com/m" + i, "v1.0." + i)).isEqualTo(expectedLines(i));
    }
    assertThat(client.headsOpened()).isEqualTo(opened + 1);
    assertThat(client.latest().tree().n()).isEqualTo(20);
    lie.set(true);
    assertThatThrownBy(() -> client.lookup("example.com/m7", "v1.0.7"))
        .isInstanceOf(SumdbException.class)
        .hasMessage("example.com/m7@v1.0.7: cannot authenticate record data in server response");
  }
}
