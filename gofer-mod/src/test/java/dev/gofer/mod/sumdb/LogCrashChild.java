package dev.gofer.mod.sumdb;

import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link FileLogStoreTest}: appends batches to a file-backed log forever,
 * printing {@code published <size>} after each append returns, until it is killed.
 */
public final class LogCrashChild {
  private LogCrashChild() {}

  public static void main(String[] args) throws Exception {
    try (Log log = Log.open(LogStore.open(Path.of(args[0])), args[1], 2)) {
      System.out.println("opened " + log.size());
      System.out.flush();
      while (true) {
        int n = (int) log.size();
        List<LogRecord> batch = new ArrayList<>();
        for (int i = 0; i < 1 + n % 5; i++) {
          batch.add(ClientLogTest.rec(n + i));
        }
        log.append(batch);
        System.out.println("published " + log.size());
        System.out.flush();
      }
    }
  }
}
