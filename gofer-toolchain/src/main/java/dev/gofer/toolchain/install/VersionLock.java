package dev.gofer.toolchain.install;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The per-version lock {@code toolchains/.lock-go<V>}: an OS file lock between processes, and a
 * JVM-wide lock in front of it (a JVM may hold one file lock per file). The lock file stays; it
 * is never deleted, as a waiter may hold it open.
 */
final class VersionLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

  private final ReentrantLock jvm;
  private final FileChannel channel;
  private final FileLock lock;

  private VersionLock(ReentrantLock jvm, FileChannel channel, FileLock lock) {
    this.jvm = jvm;
    this.channel = channel;
    this.lock = lock;
  }

  static Path file(Path toolchains, String version) {
    return toolchains.resolve(".lock-go" + version);
  }

  /** Waits for the lock of {@code version}. */
  static VersionLock acquire(Path toolchains, String version) throws IOException {
    Path f = file(toolchains, version).toAbsolutePath().normalize();
    ReentrantLock jvm = IN_JVM.computeIfAbsent(f, k -> new ReentrantLock());
    jvm.lock();
    try {
      FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        return new VersionLock(jvm, ch, ch.lock());
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      jvm.unlock();
      throw e;
    }
  }

  /** The lock of {@code version} if nobody holds it now, else null. */
  static VersionLock tryAcquire(Path toolchains, String version) throws IOException {
    Path f = file(toolchains, version).toAbsolutePath().normalize();
    ReentrantLock jvm = IN_JVM.computeIfAbsent(f, k -> new ReentrantLock());
    if (!jvm.tryLock()) {
      return null;
    }
    try {
      FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        ch.close();
        jvm.unlock();
        return null;
      }
      return new VersionLock(jvm, ch, l);
    } catch (IOException | RuntimeException e) {
      jvm.unlock();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      jvm.unlock();
    }
  }
}
