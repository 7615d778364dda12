package dev.gofer.mod.sumdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.mod.tlog.Tile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a server sends, the client either returns the true answer or throws a {@link
 * SumdbException}; nothing else escapes and nothing unproven is cached. The same for what a log
 * store finds on disk.
 */
class SumdbPropertiesTest {
  static final Log LOG = Log.inMemory(ClientLogTest.KEYS.signerKey(), 2);

  static {
    for (int i = 0; i < 11; i++) {
      LOG.append(ClientLogTest.rec(i));
    }
  }

  static final SumdbRemote HONEST = FakeRemote.of(LOG);
  static final byte[] BODY = LOG.lookup("example.com/m6", "v1.0.6");

  /** A byte array mutated by one of: flip, replace, truncate, insert, or entirely arbitrary. */
  record Mutation(int kind, int pos, byte value, byte[] arbitrary) {
    byte[] apply(byte[] in) {
      int p = in.length == 0 ? 0 : Math.floorMod(pos, in.length);
      return switch (kind) {
        case 0 -> {
          byte[] b = in.clone();
          b[p] ^= (byte) (1 << Math.floorMod(value, 8));
          yield b;
        }
        case 1 -> {
          byte[] b = in.clone();
          b[p] = value;
          yield b;
        }
        case 2 -> Arrays.copyOf(in, p);
        case 3 -> {
          byte[] b = new byte[in.length + 1];
          System.arraycopy(in, 0, b, 0, p);
          b[p] = value;
          System.arraycopy(in, p, b, p + 1, in.length - p);
          yield b;
        }
        default -> arbitrary;
      };
    }
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers(),
            Arbitraries.bytes(),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
        .as(Mutation::new);
  }

  @Property(tries = 300)
  void lookupBodies(@ForAll("mutations") Mutation m) {
    byte[] body = m.apply(BODY);
    SumdbRemote remote = path -> path.startsWith("/lookup/") ? body.clone() : HONEST.read(path);
    ClientStore store = ClientStore.inMemory();
    Client client = ClientLogTest.client(remote, store, 2);
    try {
      List<String> lines = client.lookup("example.com/m6", "v1.0.6");
      assertThat(lines).isEqualTo(ClientLogTest.expectedLines(6));
    } catch (SumdbException e) {
      assertThat(e.getMessage()).startsWith("example.com/m6@v1.0.6: ").doesNotContain("\n");
      assertThat(store.readCache(client.name() + "/lookup/example.com/m6@v1.0.6")).isNull();
    }
    assertCachedTilesAreTrue(store, client.name());
  }

  @Property(tries = 300)
  void tiles(@ForAll("mutations") Mutation m, @ForAll("tilePaths") String victim) {
    SumdbRemote remote =
        path -> path.equals(victim) ? m.apply(HONEST.read(path)) : HONEST.read(path);
    ClientStore store = ClientStore.inMemory();
    Client client = ClientLogTest.client(remote, store, 2);
    for (int i : new int[] {0, 6, 10}) {
      try {
        assertThat(client.lookup("example.com/m" + i, "v1.0." + i)).isEqualTo(ClientLogTest.expectedLines(i));
      } catch (SumdbException e) {
        assertThat(e).isNotInstanceOf(ForkException.class);
      }
    }
    assertCachedTilesAreTrue(store, client.name());
  }

  @Provide
  Arbitrary<String> tilePaths() {
    return Arbitraries.of(
        Tile.newTiles(2, 0, LOG.size()).stream().map(t -> "/" + t.path()).toList());
  }

  private static void assertCachedTilesAreTrue(ClientStore store, String name) {
    for (long l = 0; l < 3; l++) {
      for (long n = 0; n < 4; n++) {
        for (int w = 1; w <= 4; w++) {
          Tile t = new Tile(2, (int) l, n, w);
          byte[] cached = store.readCache(name + "/" + t.path());
          if (cached != null) {
            assertThat(cached).as(t.path()).isEqualTo(LOG.tile(t));
          }
        }
      }
    }
  }

  @Property(tries = 200)
  void signedHeads(@ForAll("mutations") Mutation m) {
    byte[] note = m.apply(LOG.signed().note());
    Client client = ClientLogTest.client(HONEST, ClientStore.inMemory(), 2);
    try {
      Client.When w = client.merge(note);
      if (note.length == 0) {
        assertThat(w).as("the empty note is the empty tree").isEqualTo(Client.When.NOW);
        return;
      }
      assertThat(w).isEqualTo(Client.When.FUTURE);
      assertThat(client.latest().tree()).isEqualTo(LOG.signed().tree());
    } catch (SumdbException e) {
      assertThat(e).isNotInstanceOf(ForkException.class);
      assertThat(client.latest().tree().n()).isZero();
    }
  }

  @Property(tries = 100)
  void logStoreFiles(
      @ForAll("mutations") Mutation m, @ForAll("storeFiles") String file) throws IOException {
    Path dir = Files.createTempDirectory("sumdb-prop");
    try {
      Path src = PublishedLog.DIR;
      for (String f : List.of(FileLogStore.RECORDS, FileLogStore.HASHES, FileLogStore.HEAD)) {
        byte[] b = Files.readAllBytes(src.resolve(f));
        Files.write(dir.resolve(f), f.equals(file) ? m.apply(b) : b);
      }
      try (Log log = Log.open(LogStore.open(dir), ClientLogTest.KEYS.signerKey(), 2)) {
        // Whatever opens serves only what it verified: all of the published log.
        assertThat(log.size()).isEqualTo(PublishedLog.SIZE);
        assertThat(log.signed().note()).isEqualTo(PublishedLog.HEAD);
      } catch (SumdbException e) {
        assertThat(e.getMessage()).doesNotContain("\n");
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Provide
  Arbitrary<String> storeFiles() {
    return Arbitraries.of(FileLogStore.RECORDS, FileLogStore.HASHES, FileLogStore.HEAD);
  }

  /** A small published file log, made once. */
  static final class PublishedLog {
    static final Path DIR;
    static final long SIZE = 6;
    static final byte[] HEAD;

    static {
      try {
        DIR = Files.createTempDirectory("sumdb-prop-base");
        DIR.toFile().deleteOnExit();
        try (Log log = Log.open(LogStore.open(DIR), ClientLogTest.KEYS.signerKey(), 2)) {
          FileLogStoreTest.appendBatch(log, 0, 4);
          FileLogStoreTest.appendBatch(log, 4, 2);
          HEAD = log.signed().note();
        }
        for (String f : List.of("lock", FileLogStore.RECORDS, FileLogStore.HASHES, FileLogStore.HEAD)) {
          DIR.resolve(f).toFile().deleteOnExit();
        }
      } catch (IOException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  static String s(byte[] b) {
    return new String(b, UTF_8);
  }
}
