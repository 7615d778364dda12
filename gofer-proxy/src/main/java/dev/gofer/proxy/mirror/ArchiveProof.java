package dev.gofer.proxy.mirror;

import dev.gofer.mod.ModException;
import dev.gofer.mod.sumdb.Client;
import dev.gofer.mod.sumdb.ClientStore;
import dev.gofer.mod.sumdb.ForkException;
import dev.gofer.mod.sumdb.SignedTree;
import dev.gofer.mod.sumdb.SumdbRemote;
import dev.gofer.mod.tlog.Record;
import dev.gofer.mod.tlog.Tile;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Verifies one checksum database's part of a staged archive the way the go command would, with a
 * {@link Client} whose starting point is the store's persisted head and whose writes all go to a
 * scratch directory: the store is read, never written.
 *
 * <ul>
 *   <li>The archive's head must carry a valid signature by the configured key and be consistent
 *       with the store's head (a prefix of it, or extending it), proven through tiles.
 *   <li>Every tile of the archive is proven against the resulting latest head; one outside that
 *       tree is left out.
 *   <li>Every lookup's record is proven to be in that tree, and its own head consistent with it.
 * </ul>
 *
 * <p>What the client proved lands in the scratch cache ({@link #provenDir()}, Go's layout), which
 * is what import publishes.
 */
final class ArchiveProof {
  private final String name;
  private final Client client;
  private final Path proven;
  private final Path staged;
  private final int tileHeight;

  /**
   * @param staged the archive's {@code cache/download/sumdb/<name>} directory
   * @param scratch an empty directory for the client's config and cache
   */
  ArchiveProof(String verifierKey, int tileHeight, Store store, Path staged, Path scratch) throws IOException {
    this.staged = staged;
    this.tileHeight = tileHeight;
    Path config = scratch.resolve("config");
    Path cache = scratch.resolve("cache");
    ClientStore scratchStore = ClientStore.inDirectories(config, cache);
    ClientStore real = ClientStore.inDirectories(store.state().resolve("sumdb"), store.download());
    this.client =
        Client.builder(verifierKey, remote(), overlay(scratchStore, real))
            .tileHeight(tileHeight)
            .build();
    this.name = client.name();
    this.proven = cache.resolve("sumdb").resolve(name);
    byte[] head = real.readConfig(name + "/latest");
    if (head.length > 0) {
      scratchStore.writeConfig(name + "/latest", new byte[0], head);
    }
  }

  /** The tile height the proofs used. */
  int tileHeight() {
    return tileHeight;
  }

  /** The scratch cache of this database: proven tiles and lookups, in Go's layout. */
  Path provenDir() {
    return proven;
  }

  /** The latest head after the proofs: the newer of the store's and the archive's. */
  SignedTree latest() {
    return client.latest();
  }

  /**
   * Merges the archive's head.
   *
   * @throws Staging.Refused if its signature, its tree or its consistency with the store's head
   *     fails
   */
  void mergeHead(byte[] head) throws Staging.Refused {
    try {
      client.merge(head);
    } catch (ForkException e) {
      throw new Staging.Refused(
          "checksum database " + name + ": the archive's tree head contradicts the store's (a forked log): "
              + SyncInputs.oneLine(e.getMessage()));
    } catch (ModException | UncheckedIOException e) {
      String why = SyncInputs.oneLine(e.getMessage());
      if (why.startsWith("checking tree#")) {
        // The store's own tiles were proven against its head; a signed head they do not fit
        // is a fork, unless the archive's tiles were altered: either way, not this store's log.
        throw new Staging.Refused(
            "checksum database " + name + ": the archive's tree head is not consistent with the store's (a forked log, or altered tiles): " + why);
      }
      throw new Staging.Refused("checksum database " + name + ": the archive's tree head does not verify: " + why);
    }
  }

  /**
   * Proves a tile of the archive against the latest head and checks that the archive's bytes are
   * the proven ones; false if the tile lies outside the latest tree (it is left out).
   */
  boolean proveTile(Tile tile, Path stagedFile) throws Staging.Refused, IOException {
    if (!inTree(tile, client.latest().tree().n())) {
      return false;
    }
    byte[] proven;
    try {
      proven = client.verifiedTile(tile);
    } catch (ModException | UncheckedIOException e) {
      throw new Staging.Refused("checksum database " + name + ": " + tile.path() + " does not verify: " + SyncInputs.oneLine(e.getMessage()));
    }
    if (!Arrays.equals(proven, Files.readAllBytes(stagedFile))) {
      throw new Staging.Refused("checksum database " + name + ": " + tile.path() + " differs from the proven tile");
    }
    return true;
  }

  /**
   * Proves a lookup of the archive; returns its record text (go.sum lines).
   *
   * @throws Staging.Refused if the record is not in the tree or its head is not consistent
   */
  String proveLookup(String module, String version) throws Staging.Refused {
    try {
      byte[] body = client.lookupBody(module, version);
      return Record.parse(body).record().text();
    } catch (ModException | UncheckedIOException e) {
      throw new Staging.Refused(
          "checksum database " + name + ": lookup of " + module + "@" + version + " does not verify: " + SyncInputs.oneLine(e.getMessage()));
    }
  }

  /** Whether {@code tile} lies inside a tree of {@code size} records. */
  static boolean inTree(Tile tile, long size) {
    int shift = tile.height() * Math.max(tile.level(), 0);
    long count = shift >= 63 ? 0 : size >> shift;
    long start = tile.number() << tile.height();
    return tile.number() <= (Long.MAX_VALUE >> tile.height()) && start + tile.width() <= count;
  }

  /** Serves the archive's lookups and tiles to the client, exactly as staged. */
  private SumdbRemote remote() {
    return path -> {
      if (!path.startsWith("/lookup/") && !path.startsWith("/tile/")) {
        throw new IOException(path + ": not in the archive");
      }
      Path file = staged;
      for (String elem : path.substring(1).split("/")) {
        if (elem.isEmpty() || elem.equals(".") || elem.equals("..")) {
          throw new IOException(path + ": not in the archive");
        }
        file = file.resolve(elem);
      }
      try {
        return Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new IOException(path + ": not in the archive");
      }
    };
  }

  /**
   * Config and cache in scratch; cache reads of tiles fall back to the store's (authenticated
   * before they were stored there). Lookups are not read from the store, so that the archive's
   * own are the ones proven.
   */
  private static ClientStore overlay(ClientStore scratch, ClientStore real) {
    return new ClientStore() {
      @Override
      public byte[] readConfig(String file) throws IOException {
        return scratch.readConfig(file);
      }

      @Override
      public void writeConfig(String file, byte[] old, byte[] updated) throws IOException {
        scratch.writeConfig(file, old, updated);
      }

      @Override
      public byte[] readCache(String file) {
        byte[] data = scratch.readCache(file);
        if (data == null && file.contains("/tile/")) {
          data = real.readCache(file);
        }
        return data;
      }

      @Override
      public void writeCache(String file, byte[] data) throws IOException {
        scratch.writeCache(file, data);
      }
    };
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
