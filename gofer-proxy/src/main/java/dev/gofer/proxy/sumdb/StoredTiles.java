package dev.gofer.proxy.sumdb;

import dev.gofer.mod.tlog.Hash;
import dev.gofer.mod.tlog.Tile;
import dev.gofer.proxy.http.Answer;
import dev.gofer.proxy.http.Answer.Caching;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiles as the store holds them ({@code <cache>/tile/H/L/NNN[.p/W]}, Go's layout), and how they
 * are served: only authenticated tiles are ever stored, so any stored tile, or any prefix of one,
 * can be served as it is.
 */
final class StoredTiles {
  private StoredTiles() {}

  /**
   * A stored tile: the exact file; else, for a partial hash tile, the first {@code W} hashes of
   * the stored full tile or of a wider stored partial tile (a prefix of a proven tile is proven).
   */
  static Answer find(Path cache, Tile t) {
    Path exact = cache.resolve(t.path());
    long size = sizeOf(exact);
    if (size > 0 && (t.level() < 0 || size == t.dataSize())) {
      return new Answer.File(exact, contentType(t), caching(t));
    }
    if (t.level() < 0 || t.isFull()) {
      return null;
    }
    Tile full = t.toFull();
    Path fullFile = cache.resolve(full.path());
    if (sizeOf(fullFile) == full.dataSize()) {
      return cut(fullFile, t);
    }
    try (DirectoryStream<Path> partials = Files.newDirectoryStream(exact.getParent())) {
      for (Path p : partials) {
        int w = width(p.getFileName().toString());
        if (w > t.width() && sizeOf(p) == (long) w * Hash.SIZE) {
          return cut(p, t);
        }
      }
    } catch (IOException e) {
      // No wider partial tiles stored.
    }
    return null;
  }

  private static Answer cut(Path file, Tile t) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] data = in.readNBytes(t.dataSize());
      if (data.length != t.dataSize()) {
        return null;
      }
      return new Answer.Bytes(data, contentType(t), caching(t));
    } catch (IOException e) {
      return null;
    }
  }

  private static int width(String name) {
    if (name.isEmpty() || name.length() > 4) {
      return -1;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(name);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.size(file) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  static String contentType(Tile t) {
    return t.level() < 0 ? Answer.TEXT : Answer.OCTETS;
  }

  static Caching caching(Tile t) {
    return t.isFull() ? Caching.IMMUTABLE : Caching.PARTIAL_TILE;
  }
}
