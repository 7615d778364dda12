package dev.gofer.cli;

import dev.gofer.toolchain.install.Listener;
import java.io.PrintWriter;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of {@code gofer toolchain install} on stderr: on a terminal a bar in MiB with the
 * speed; otherwise (as {@link SyncProgress} decides) one line when a download starts and one
 * when it ends, with its size, time and speed.
 */
final class DownloadProgress implements Listener {
  private final PrintWriter err;
  private final boolean bar;
  private final int width;

  private DownloadProgress(PrintWriter err, boolean bar, int width) {
    this.err = err;
    this.bar = bar;
    this.width = width;
  }

  static Listener on(PrintWriter err, boolean quiet, boolean terminal, Map<String, String> env) {
    if (quiet) {
      return Listener.NONE;
    }
    boolean bar = terminal && !"dumb".equals(env.get("TERM"));
    int width = 100;
    try {
      width = Math.max(40, Integer.parseInt(env.getOrDefault("COLUMNS", "100").strip()));
    } catch (NumberFormatException e) {
      // keep the default
    }
    return new DownloadProgress(err, bar, width);
  }

  @Override
  public void info(String message) {
    err.println("gofer: " + message);
  }

  @Override
  public Download download(String what) {
    long start = System.nanoTime();
    if (!bar) {
      err.println("gofer: downloading " + what);
      return new Download() {
        @Override
        public void update(long done, long total) {}

        @Override
        public void finished(long bytes) {
          err.println("gofer: downloaded " + what + ": " + summary(bytes, System.nanoTime() - start));
        }
      };
    }
    ProgressBar pb = new ProgressBarBuilder()
        .setTaskName("download")
        .setUnit(" MiB", 1 << 20)
        .showSpeed()
        .setInitialMax(-1)
        .setStyle(ProgressBarStyle.UNICODE_BLOCK)
        .setConsumer(new ConsoleProgressBarConsumer(System.err, width))
        .build();
    return new Download() {
      @Override
      public void update(long done, long total) {
        if (total > 0 && pb.getMax() != total) {
          pb.maxHint(total);
        }
        pb.stepTo(done);
      }

      @Override
      public void finished(long bytes) {
        pb.stepTo(bytes);
        pb.close();
      }
    };
  }

  /** {@code 12.3 MiB in 1.2s (10.2 MiB/s)}. */
  static String summary(long bytes, long nanos) {
    double mib = bytes / (double) (1 << 20);
    double secs = Math.max(nanos / 1e9, 1e-3);
    return "%.1f MiB in %.1fs (%.1f MiB/s)".formatted(mib, secs, mib / secs);
  }
}
