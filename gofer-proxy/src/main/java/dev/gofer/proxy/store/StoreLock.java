package dev.gofer.proxy.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells a store's users apart from its leftovers: every process that has a store open holds a
 * shared OS lock on {@code <data>/state/store.lock} for as long as it has it open. A process
 * opening the store first tries to take that lock exclusively; it gets it only when no other
 * live process has the store open, and only then are temporary files removed (they can only be
 * what a killed process left). The kernel drops the locks of a process that dies, {@code kill -9}
 * included, so a crash never leaves the store "in use".
 *
 * <p>OS file locks belong to a process, not to a thread or a channel (Java refuses overlapping
 * locks within one JVM), so stores opened more than once within one JVM share one lock, counted
 * here: the temporaries are cleaned only by the first open, and the lock is released by the last
 * {@link #release}.
 */
final class StoreLock {
  /** The lock file, below {@code <data>/state}. */
  static final String FILE = "store.lock";

  private static final ReentrantLock GUARD = new ReentrantLock();
  private static final Map<Path, StoreLock> HELD = new HashMap<>();

  private final Path file;
  private final FileChannel channel; // null: a read-only store without a lock file
  private final FileLock shared;
  private int users = 1;

  private StoreLock(Path file, FileChannel channel, FileLock shared) {
    this.file = file;
    this.channel = channel;
    this.shared = shared;
  }

  /** Work to do while no other process has the store open. */
  @FunctionalInterface
  interface Cleanup {
    void run() throws IOException;
  }

  /**
   * Takes a share of the store's lock in {@code file}, first running {@code cleanup} if no other
   * process (and no other open store in this JVM) holds it.
   */
  static StoreLock acquire(Path file, Cleanup cleanup) throws IOException {
    GUARD.lock();
    try {
      StoreLock held = HELD.get(file);
      if (held != null) {
        held.users++;
        return held;
      }
      FileChannel ch;
      try {
        ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      } catch (FileSystemException | UnsupportedOperationException e) {
        // A read-only store (an air-gap medium served --offline): nothing can be cleaned there,
        // and only a shared lock, if the file exists, needs no write access.
        return readOnly(file);
      }
      try {
        FileLock exclusive = ch.tryLock(0, Long.MAX_VALUE, false);
        if (exclusive != null) {
          try {
            cleanup.run();
          } finally {
            exclusive.release();
          }
        }
        // Blocks only while another process is in its own clean-up, which is short.
        FileLock shared = ch.lock(0, Long.MAX_VALUE, true);
        StoreLock lock = new StoreLock(file, ch, shared);
        HELD.put(file, lock);
        return lock;
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    } finally {
      GUARD.unlock();
    }
  }

  private static StoreLock readOnly(Path file) throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      StoreLock none = new StoreLock(file, null, null);
      HELD.put(file, none);
      return none;
    }
    try {
      StoreLock lock = new StoreLock(file, ch, ch.lock(0, Long.MAX_VALUE, true));
      HELD.put(file, lock);
      return lock;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Gives up this share; the last one in the JVM releases the OS lock. */
  void release() {
    GUARD.lock();
    try {
      if (users == 0 || --users > 0) {
        return;
      }
      HELD.remove(file);
      if (channel == null) {
        return;
      }
      try {
        shared.release();
        channel.close();
      } catch (IOException e) {
        // Closing the channel drops the lock in any case.
      }
    } finally {
      GUARD.unlock();
    }
  }
}
