package dev.gofer.mod.tlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An in-memory append-only log for tests: record i is "leaf i" unless given explicitly. */
final class TestLog {
  final List<Hash> stored = new ArrayList<>();
  final List<byte[]> records = new ArrayList<>();

  static TestLog ofLeaves(int n) {
    TestLog log = new TestLog();
    for (int i = 0; i < n; i++) {
      log.append(("leaf " + i).getBytes(StandardCharsets.UTF_8));
    }
    return log;
  }

  void append(byte[] data) {
    long id = records.size();
    try {
      List<Hash> hashes = Tlog.storedHashes(id, data, HashReader.of(stored));
      if (stored.size() != Tlog.storedHashIndex(0, id)) {
        throw new AssertionError("stored hashes out of step at record " + id);
      }
      stored.addAll(hashes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    records.add(data);
  }

  long size() {
    return records.size();
  }

  HashReader reader() {
    return HashReader.of(stored);
  }

  Hash treeHash(long n) {
    try {
      return Tlog.treeHash(n, reader());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Tree tree(long n) {
    return new Tree(n, treeHash(n));
  }

  /** Serves tiles of the given height computed from the stored hashes, recording every call. */
  class Tiles implements TileReader {
    final int height;
    final List<List<Tile>> reads = new ArrayList<>();
    final List<List<Tile>> saves = new ArrayList<>();

    Tiles(int height) {
      this.height = height;
    }

    @Override
    public int height() {
      return height;
    }

    @Override
    public List<byte[]> readTiles(List<Tile> tiles) throws IOException {
      reads.add(tiles);
      List<byte[]> out = new ArrayList<>();
      for (Tile t : tiles) {
        out.add(tamper(t, t.readData(reader())));
      }
      return out;
    }

    /** Override point for tests that corrupt tiles. */
    byte[] tamper(Tile t, byte[] data) {
      return data;
    }

    @Override
    public void saveTiles(List<Tile> tiles, List<byte[]> data) {
      saves.add(tiles);
    }
  }
}
