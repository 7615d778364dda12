package dev.gofer.proxy.sumdb;

import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refused state of one checksum database after a fork. The state is the presence of a report
 * file {@code fork-<UTC time>.txt} in the database's state directory, so it survives restarts and
 * an operator clears it by deleting the file(s); {@link #refused()} looks at the directory each
 * time it is asked, and bumps {@link #epoch()} when it sees the state cleared.
 */
final class ForkGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ForkGuard.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final String name;
  private final Path dir;
  private final Store store;
  private final Metrics metrics;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean lastSeen;
  private volatile int epoch;
  /** A report could not be written: refused until restart, since nothing on disk says so. */
  private volatile boolean unpersisted;
  private String lastReport;

  ForkGuard(String name, Path dir, Store store, Metrics metrics, Clock clock) {
    this.name = name;
    this.dir = dir;
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
    metrics.database(name);
    this.lastSeen = hasReport();
    if (lastSeen) {
      LOG.error(
          "checksum database {} is refused after a fork: reports in {}; delete them to accept upstream data again",
          name,
          dir);
    }
  }

  /** Whether a fork report is present: no new upstream data may be accepted. */
  boolean refused() {
    if (unpersisted) {
      return true;
    }
    boolean now = hasReport();
    if (now != lastSeen) {
      lock.lock();
      try {
        if (lastSeen && !now) {
          epoch++;
          lastReport = null;
          LOG.warn("checksum database {}: fork report removed, accepting upstream data again", name);
        }
        lastSeen = now;
      } finally {
        lock.unlock();
      }
    }
    return now;
  }

  /** Increases each time the refused state is cleared by an operator. */
  int epoch() {
    return epoch;
  }

  /**
   * Enters the refused state with {@code report} (the go command's {@code SECURITY ERROR} text):
   * persists it, logs it and counts it, once per distinct report.
   */
  void refuse(String report) {
    lock.lock();
    try {
      if (report.equals(lastReport)) {
        return;
      }
      lastReport = report;
      Path file = dir.resolve("fork-" + STAMP.format(clock.instant()) + ".txt");
      String text =
          "gofer refused checksum database "
              + name
              + ": it signed two tree heads that contradict each other.\n"
              + "gofer keeps serving the last verified state and accepts no new data from upstream.\n"
              + "Delete this file to accept upstream data again (only after the cause is understood).\n\n"
              + report
              + (report.endsWith("\n") ? "" : "\n");
      try {
        store.write(file, text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        unpersisted = true;
        LOG.error(
            "checksum database {}: cannot persist fork report {}: {}; refusing it until restart",
            name,
            file,
            e.toString());
      }
      lastSeen = true;
      metrics.forks.labelValues(name).inc();
      LOG.error("checksum database {} forked; refusing its new data. Report in {}:\n{}", name, file, report);
    } finally {
      lock.unlock();
    }
  }

  private boolean hasReport() {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "fork-*.txt")) {
      for (Path f : files) {
        if (Files.isRegularFile(f) && !Store.isTemp(f)) {
          return true;
        }
      }
      return false;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      // An unreadable state directory must not open the gate.
      LOG.warn("checksum database {}: cannot read {}: {}", name, dir, e.toString());
      return true;
    }
  }
}
