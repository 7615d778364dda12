package dev.gofer.mod.sumdb;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a {@link Client} keeps its state: the persisted latest signed tree head per database
 * ("config") and the lookups and tiles it has verified ("cache"). This is the storage half of
 * Go's {@code sumdb.ClientOps}. Implementations must be safe for concurrent use.
 *
 * <p>File names are relative, {@code /}-separated, and begin with the database name: {@code
 * <name>/latest}, {@code <name>/lookup/<escaped path>@<escaped version>}, {@code
 * <name>/tile/<H>/<L>/<NNN>[.p/<W>]}. The client writes to the cache only data it has
 * authenticated, so whatever the cache returns is trusted.
 */
public interface ClientStore {

  /**
   * Returns the content of the configuration file, or an empty array if it does not exist (the
   * empty tree, from which a client bootstraps).
   */
  byte[] readConfig(String file) throws IOException;

  /**
   * Atomically replaces the configuration file's content {@code old} by {@code updated}.
   *
   * @throws WriteConflictException if the stored content is neither {@code old} nor empty (an empty
   *     or missing file is overwritten without comparison, as the go command does, which lets the
   *     first writer bootstrap the file)
   */
  void writeConfig(String file, byte[] old, byte[] updated) throws IOException;

  /**
   * Returns the content of the cache file, or null if it is missing, empty or unreadable (any
   * failure counts as a miss).
   */
  byte[] readCache(String file);

  /** Stores a cache file; the data has been authenticated by the client. */
  void writeCache(String file, byte[] data) throws IOException;

  /** A store that keeps everything in memory (tests, short-lived tools). */
  static ClientStore inMemory() {
    return new MemoryClientStore();
  }

  /**
   * A store in the go command's layout: configuration files under {@code configDir} (the go
   * command uses {@code $GOPATH/pkg/sumdb}, so the latest head of {@code sum.golang.org} is {@code
   * <configDir>/sum.golang.org/latest}) and cache files under {@code <cacheDir>/sumdb} (the go
   * command's {@code cacheDir} is {@code $GOMODCACHE/cache/download}). Every write is atomic
   * (temporary file, fsync, rename); configuration writes are serialised with a lock file, also
   * across processes.
   */
  static ClientStore inDirectories(Path configDir, Path cacheDir) {
    return new FileClientStore(configDir, cacheDir.resolve("sumdb"));
  }

  /**
   * Where {@link #inDirectories} keeps the cache file {@code file}: {@code <cacheDir>/sumdb/<file>}.
   * For stores that put the same files in the same place by other means (a server that writes
   * its cache in the background).
   *
   * @throws SumdbException if the name is empty or could leave the directory ({@code .} or {@code
   *     ..} elements, backslashes, NUL)
   */
  static Path cacheFile(Path cacheDir, String file) {
    return FileClientStore.resolve(cacheDir.resolve("sumdb"), file);
  }
}
