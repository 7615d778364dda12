package dev.gofer.toolchain.install;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Flushes a freshly written tree to disk with one {@code syncfs(2)} of its file system ({@code
 * sync -f}), instead of an {@code fsync} per file: a toolchain has about 13,000 files, and an
 * fsync each would cost seconds of journal commits. Falls back to {@code sync(2)} (POSIX {@code
 * sync}) where {@code sync -f} is missing.
 */
final class DiskFlush {
  private DiskFlush() {}

  /**
   * Returns once everything written under {@code dir} (and the rest of its file system) is on
   * disk.
   *
   * @throws InstallException if neither {@code sync -f} nor {@code sync} succeeds
   */
  static void flush(Path dir) throws IOException {
    if (run(List.of("sync", "-f", dir.toString())) || run(List.of("sync"))) {
      return;
    }
    throw new InstallException("cannot flush " + dir + " to disk: neither 'sync -f' nor 'sync' worked (is coreutils installed?)");
  }

  private static boolean run(List<String> command) throws IOException {
    Process p;
    try {
      p = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      return false; // not installed
    }
    try {
      return p.waitFor() == 0;
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("flushing to disk: interrupted");
    }
  }
}
