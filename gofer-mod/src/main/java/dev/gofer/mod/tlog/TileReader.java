package dev.gofer.mod.tlog;

import java.io.IOException;
import java.util.List;

/**
 * Reads tiles of a log, typically from a local cache or else from a remote tile server (Go's
 * {@code tlog.TileReader}).
 *
 * <p>Tile data from a server is suspect: an implementation must not put it in persistent storage
 * from {@link #readTiles}. {@link TileHashReader} authenticates what it read against a trusted
 * tree and only then calls {@link #saveTiles}, which may store it.
 */
public interface TileReader {
  /** The height of the tiles this reader serves (the go command uses 8). */
  int height();

  /**
   * Returns the data of each tile, in order: exactly {@code tiles.get(i).width()·32} bytes each.
   * The returned arrays are owned by the caller.
   *
   * @throws IOException if a tile cannot be read
   */
  List<byte[]> readTiles(List<Tile> tiles) throws IOException;

  /**
   * Called with tiles whose data has been authenticated against a trusted tree: they may now be
   * written to persistent storage.
   */
  void saveTiles(List<Tile> tiles, List<byte[]> data);
}
