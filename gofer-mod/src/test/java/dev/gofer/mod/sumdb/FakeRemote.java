package dev.gofer.mod.sumdb;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A remote in a map, like the one in Go's client_test.go: paths to bodies, with switches that
 * make every read or every tile read fail, and a log of the paths read.
 */
final class FakeRemote implements SumdbRemote {
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final List<String> reads = new CopyOnWriteArrayList<>();
  volatile boolean getOk = true;
  volatile boolean getTileOk = true;

  @Override
  public byte[] read(String path) throws IOException {
    reads.add(path);
    if (!getOk) {
      throw new IOException("disallowed remote read " + path);
    }
    if (path.contains("/tile/") || path.startsWith("tile/") || path.startsWith("/tile/")) {
      if (!getTileOk) {
        throw new IOException("disallowed remote tile read " + path);
      }
    }
    byte[] data = files.get(path);
    if (data == null) {
      throw new IOException("no remote path " + path);
    }
    return data.clone();
  }

  /** Serves the current state of {@code log}: every lookup and the tiles the log publishes. */
  static SumdbRemote of(Log log) {
    return path -> {
      try {
        if (path.equals("/latest")) {
          return log.signed().note();
        }
        if (path.startsWith("/lookup/")) {
          String mod = path.substring("/lookup/".length());
          int at = mod.indexOf('@');
          return log.lookup(
              dev.gofer.mod.module.ModulePath.unescape(mod.substring(0, at)),
              dev.gofer.mod.module.ModulePath.unescapeVersion(mod.substring(at + 1)));
        }
        if (path.startsWith("/tile/")) {
          return log.tile(dev.gofer.mod.tlog.Tile.parsePath(path.substring(1)));
        }
      } catch (NotFoundException e) {
        throw new IOException("404 " + path);
      }
      throw new IOException("404 " + path);
    };
  }
}
