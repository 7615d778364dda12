package dev.gofer.mod.tlog;

import dev.gofer.mod.internal.GoQuote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A tile of the log (Go's {@code tlog.Tile}): {@code width} consecutive hashes at tree level
 * {@code height·level}, starting with hash number {@code number·2^height} of that level. A tile is
 * the bottom row of a subtree of height {@code height}; with {@code width == 2^height} it is full,
 * with fewer hashes partial. Level -1 denotes a data tile, which holds the record texts of the
 * leaves of level-0 tile {@code number}.
 *
 * <p>Tiles are named by paths {@code tile/H/L/NNN[.p/W]}, with {@code L} written {@code data} for
 * level -1, and {@code N} split into three-digit elements all but the last prefixed with {@code
 * x}: {@code 1234067} is {@code x001/x234/067}. The {@code .p/W} suffix appears only for partial
 * tiles.
 *
 * @param height 1 to 30
 * @param level -1 (data) to 63
 * @param number 0 or more
 * @param width 1 to {@code 2^height}
 */
public record Tile(int height, int level, long number, int width) {
  private static final int PATH_BASE = 1000;

  public Tile {
    if (height < 1 || height > 30) {
      throw new IllegalArgumentException("invalid tile height " + height);
    }
    if (level < -1 || level > 63) {
      throw new IllegalArgumentException("invalid tile level " + level);
    }
    if (number < 0) {
      throw new IllegalArgumentException("invalid tile number " + number);
    }
    if (width < 1 || width > 1 << height) {
      throw new IllegalArgumentException("invalid tile width " + width);
    }
  }

  /** The full tile at these coordinates. */
  public static Tile full(int height, int level, long number) {
    return new Tile(height, level, number, 1 << height);
  }

  /** Whether this tile holds all {@code 2^height} hashes. */
  public boolean isFull() {
    return width == 1 << height;
  }

  /** The full tile at the same coordinates. */
  public Tile toFull() {
    return isFull() ? this : full(height, level, number);
  }

  /** The data tile for this level-0 tile: the same coordinates at level -1. */
  public Tile toData() {
    return new Tile(height, -1, number, width);
  }

  /** The size in bytes of this hash tile's data, {@code width·32}. */
  public int dataSize() {
    return width * Hash.SIZE;
  }

  /** The tile coordinate path, for example {@code tile/3/4/x001/x234/067.p/1}. */
  public String path() {
    StringBuilder sb = new StringBuilder(32).append("tile/").append(height).append('/');
    if (level == -1) {
      sb.append("data");
    } else {
      sb.append(level);
    }
    sb.append('/');
    // Base-1000 digits, most significant first.
    long n = number;
    int digits = 1;
    for (long m = n; m >= PATH_BASE; m /= PATH_BASE) {
      digits++;
    }
    long div = 1;
    for (int i = 1; i < digits; i++) {
      div *= PATH_BASE;
    }
    for (int i = 0; i < digits; i++, div /= PATH_BASE) {
      int d = (int) (n / div % PATH_BASE);
      if (i + 1 < digits) {
        sb.append('x');
      }
      sb.append((char) ('0' + d / 100)).append((char) ('0' + d / 10 % 10)).append((char) ('0' + d % 10));
      if (i + 1 < digits) {
        sb.append('/');
      }
    }
    if (!isFull()) {
      sb.append(".p/").append(width);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return path();
  }

  /**
   * Parses a tile coordinate path. Only the canonical form that {@link #path()} produces is
   * accepted.
   *
   * @throws TlogException {@code malformed tile path "..."} otherwise
   */
  public static Tile parsePath(String path) {
    String[] f = path.split("/", -1);
    if (f.length < 4 || !f[0].equals("tile")) {
      throw badPath(path);
    }
    int h = parseSmall(f[1], 30);
    boolean data = f[2].equals("data");
    int l = data ? -1 : parseSmall(f[2], 63);
    if (h < 1 || (!data && l < 0)) {
      throw badPath(path);
    }
    int w = 1 << h;
    int last = f.length - 1;
    if (f[last - 1].endsWith(".p")) {
      int ww = parseSmall(f[last], w - 1);
      if (ww < 1) {
        throw badPath(path);
      }
      w = ww;
      f[last - 1] = f[last - 1].substring(0, f[last - 1].length() - 2);
      last--;
    }
    if (last < 3) {
      throw badPath(path);
    }
    long n = 0;
    for (int i = 3; i <= last; i++) {
      String s = f[i].startsWith("x") ? f[i].substring(1) : f[i];
      int d = parseSmall(s, PATH_BASE - 1);
      if (d < 0 || n > (Long.MAX_VALUE - d) / PATH_BASE) {
        throw badPath(path);
      }
      n = n * PATH_BASE + d;
    }
    Tile t = new Tile(h, l, n, w);
    if (!path.equals(t.path())) {
      throw badPath(path);
    }
    return t;
  }

  /** Parses 1 to 10 decimal digits with a value of at most {@code max}, or returns -1. */
  private static int parseSmall(String s, int max) {
    if (s.isEmpty() || s.length() > 10) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v <= max ? (int) v : -1;
  }

  private static TlogException badPath(String path) {
    return new TlogException("malformed tile path " + GoQuote.quote(path));
  }

  /**
   * The narrowest tile of height {@code h} from which the hash at stored-hash index {@code index}
   * can be recomputed.
   */
  public static Tile forIndex(int h, long index) {
    return Located.of(h, index).tile;
  }

  /**
   * The hash at stored-hash index {@code index}, recomputed from this tile's data. This tile must
   * be {@code forIndex(height, index)} or a wider tile at the same coordinates, and {@code data}
   * must hold at least {@code width·32} bytes. Go's {@code tlog.HashFromTile}.
   *
   * @throws TlogException if the index is not in this tile or the data is too short
   */
  public Hash hashFromTile(byte[] data, long index) {
    if (level < 0) {
      throw new TlogException("invalid tile " + path());
    }
    if (data.length < dataSize()) {
      throw new TlogException("data len %d too short for tile %s".formatted(data.length, path()));
    }
    Located at = Located.of(height, index);
    if (at.tile.level != level || at.tile.number != number || width < at.tile.width) {
      throw new TlogException("index %d is in %s not %s".formatted(index, at.tile.path(), path()));
    }
    return tileHash(data, at.start, at.end);
  }

  /**
   * The hash of the subtree whose bottom row is {@code data[start, end)}, a power-of-two number of
   * hashes.
   */
  static Hash tileHash(byte[] data, int start, int end) {
    return Hash.wrap(tileHashBytes(data, start, end));
  }

  private static byte[] tileHashBytes(byte[] data, int start, int end) {
    int len = end - start;
    if (len == Hash.SIZE) {
      return java.util.Arrays.copyOfRange(data, start, end);
    }
    if (len == 2 * Hash.SIZE) {
      return Tlog.nodeHash(data, start, data, start + Hash.SIZE);
    }
    int mid = start + (end - start) / 2;
    byte[] left = tileHashBytes(data, start, mid);
    byte[] right = tileHashBytes(data, mid, end);
    return Tlog.nodeHash(left, 0, right, 0);
  }

  /**
   * The tiles of height {@code h} to publish when a log grows from {@code oldTreeSize} to {@code
   * newTreeSize} records: per level, the full tiles completed by the growth and the partial tile
   * at the new right edge. Go's {@code tlog.NewTiles}.
   */
  public static List<Tile> newTiles(int h, long oldTreeSize, long newTreeSize) {
    if (h < 1 || h > 30) {
      throw new IllegalArgumentException("invalid tile height " + h);
    }
    if (oldTreeSize < 0 || newTreeSize < 0) {
      throw new IllegalArgumentException("negative tree size");
    }
    List<Tile> tiles = new ArrayList<>();
    for (int level = 0; level <= 63 && h * level < 64 && newTreeSize >> (h * level) > 0; level++) {
      long oldN = oldTreeSize >> (h * level);
      long newN = newTreeSize >> (h * level);
      if (oldN == newN) {
        continue;
      }
      for (long n = oldN >> h; n < newN >> h; n++) {
        tiles.add(full(h, level, n));
      }
      long n = newN >> h;
      int w = (int) (newN - (n << h));
      if (w > 0) {
        tiles.add(new Tile(h, level, n, w));
      }
    }
    return List.copyOf(tiles);
  }

  /**
   * Reads this hash tile's hashes from {@code r} and returns the tile data ({@code width·32}
   * bytes). Go's {@code tlog.ReadTileData}.
   */
  public byte[] readData(HashReader r) throws IOException {
    if (level < 0) {
      throw new TlogException("invalid tile " + path());
    }
    long start = number << height;
    long[] indexes = new long[width];
    for (int i = 0; i < width; i++) {
      indexes[i] = Tlog.storedHashIndex(height * level, start + i);
    }
    List<Hash> hashes = Tlog.read(r, indexes);
    byte[] data = new byte[dataSize()];
    for (int i = 0; i < width; i++) {
      hashes.get(i).copyTo(data, i * Hash.SIZE);
    }
    return data;
  }

  /**
   * This tile's {@code k}th parent in the tiling of a tree of size {@code treeSize}, as wide as
   * that tree allows, or null if the tree has no hashes there yet.
   */
  Tile parent(int k, long treeSize) {
    int l = level + k;
    if (l > 63) {
      return null;
    }
    long n = k * height >= 64 ? 0 : number >> (k * height);
    int shift = l * height;
    long max = shift >= 64 ? 0 : treeSize >> shift;
    long start = n << height;
    if (start >= max) {
      return null;
    }
    int w = 1 << height;
    if (start + w >= max) {
      w = (int) (max - start);
    }
    return new Tile(height, l, n, w);
  }

  /** A tile with the byte range of one stored hash's subtree in its data. */
  private record Located(Tile tile, int start, int end) {
    static Located of(int h, long index) {
      if (h < 1 || h > 30) {
        throw new IllegalArgumentException("invalid tile height " + h);
      }
      Node node = Tlog.splitStoredHashIndex(index);
      int l = node.level() / h;
      int levelInTile = node.level() - l * h;
      long tileN = node.n() << levelInTile >> h;
      long nInTile = node.n() - (tileN << h >> levelInTile);
      int w = (int) ((nInTile + 1) << levelInTile);
      Tile t = new Tile(h, l, tileN, w);
      return new Located(
          t,
          (int) (nInTile << levelInTile) * Hash.SIZE,
          (int) ((nInTile + 1) << levelInTile) * Hash.SIZE);
    }
  }
}
