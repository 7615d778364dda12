package dev.gofer.mod.sumdb;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ClientStore} in two concurrent maps. Arrays are copied in and out. */
final class MemoryClientStore implements ClientStore {
  private static final byte[] EMPTY = new byte[0];

  private final Map<String, byte[]> config = new ConcurrentHashMap<>();
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  @Override
  public byte[] readConfig(String file) {
    byte[] data = config.get(file);
    return data == null ? EMPTY : data.clone();
  }

  @Override
  public void writeConfig(String file, byte[] old, byte[] updated) {
    byte[] copy = updated.clone();
    boolean[] conflict = {false};
    config.compute(
        file,
        (k, cur) -> {
          if (cur != null && cur.length > 0 && !Arrays.equals(cur, old)) {
            conflict[0] = true;
            return cur;
          }
          return copy;
        });
    if (conflict[0]) {
      throw new WriteConflictException(file);
    }
  }

  @Override
  public byte[] readCache(String file) {
    byte[] data = cache.get(file);
    return data == null || data.length == 0 ? null : data.clone();
  }

  @Override
  public void writeCache(String file, byte[] data) {
    cache.put(file, data.clone());
  }
}
