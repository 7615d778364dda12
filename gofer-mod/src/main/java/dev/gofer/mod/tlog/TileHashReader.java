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
    int h = reader.height();
    long n = tree.n();
    long limit = Tlog.storedHashIndex(0, n);
    for (long x : indexes) {
      if (x < 0 || x >= limit) {
        throw new TlogException("indexes not in tree");
      }
    }
    if (n == 0) {
      return List.of();
    }

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
      Tile t = Tile.forIndex(h, indexes[i]);
      int k = 0;
      while (true) {
        Tile p = t.parent(k, n);
        if (p == null) {
          throw new IllegalStateException("tlog: bad math in TileHashReader: no parent for " + t);
        }
        Integer j = order.get(p);
        if (j != null) {
          if (k == 0) {
            indexTile[i] = j;
          }
          break;
        }
        k++;
      }
      for (k--; k >= 0; k--) {
        Tile p = t.parent(k, n);
        if (!p.isFull()) {
          // A tile with a parent tile is complete; anything else is a bug here.
          throw new IllegalStateException("tlog: bad math in TileHashReader: " + n + " " + p);
        }
        order.put(p, tiles.size());
        if (k == 0) {
          indexTile[i] = tiles.size();
        }
        tiles.add(p);
      }
    }

    List<Tile> plan = List.copyOf(tiles);
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

    // Authenticate the edge tiles against the tree hash.
    int last = stx.length - 1;
    Hash th = plan.get(stxTile[last]).hashFromTile(data.get(stxTile[last]), stx[last]);
    for (int i = last - 1; i >= 0; i--) {
      Hash hi = plan.get(stxTile[i]).hashFromTile(data.get(stxTile[i]), stx[i]);
      th = Tlog.nodeHash(hi, th);
    }
    if (!th.equals(tree.hash())) {
      throw new InconsistentTileException();
    }

    // Authenticate every other tile against its parent, which comes earlier in the plan.
    // (Go's loop starts at len(stx), which skips tiles when edge hashes share a tile; this starts
    // after the distinct edge tiles, so no tile escapes the check.)
    for (int i = edgeTiles; i < plan.size(); i++) {
      Tile t = plan.get(i);
      Tile p = t.parent(1, n);
      Integer j = p == null ? null : order.get(p);
      if (j == null || j >= i) {
        throw new IllegalStateException("tlog: bad math in TileHashReader: lost parent of " + t);
      }
      Hash expected =
          p.hashFromTile(data.get(j), Tlog.storedHashIndex(p.level() * p.height(), t.number()));
      byte[] d = data.get(i);
      Hash actual = memo == null ? Tile.tileHash(d, 0, d.length) : memo.hash(t, d);
      if (!expected.equals(actual)) {
        throw new InconsistentTileException();
      }
    }

    reader.saveTiles(plan, List.copyOf(data));

    Hash[] out = new Hash[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      int j = indexTile[i];
      out[i] = plan.get(j).hashFromTile(data.get(j), indexes[i]);
    }
    return List.of(out);
  }

  private static int add(List<Tile> tiles, Tile t) {
    tiles.add(t);
    return tiles.size() - 1;
  }
}
