package dev.gofer.mod.sumdb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ClientStore} in the go command's directory layout. See {@link
 * ClientStore#inDirectories}.
 *
 * <p>A configuration write holds {@code <file>.lock} (an OS file lock, so separate processes
 * sharing the directory serialise) and, inside this JVM, a lock per file (the OS lock is per
 * process). Under both it compares the stored bytes with the expected old bytes and then replaces
 * the file atomically.
 */
final class FileClientStore implements ClientStore {
  private static final byte[] EMPTY = new byte[0];

  private final Path configDir;
  private final Path cacheDir;
  private final ConcurrentMap<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

  FileClientStore(Path configDir, Path cacheDir) {
    this.configDir = configDir;
    this.cacheDir = cacheDir;
  }

  @Override
  public byte[] readConfig(String file) throws IOException {
    try {
      return Files.readAllBytes(resolve(configDir, file));
    } catch (NoSuchFileException e) {
      return EMPTY;
    }
  }

  @Override
  public void writeConfig(String file, byte[] old, byte[] updated) throws IOException {
    Path target = resolve(configDir, file);
    Files.createDirectories(target.getParent());
    Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
    ReentrantLock lock = locks.computeIfAbsent(target, k -> new ReentrantLock());
    lock.lock();
    try (FileChannel ch =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock osLock = ch.lock()) {
      byte[] cur;
      try {
        cur = Files.readAllBytes(target);
      } catch (NoSuchFileException e) {
        cur = EMPTY;
      }
      if (cur.length > 0 && !Arrays.equals(cur, old)) {
        throw new WriteConflictException(file);
      }
      AtomicFiles.write(target, updated);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public byte[] readCache(String file) {
    try {
      byte[] data = Files.readAllBytes(resolve(cacheDir, file));
      return data.length == 0 ? null : data;
    } catch (IOException | SumdbException e) {
      return null;
    }
  }

  @Override
  public void writeCache(String file, byte[] data) throws IOException {
    // Verified, re-derivable data: a name lost to a power loss costs a refetch (AtomicFiles).
    AtomicFiles.write(resolve(cacheDir, file), data, false);
  }

  /**
   * Resolves a relative {@code /}-separated name below {@code dir}, refusing names that could
   * leave it (empty, {@code .} or {@code ..} elements, backslashes, NUL).
   */
  static Path resolve(Path dir, String file) {
    if (file.isEmpty() || file.indexOf('\\') >= 0 || file.indexOf('\0') >= 0) {
      throw new SumdbException("invalid sumdb file name " + quote(file));
    }
    Path p = dir;
    int start = 0;
    while (true) {
      int slash = file.indexOf('/', start);
      String elem = slash < 0 ? file.substring(start) : file.substring(start, slash);
      if (elem.isEmpty() || elem.equals(".") || elem.equals("..")) {
        throw new SumdbException("invalid sumdb file name " + quote(file));
      }
      p = p.resolve(elem);
      if (slash < 0) {
        return p;
      }
      start = slash + 1;
    }
  }

  private static String quote(String s) {
    return '"' + s.replace("\"", "\\\"") + '"';
  }
}
