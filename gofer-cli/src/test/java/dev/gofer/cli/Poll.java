package dev.gofer.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waiting for a condition another process brings about (a file appearing, a log line being
 * written) where no latch can reach: asks again every few milliseconds until it holds or the
 * deadline passes. Not a way to wait for something to "probably" have happened.
 */
final class Poll {
  private Poll() {}

  /**
   * Calls {@code probe} until it returns non-null, and returns that.
   *
   * @throws AssertionError naming {@code what} when {@code limit} passes first
   */
  static <T> T until(Duration limit, String what, Callable<T> probe) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      T v = probe.call();
      if (v != null) {
        return v;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + limit + " waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
