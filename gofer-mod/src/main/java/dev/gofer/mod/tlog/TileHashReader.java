package dev.gofer.mod.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link HashReader} that answers from tiles of a trusted tree and proves every tile before it
 * returns a hash (Go's {@code tlog.TileHashReader}). Any hash it returns is therefore proven to be
 * in that tree.
 *
 * <p>For each call it plans the tiles on the tree's right edge (whose hashes fold to the tree
 * hash) and, for each requested index, the tile holding it plus the chain of full parent tiles up
 * to an already planned tile. It reads them all in one {@link TileReader#readTiles} call, checks
 * their lengths, checks the edge tiles against the tree hash and every other tile against the hash
 * its parent tile records for it, and only then calls {@link TileReader#saveTiles}.
 */
public final class TileHashReader implements HashReader {
  private final Tree tree;
  private final TileReader reader;
  private final TileHashMemo memo;

  private TileHashReader(Tree tree, TileReader reader, TileHashMemo memo) {
    this.tree = tree;
    this.reader = reader;
    this.memo = memo;
  }

  /** A reader of the hashes of {@code tree}, a tree the caller trusts (a verified signed head). */
  public static TileHashReader of(Tree tree, TileReader reader) {
    return new TileHashReader(tree, reader, null);
  }

  /**
   * As {@link #of(Tree, TileReader)}, remembering tile hashes in {@code memo} across calls, for a
   * client that proves the same tiles again and again.
   */
  public static TileHashReader of(Tree tree, TileReader reader, TileHashMemo memo) {
    return new TileHashReader(tree, reader, memo);
  }

  /**
   * {@inheritDoc}
   *
   * @throws TlogException {@code indexes not in tree} for an index beyond the tree, {@code
   *     downloaded inconsistent tile} ({@link InconsistentTileException}) if the tiles do not
   *     authenticate, or a message naming a tile the reader returned with the wrong length
   */
  @Override
  public List<Hash> readHashes(long[] indexes) throws IOException {
    // Kept in small steps: as one method of ~1 KB of bytecode, C2 spent up to 1.4 s compiling it
    // (7 KB inlined) the first time a proxy's lookups made it hot, while serving (bench/RESULTS.md).
    long n = tree.n();
    checkInTree(indexes, n);
    if (n == 0) {
      return List.of();
    }
    Plan plan = plan(indexes, n);
    List<byte[]> data = read(plan.tiles());
    authenticateEdge(plan, data);
    authenticateBelowEdge(plan, data, n);
    reader.saveTiles(plan.tiles(), List.copyOf(data));
    return extract(plan, data, indexes);
  }

  /**
   * The tiles one call reads, in order: the distinct tiles of the right edge ({@code stx}, their
   * positions in {@code stxTile}), then for each requested index its tile after the full parent
   * tiles that authenticate it ({@code indexTile}: where each requested hash is).
   */
  private record Plan(List<Tile> tiles, Map<Tile, Integer> order, long[] stx, int[] stxTile, int edgeTiles, int[] indexTile) {}

  private static void checkInTree(long[] indexes, long n) {
    long limit = Tlog.storedHashIndex(0, n);
    for (long x : indexes) {
      if (x < 0 || x >= limit) {
        throw new TlogException("indexes not in tree");
      }
    }
  }

  private Plan plan(long[] indexes, long n) {
    int h = reader.height();
    Map<Tile, Integer> order = new HashMap<>();
    List<Tile> tiles = new ArrayList<>();

    // Tiles on the right edge, which together must hash to the tree hash.
    Tlog.LongList edge = new Tlog.LongList();
    Tlog.subTreeIndex(0, n, edge);
    long[] stx = edge.toArray();
    int[] stxTile = new int[stx.length];
    for (int i = 0; i < stx.length; i++) {
      Tile t = Tile.forIndex(h, stx[i]).parent(0, n);
      stxTile[i] = order.computeIfAbsent(t, key -> add(tiles, key));
    }
    int edgeTiles = tiles.size();

    // Tiles holding the requested hashes, each after the parents that authenticate it.
    int[] indexTile = new int[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      indexTile[i] = planIndex(Tile.forIndex(h, indexes[i]), n, order, tiles);
    }
    return new Plan(List.copyOf(tiles), order, stx, stxTile, edgeTiles, indexTile);
  }

  /**
   * Plans tile {@code t} after its parents up to one already planned; answers where {@code t} is
   * in the plan.
   */
  private static int planIndex(Tile t, long n, Map<Tile, Integer> order, List<Tile> tiles) {
    int k = 0;
    while (true) {
      Tile p = t.parent(k, n);
      if (p == null) {
        throw new IllegalStateException("tlog: bad math in TileHashReader: no parent for " + t);
      }
      Integer j = order.get(p);
      if (j != null) {
        if (k == 0) {
          return j;
        }
        break;
      }
      k++;
    }
    int at = -1;
    for (k--; k >= 0; k--) {
      Tile p = t.parent(k, n);
      if (!p.isFull()) {
        // A tile with a parent tile is complete; anything else is a bug here.
        throw new IllegalStateException("tlog: bad math in TileHashReader: " + n + " " + p);
      }
      order.put(p, tiles.size());
      at = tiles.size();
      tiles.add(p);
    }
    return at;
  }

  /** Reads the planned tiles in one call and checks that each has its tile's length. */
  private List<byte[]> read(List<Tile> plan) throws IOException {
    List<byte[]> data = reader.readTiles(plan);
    if (data == null || data.size() != plan.size()) {
      throw new TlogException(
          "TileReader returned bad result slice (len=%d, want %d)"
              .formatted(data == null ? 0 : data.size(), plan.size()));
    }
    data = new ArrayList<>(data); // a stable view, whatever the reader returned
    for (int i = 0; i < plan.size(); i++) {
      byte[] d = data.get(i);
      Tile t = plan.get(i);
      if (d == null || d.length != t.dataSize()) {
        throw new TlogException(
            "TileReader returned bad result slice (%s len=%d, want %d)"
                .formatted(t.path(), d == null ? 0 : d.length, t.dataSize()));
      }
    }
    return data;
  }

  /** Checks the edge tiles against the tree hash. */
  private void authenticateEdge(Plan plan, List<byte[]> data) {
    long[] stx = plan.stx();
    int[] stxTile = plan.stxTile();
    List<Tile> tiles = plan.tiles();
    int last = stx.length - 1;
    Hash th = tiles.get(stxTile[last]).hashFromTile(data.get(stxTile[last]), stx[last]);
    for (int i = last - 1; i >= 0; i--) {
      Hash hi = tiles.get(stxTile[i]).hashFromTile(data.get(stxTile[i]), stx[i]);
      th = Tlog.nodeHash(hi, th);
    }
    if (!th.equals(tree.hash())) {
      throw new InconsistentTileException();
    }
  }

  /**
   * Checks every other tile against its parent, which comes earlier in the plan. (Go's loop starts
   * at len(stx), which skips tiles when edge hashes share a tile; this starts after the distinct
   * edge tiles, so no tile escapes the check.)
   */
  private void authenticateBelowEdge(Plan plan, List<byte[]> data, long n) {
    List<Tile> tiles = plan.tiles();
    for (int i = plan.edgeTiles(); i < tiles.size(); i++) {
      Tile t = tiles.get(i);
      Tile p = t.parent(1, n);
      Integer j = p == null ? null : plan.order().get(p);
      if (j == null || j >= i) {
        throw new IllegalStateException("tlog: bad math in TileHashReader: lost parent of " + t);
      }
      Hash expected = p.hashFromTile(data.get(j), Tlog.storedHashIndex(p.level() * p.height(), t.number()));
      byte[] d = data.get(i);
      Hash actual = memo == null ? Tile.tileHash(d, 0, d.length) : memo.hash(t, d);
      if (!expected.equals(actual)) {
        throw new InconsistentTileException();
      }
    }
  }

  private static List<Hash> extract(Plan plan, List<byte[]> data, long[] indexes) {
    Hash[] out = new Hash[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      int j = plan.indexTile()[i];
      out[i] = plan.tiles().get(j).hashFromTile(data.get(j), indexes[i]);
    }
    return List.of(out);
  }

  private static int add(List<Tile> tiles, Tile t) {
    tiles.add(t);
    return tiles.size() - 1;
  }
}
