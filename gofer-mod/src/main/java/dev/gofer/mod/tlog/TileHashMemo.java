package dev.gofer.mod.tlog;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the hash of whole tiles' data so that proving the same tile again (every lookup
 * through a warm cache re-proves the tiles on its path) costs a byte comparison instead of 255
 * SHA-256 computations. Keyed by tile and checked against the exact bytes, so it can never vouch
 * for data it did not hash: it is a cache of a pure function, not of trust.
 *
 * <p>Bounded: when full it starts over. Safe for concurrent use.
 */
public final class TileHashMemo {
  private record Entry(byte[] data, Hash hash) {}

  private final ConcurrentHashMap<Tile, Entry> entries = new ConcurrentHashMap<>();
  private final int limit;

  /** A memo of at most {@code limit} tiles. */
  public TileHashMemo(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    this.limit = limit;
  }

  /** The hash of the whole tile {@code data} of {@code tile} ({@link Tile#tileHash}). */
  Hash hash(Tile tile, byte[] data) {
    Entry e = entries.get(tile);
    if (e != null && Arrays.equals(e.data, data)) {
      return e.hash;
    }
    Hash h = Tile.tileHash(data, 0, data.length);
    if (entries.size() >= limit) {
      entries.clear();
    }
    entries.put(tile, new Entry(data.clone(), h));
    return h;
  }
}
