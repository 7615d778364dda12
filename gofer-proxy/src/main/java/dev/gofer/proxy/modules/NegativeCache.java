package dev.gofer.proxy.modules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Remembers for a short time that the upstream did not have something (404/410), so that the
 * go command's probes of every path prefix ({@code golang.org/x/net/html}, {@code
 * golang.org/x/net}, {@code golang.org/x}, ...) are answered without a round trip each time. In
 * memory only and bounded: the least recently used entry goes first when it is full.
 */
final class NegativeCache {
  private record Miss(String message, Instant expires) {}

  private final Duration ttl;
  private final int capacity;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, Miss> entries;

  NegativeCache(Duration ttl, int capacity, Clock clock) {
    this.ttl = ttl;
    this.capacity = capacity;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Miss> eldest) {
            return size() > NegativeCache.this.capacity;
          }
        };
  }

  /** The message of a live "not found" for {@code key}. */
  Optional<String> get(String key) {
    if (capacity == 0 || ttl.isZero()) {
      return Optional.empty();
    }
    lock.lock();
    try {
      Miss e = entries.get(key);
      if (e == null) {
        return Optional.empty();
      }
      if (!clock.instant().isBefore(e.expires())) {
        entries.remove(key);
        return Optional.empty();
      }
      return Optional.of(e.message());
    } finally {
      lock.unlock();
    }
  }

  /** Remembers a "not found" for {@code key}. */
  void put(String key, String message) {
    if (capacity == 0 || ttl.isZero()) {
      return;
    }
    lock.lock();
    try {
      entries.put(key, new Miss(message, clock.instant().plus(ttl)));
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }
}
