package dev.gofer.proxy.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Small immutable store files ({@code .info}, {@code .mod}, small {@code .zip}) held in memory
 * with their response headers, keyed by request path. A hit costs no file-system call and no
 * hand-off to a request thread: {@link ProxyHandler} answers it on the thread that parsed the
 * request. Bodies live in direct buffers, so the kernel copies them straight to the socket.
 *
 * <p>Only answers the store calls {@linkplain Answer.Caching#IMMUTABLE immutable} are held. The
 * store never rewrites such a file, but {@code gofer verify --quarantine} may move one aside:
 * an entry is therefore only trusted for {@code revalidateAfter}; after that the next request
 * takes the ordinary path, which looks at the file again and renews (or drops) the entry.
 *
 * <p>Memory is bounded by {@code maxTotalBytes} (bodies) and {@code maxEntryBytes} (one body).
 * Eviction is second-chance FIFO: an entry hit since it was last looked at is spared once.
 */
public final class HotFiles {
  /**
   * 16 MiB of bodies (thousands of {@code .info}/{@code .mod} files, or a few small zips), 1 MiB
   * at most per file, files looked at again after 2 s. Bodies are direct memory: the launcher's
   * serve profile caps that at 64 MiB, shared with the connections' buffers.
   */
  public static HotFiles defaults() {
    return new HotFiles(1 << 20, 16 << 20, Duration.ofSeconds(2));
  }

  /** No file is held: every request reads the store. */
  public static HotFiles disabled() {
    return new HotFiles(0, 0, Duration.ZERO);
  }

  /**
   * Holds files of at most {@code maxEntryBytes}, {@code maxTotalBytes} in all, each trusted for
   * {@code revalidateAfter} before the file is looked at again.
   */
  public static HotFiles of(long maxEntryBytes, long maxTotalBytes, Duration revalidateAfter) {
    if (maxEntryBytes < 0 || maxTotalBytes < 0 || revalidateAfter.isNegative()) {
      throw new IllegalArgumentException("hot file limits must not be negative");
    }
    return new HotFiles(Math.min(maxEntryBytes, Integer.MAX_VALUE), maxTotalBytes, revalidateAfter);
  }

  /** A held file: its metadata (headers) and its whole body. */
  static final class Entry {
    final String path;
    final String kind;
    final StoredFile meta;
    private final ByteBuffer body;
    private volatile long trustedUntil;
    private volatile boolean hit;

    Entry(String path, String kind, StoredFile meta, ByteBuffer body, long trustedUntil) {
      this.path = path;
      this.kind = kind;
      this.meta = meta;
      this.body = body;
      this.trustedUntil = trustedUntil;
    }

    /** Bytes {@code [offset, offset+length)} of the body, as a buffer of its own. */
    ByteBuffer slice(long offset, long length) {
      return body.slice((int) offset, (int) length);
    }

    long size() {
      return body.capacity();
    }
  }

  private final long maxEntryBytes;
  private final long maxTotalBytes;
  private final long revalidateNanos;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final Queue<Entry> order = new ConcurrentLinkedQueue<>();
  private final AtomicLong totalBytes = new AtomicLong();
  private final ReentrantLock evicting = new ReentrantLock();

  private HotFiles(long maxEntryBytes, long maxTotalBytes, Duration revalidateAfter) {
    this.maxEntryBytes = maxEntryBytes;
    this.maxTotalBytes = maxTotalBytes;
    this.revalidateNanos = revalidateAfter.toNanos();
  }

  /** The entry for {@code path} while it may be trusted without looking at the file; else null. */
  Entry get(String path) {
    Entry e = entries.get(path);
    if (e == null || System.nanoTime() - e.trustedUntil > 0) {
      return null;
    }
    if (!e.hit) {
      e.hit = true;
    }
    return e;
  }

  /** Whether a file of {@code size} bytes would be held. */
  boolean wants(long size) {
    return size <= maxEntryBytes && size <= maxTotalBytes;
  }

  /**
   * The entry for {@code path}, whose file {@code meta} describes as it is now: the held entry
   * renewed when it still matches the file, else the file read into a new entry. Null when the
   * file is not wanted or changed while it was read (the caller then serves it from disk).
   */
  Entry load(String path, String kind, Path file, StoredFile meta) throws IOException {
    if (!wants(meta.size())) {
      return null;
    }
    long until = System.nanoTime() + revalidateNanos;
    Entry held = entries.get(path);
    if (held != null && held.meta.sameFile(meta)) {
      held.trustedUntil = until;
      return held;
    }
    ByteBuffer body = read(file, meta.size());
    if (body == null) {
      return null;
    }
    Entry e = new Entry(path, kind, meta, body, until);
    Entry old = entries.put(path, e);
    if (old != null) {
      totalBytes.addAndGet(-old.size());
    }
    totalBytes.addAndGet(e.size());
    order.add(e);
    evict();
    return e;
  }

  /** Forgets {@code path} (its file is gone). */
  void remove(String path) {
    Entry e = entries.remove(path);
    if (e != null) {
      totalBytes.addAndGet(-e.size());
    }
  }

  /** Bytes of bodies held now. */
  long totalBytes() {
    return totalBytes.get();
  }

  /** Files held now. */
  int size() {
    return entries.size();
  }

  private void evict() {
    if (totalBytes.get() <= maxTotalBytes) {
      return;
    }
    evicting.lock();
    try {
      while (totalBytes.get() > maxTotalBytes) {
        Entry e = order.poll();
        if (e == null) {
          return;
        }
        if (entries.get(e.path) != e) {
          continue; // replaced or removed already; its bytes were accounted for then
        }
        if (e.hit) {
          e.hit = false;
          order.add(e);
        } else if (entries.remove(e.path, e)) {
          totalBytes.addAndGet(-e.size());
        }
      }
    } finally {
      evicting.unlock();
    }
  }

  /** The whole file in a read-only direct buffer, or null when it is not {@code size} bytes long. */
  private static ByteBuffer read(Path file, long size) throws IOException {
    ByteBuffer b = ByteBuffer.allocateDirect((int) size);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (b.hasRemaining()) {
        if (ch.read(b) < 0) {
          return null;
        }
      }
      if (ch.size() != size) {
        return null;
      }
    }
    return b.flip().asReadOnlyBuffer();
  }
}
