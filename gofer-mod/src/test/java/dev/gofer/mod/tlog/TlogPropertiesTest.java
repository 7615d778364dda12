package dev.gofer.mod.tlog;

import static dev.gofer.mod.testing.Mutations.mutate;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class TlogPropertiesTest {
  private static final int MAX = 3000;
  private static final TestLog LOG = TestLog.ofLeaves(MAX);
  private static final Hash[] TREE_HASHES = new Hash[MAX + 1];

  static {
    for (int n = 0; n <= MAX; n++) {
      TREE_HASHES[n] = LOG.treeHash(n);
    }
  }

  private static Hash leaf(long i) {
    return LOG.stored.get((int) Tlog.storedHashIndex(0, i));
  }

  private static List<Hash> flip(List<Hash> hashes, int which, int bit) {
    List<Hash> out = new ArrayList<>(hashes);
    byte[] b = out.get(which).bytes();
    b[bit / 8 % Hash.SIZE] ^= (byte) (1 << (bit % 8));
    out.set(which, Hash.of(b));
    return out;
  }

  /** Exhaustively, for small trees: every record of every tree size proves and checks. */
  @Example
  void everyRecordOfEverySmallTree() throws IOException {
    for (long t = 1; t <= 70; t++) {
      for (long n = 0; n < t; n++) {
        RecordProof p = Tlog.proveRecord(t, n, LOG.reader());
        Tlog.checkRecord(p, t, TREE_HASHES[(int) t], n, leaf(n));
      }
      for (long n = 1; n <= t; n++) {
        TreeProof p = Tlog.proveTree(t, n, LOG.reader());
        Tlog.checkTree(p, t, TREE_HASHES[(int) t], n, TREE_HASHES[(int) n]);
      }
    }
  }

  @Property(tries = 300)
  void inclusionProofsVerifyAndAnyAlteredHashFails(
      @ForAll @IntRange(min = 1, max = MAX) int t, @ForAll @IntRange(min = 0, max = MAX - 1) int n0,
      @ForAll @IntRange(min = 0, max = 255) int bit, @ForAll @IntRange(min = 0, max = 64) int which0)
      throws IOException {
    int n = n0 % t;
    RecordProof p = Tlog.proveRecord(t, n, LOG.reader());
    Tlog.checkRecord(p, t, TREE_HASHES[t], n, leaf(n));
    assertThat(p.hashes()).hasSizeLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(t));
    // A proof through tiles gives the same hashes.
    assertThat(Tlog.proveRecord(t, n, TileHashReader.of(LOG.tree(t), LOG.new Tiles(8)))).isEqualTo(p);

    if (!p.hashes().isEmpty()) {
      RecordProof bad = new RecordProof(flip(p.hashes(), which0 % p.hashes().size(), bit));
      assertThatThrownBy(() -> Tlog.checkRecord(bad, t, TREE_HASHES[t], n, leaf(n))).hasMessage("invalid transparency proof");
    }
    Hash wrongLeaf = Tlog.recordHash(("leaf " + n + "!").getBytes(UTF_8));
    assertThatThrownBy(() -> Tlog.checkRecord(p, t, TREE_HASHES[t], n, wrongLeaf)).isInstanceOf(TlogException.class);
    if (t > 1) {
      int other = (n + 1) % t;
      Assume.that(!leaf(other).equals(leaf(n)));
      assertThatThrownBy(() -> Tlog.checkRecord(p, t, TREE_HASHES[t], other, leaf(other))).isInstanceOf(TlogException.class);
    }
    List<Hash> longer = new ArrayList<>(p.hashes());
    longer.add(Hash.ZERO);
    assertThatThrownBy(() -> Tlog.checkRecord(new RecordProof(longer), t, TREE_HASHES[t], n, leaf(n))).isInstanceOf(TlogException.class);
  }

  @Property(tries = 300)
  void consistencyProofsVerifyAndFailWhenAltered(
      @ForAll @IntRange(min = 1, max = MAX) int t, @ForAll @IntRange(min = 1, max = MAX) int n0,
      @ForAll @IntRange(min = 0, max = 255) int bit, @ForAll @IntRange(min = 0, max = 64) int which0)
      throws IOException {
    int n = (n0 - 1) % t + 1;
    TreeProof p = Tlog.proveTree(t, n, LOG.reader());
    Tlog.checkTree(p, t, TREE_HASHES[t], n, TREE_HASHES[n]);
    assertThat(Tlog.proveTree(t, n, TileHashReader.of(LOG.tree(t), LOG.new Tiles(2)))).isEqualTo(p);
    if (!p.hashes().isEmpty()) {
      TreeProof bad = new TreeProof(flip(p.hashes(), which0 % p.hashes().size(), bit));
      assertThatThrownBy(() -> Tlog.checkTree(bad, t, TREE_HASHES[t], n, TREE_HASHES[n])).hasMessage("invalid transparency proof");
    }
    Hash other = TREE_HASHES[n == 1 ? 2 % (MAX + 1) : n - 1];
    assertThatThrownBy(() -> Tlog.checkTree(p, t, TREE_HASHES[t], n, other)).isInstanceOf(TlogException.class);
    assertThatThrownBy(() -> Tlog.checkTree(p, t, Hash.ZERO, n, TREE_HASHES[n])).isInstanceOf(TlogException.class);
  }

  /** The tree hash recomputed through authenticated tiles, at any height, for any two sizes. */
  @Property(tries = 100)
  void olderTreesRecomputeThroughTilesOfNewerOnes(
      @ForAll @IntRange(min = 1, max = MAX) int t, @ForAll @IntRange(min = 1, max = MAX) int n0,
      @ForAll @IntRange(min = 1, max = 10) int height) throws IOException {
    int n = (n0 - 1) % t + 1;
    TestLog.Tiles tiles = LOG.new Tiles(height);
    assertThat(Tlog.treeHash(n, TileHashReader.of(LOG.tree(t), tiles))).isEqualTo(TREE_HASHES[n]);
    assertThat(tiles.saves).isEqualTo(tiles.reads);
  }

  @Provide
  Arbitrary<Tile> tiles() {
    return Arbitraries.integers().between(1, 30).flatMap(h ->
        Combinators.combine(
                Arbitraries.integers().between(-1, 63),
                Arbitraries.oneOf(Arbitraries.longs().between(0, 5000), Arbitraries.longs().greaterOrEqual(0)),
                Arbitraries.oneOf(Arbitraries.just(1 << h), Arbitraries.integers().between(1, 1 << h)))
            .as((l, n, w) -> new Tile(h, l, n, w)));
  }

  @Property
  void tilePathsRoundTrip(@ForAll("tiles") Tile t) {
    assertThat(Tile.parsePath(t.path())).isEqualTo(t);
    assertThat(t.path().contains(".p/")).isEqualTo(!t.isFull());
  }

  @Property
  void tileForIndexHoldsTheIndex(@ForAll @IntRange(min = 1, max = 30) int h, @ForAll @LongRange(min = 0, max = 1L << 40) long index) {
    Tile t = Tile.forIndex(h, index);
    Node node = Tlog.splitStoredHashIndex(index);
    assertThat(Tlog.storedHashIndex(node.level(), node.n())).isEqualTo(index);
    assertThat(t.level()).isEqualTo(node.level() / h);
    assertThat(Tile.parsePath(t.path())).isEqualTo(t);
  }

  // --- parsers reject garbage with TlogException only ---------------------------------------

  private static void onlyTlogExceptions(Runnable r) {
    try {
      r.run();
    } catch (TlogException expected) {
      // fine
    }
  }

  @Property(tries = 2000)
  void tilePathParserThrowsOnlyTlogException(@ForAll("tilePathish") String s) {
    onlyTlogExceptions(() -> {
      Tile t = Tile.parsePath(s);
      assertThat(t.path()).isEqualTo(s);
    });
  }

  @Provide
  Arbitrary<String> tilePathish() {
    Arbitrary<String> any = Arbitraries.strings().ofMaxLength(40);
    Arbitrary<String> shaped = Arbitraries.strings().withChars("tile/0123456789x.pdta-+").ofMaxLength(40).map(s -> "tile/" + s);
    Arbitrary<String> mutated = Combinators.combine(tiles(), Arbitraries.integers().between(0, 60), Arbitraries.chars().with("/0123456789x.p-d\u0000é"), Arbitraries.integers().between(0, 2))
        .as((t, pos, c, op) -> mutate(t.path(), pos, c, op));
    return Arbitraries.oneOf(any, shaped, mutated);
  }

  @Property(tries = 2000)
  void treeParserThrowsOnlyTlogException(@ForAll("treeish") byte[] text) {
    onlyTlogExceptions(() -> {
      Tree t = Tree.parse(text);
      assertThat(t.n()).isNotNegative();
    });
  }

  @Provide
  Arbitrary<byte[]> treeish() {
    String valid = "go.sum database tree\n123\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n";
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(100),
        Combinators.combine(Arbitraries.integers().between(0, 80), Arbitraries.chars().with("\n0-+=x\r /é\u0001"), Arbitraries.integers().between(0, 2))
            .as((pos, c, op) -> mutate(valid, pos, c, op).getBytes(UTF_8)),
        Arbitraries.strings().ofMaxLength(60).map(s -> ("go.sum database tree\n" + s).getBytes(UTF_8)));
  }

  @Property(tries = 2000)
  void recordParserAndFormatterThrowOnlyTlogException(@ForAll("recordish") byte[] msg) {
    onlyTlogExceptions(() -> {
      Record.Parsed p = Record.parse(msg);
      assertThat(p.restOffset()).isBetween(0, msg.length);
      // What parses formats back to the same prefix.
      byte[] again = Record.format(p.record().id(), p.record().text().getBytes(UTF_8));
      assertThat(p.record().text()).endsWith("\n");
      assertThat(again.length).isLessThanOrEqualTo(p.restOffset() + 20);
    });
    onlyTlogExceptions(() -> Record.format(7, msg));
  }

  @Provide
  Arbitrary<byte[]> recordish() {
    String valid = "12\nrsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n\nrest";
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(60),
        Combinators.combine(Arbitraries.integers().between(0, 90), Arbitraries.chars().with("\n0-+\r é\u0001\u00ff"), Arbitraries.integers().between(0, 2))
            .as((pos, c, op) -> mutate(valid, pos, c, op).getBytes(UTF_8)),
        Arbitraries.strings().ofMaxLength(40).map(s -> ("1\n" + s + "\n\n").getBytes(UTF_8)));
  }

  @Property(tries = 1000)
  void hashParsersThrowOnlyTlogException(@ForAll String s) {
    onlyTlogExceptions(() -> assertThat(Hash.parse(s).base64()).isNotEmpty());
    onlyTlogExceptions(() -> assertThat(Hash.parseHex(s).hex()).isEqualToIgnoringCase(s));
  }
}
