package dev.gofer.mod.tlog;

import java.io.IOException;
import java.util.List;

/**
 * Reads stored hashes of a log's tree by their stored-hash index (see {@link
 * Tlog#storedHashIndex}). Go's {@code tlog.HashReader}.
 */
@FunctionalInterface
public interface HashReader {
  /**
   * Returns the hashes at the given stored-hash indexes, one per index, in the same order. It may
   * run faster if the indexes are sorted.
   *
   * @throws IOException if the hashes cannot be read
   * @throws TlogException if they are not available or fail authentication
   */
  List<Hash> readHashes(long[] indexes) throws IOException;

  /**
   * A reader over hashes kept in a list whose position {@code i} holds stored-hash index {@code
   * i}: the storage an append-only log builds with {@link Tlog#storedHashes}. The list is read
   * live, so appends are visible.
   */
  static HashReader of(List<Hash> stored) {
    return indexes -> {
      Hash[] out = new Hash[indexes.length];
      for (int i = 0; i < indexes.length; i++) {
        long x = indexes[i];
        if (x < 0 || x >= stored.size()) {
          throw new TlogException("stored hash index " + x + " out of range");
        }
        out[i] = stored.get((int) x);
      }
      return List.of(out);
    };
  }
}
