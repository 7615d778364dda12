package dev.gofer.proxy.sumdb;

import dev.gofer.mod.sumdb.ClientStore;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The checksum-database client's storage in the store: {@link ClientStore#inDirectories}'s layout
 * (persisted head under {@code <data>/state/sumdb}, lookups and tiles under {@code
 * <data>/cache/download/sumdb}), with cache writes moved off the request path.
 *
 * <p><b>Cache files</b> (lookups and tiles) are handed to {@link Store#writeBehind}: the client
 * calls {@link #writeCache} only with data it has just authenticated, so nothing unverified is
 * ever queued, and the store publishes them by temporary file, fsync and rename (without forcing
 * the directory, as the go command does for this cache), so a crash leaves a file complete or
 * absent. Until published they are read from the queue.
 *
 * <p><b>The latest tree head</b> stays a synchronous, durable compare-and-swap ({@link
 * #writeConfig} delegates as it is). It is the anchor of fork detection, and the client writes a
 * newer head before it returns the lookup proven against it, so by the time gofer serves that
 * lookup, or stores a module verified with it, the head it depends on is on disk. Written late, a
 * crash could take gofer back to an older head after it had served proofs of a newer one; then an
 * upstream that forks right after that newer head would be accepted on restart, and gofer would
 * have served both sides of the fork without noticing. The head changes only when the database
 * grew since the last lookup, not per lookup, so this costs a few writes per minute, not one per
 * module.
 */
final class WriteBehindClientStore implements ClientStore {
  private final ClientStore files;
  private final Path cacheDir;
  private final Store store;

  WriteBehindClientStore(Path configDir, Store store) {
    this.files = ClientStore.inDirectories(configDir, store.download());
    this.cacheDir = store.download();
    this.store = store;
  }

  @Override
  public byte[] readConfig(String file) throws IOException {
    return files.readConfig(file);
  }

  @Override
  public void writeConfig(String file, byte[] old, byte[] updated) throws IOException {
    files.writeConfig(file, old, updated);
  }

  @Override
  public byte[] readCache(String file) {
    byte[] queued;
    try {
      queued = store.pending(ClientStore.cacheFile(cacheDir, file));
    } catch (RuntimeException e) {
      return null;
    }
    return queued != null ? queued.clone() : files.readCache(file);
  }

  @Override
  public void writeCache(String file, byte[] data) {
    store.cacheBehind(ClientStore.cacheFile(cacheDir, file), data.clone());
  }
}
