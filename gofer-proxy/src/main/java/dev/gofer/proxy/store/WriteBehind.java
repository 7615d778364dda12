package dev.gofer.proxy.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes re-derivable cache files (checksum-database lookups, tiles, records) on background
 * virtual threads, so that the request that verified them does not wait for their fsync.
 *
 * <p>Until a file is published, {@link #pending} returns its bytes, so readers of the store see
 * it at once. Writes of the same file queued before its write starts are coalesced into one (the
 * latest bytes win; for verified cache files they are the same bytes anyway). Publishing goes
 * through {@link Store#write}: temporary file, fsync, rename. So the one guarantee that matters
 * is kept: a file that is present is complete; what a crash can cost is a file that is not there
 * yet, which is fetched and verified again when it is next needed. {@link #flush} waits for every
 * write queued before it returns; callers that report "done", and a clean shutdown, call it.
 *
 * <p>Only the caller decides what may be written late: it must hand over data it has already
 * verified, and must not use this for state that something else depends on for its safety (the
 * persisted tree head is written synchronously by the checksum-database client).
 */
final class WriteBehind {
  private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);

  /** Publishes one file now (temp, fsync, rename). */
  @FunctionalInterface
  interface Writer {
    void write(Path target, byte[] data) throws IOException;
  }

  private final Writer writer;
  private final ConcurrentHashMap<Path, byte[]> pending = new ConcurrentHashMap<>();
  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("write-behind").factory());
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final Condition published = lock.newCondition();
  private int running;

  WriteBehind(Writer writer) {
    this.writer = writer;
  }

  /** Queues {@code data} to be published as {@code target}; the array must not change later. */
  void write(Path target, byte[] data) {
    started();
    if (pending.put(target, data) != null) {
      finished(); // a queued write of this file will pick up the newest bytes
      return;
    }
    try {
      executor.execute(() -> drain(target));
    } catch (RejectedExecutionException e) {
      drain(target);
    }
  }

  /** The bytes queued for {@code target} and not yet published, or null. */
  byte[] pending(Path target) {
    return pending.get(target);
  }

  /** The files queued in directory {@code dir} and not yet published. */
  java.util.List<Path> pendingIn(Path dir) {
    java.util.List<Path> files = new java.util.ArrayList<>();
    for (Path p : pending.keySet()) {
      if (dir.equals(p.getParent())) {
        files.add(p);
      }
    }
    return files;
  }

  /** Waits until {@code target} is no longer queued: published, or its write failed. */
  void await(Path target) {
    lock.lock();
    try {
      while (pending.containsKey(target)) {
        published.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits until every write queued so far (and any queued meanwhile) is published or failed. */
  void flush() {
    lock.lock();
    try {
      while (running > 0) {
        idle.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many files are queued or being written (metrics, tests). */
  int backlog() {
    return pending.size();
  }

  private void drain(Path target) {
    try {
      while (true) {
        byte[] data = pending.get(target);
        if (data == null) {
          return;
        }
        try {
          writer.write(target, data);
        } catch (IOException | RuntimeException e) {
          // A cache file not written costs a refetch when it is next needed, nothing more.
          LOG.warn("cannot store {}: {}", target, e.toString());
        }
        if (pending.remove(target, data)) {
          signalPublished();
          return;
        }
      }
    } finally {
      finished();
    }
  }

  private void signalPublished() {
    lock.lock();
    try {
      published.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void started() {
    lock.lock();
    try {
      running++;
    } finally {
      lock.unlock();
    }
  }

  private void finished() {
    lock.lock();
    try {
      if (--running == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }
}
