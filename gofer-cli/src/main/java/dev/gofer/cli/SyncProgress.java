package dev.gofer.cli;

import dev.gofer.proxy.mirror.MirrorSync;
import dev.gofer.proxy.mirror.SyncReport;
import java.io.Console;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of {@code gofer mirror sync} on stderr: a progress bar on a terminal, otherwise (logs,
 * pipes, CI) one plain line per version.
 *
 * <p>The trap: since JDK 22 {@link System#console()} returns a console even when the streams are
 * redirected, so "has a console" no longer means "is a terminal"; {@code Console.isTerminal()}
 * (JDK 22) says it, and is called reflectively because gofer compiles for Java 21. The bar is
 * given its width so that it never probes the terminal through JLine's native code.
 */
final class SyncProgress {
  private SyncProgress() {}

  static MirrorSync.Listener on(PrintWriter err, boolean quiet) {
    if (quiet) {
      return MirrorSync.Listener.NONE;
    }
    return isTerminal() ? new Bar() : new Lines(err);
  }

  static boolean isTerminal() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // Java 21: a console exists only for a terminal
    }
  }

  /** One line per version. */
  private static final class Lines implements MirrorSync.Listener {
    private final PrintWriter err;

    Lines(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void started(int total) {
      err.println("gofer: syncing " + total + " module versions");
    }

    @Override
    public void finished(SyncReport.Item item, int done, int total) {
      String what = switch (item.outcome()) {
        case FETCHED -> "fetched";
        case PRESENT -> "present";
        case FAILED -> "FAILED";
      };
      err.println("[" + done + "/" + total + "] " + what + " " + item.wanted().key());
    }

    @Override
    public void sealing(int versions) {
      err.println("gofer: proving " + versions + " checksum-database records against the latest tree head");
    }
  }

  /** A progress bar on stderr. */
  private static final class Bar implements MirrorSync.Listener {
    private ProgressBar bar;

    @Override
    public void started(int total) {
      int width = 100;
      try {
        width = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100"));
      } catch (NumberFormatException e) {
        // keep the default
      }
      bar =
          new ProgressBarBuilder()
              .setTaskName("sync")
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.UNICODE_BLOCK)
              .setConsumer(new ConsoleProgressBarConsumer(System.err, Math.max(40, width)))
              .build();
    }

    @Override
    public void finished(SyncReport.Item item, int done, int total) {
      bar.setExtraMessage(item.wanted().key());
      bar.step();
      if (done == total) {
        bar.close();
      }
    }

    @Override
    public void sealing(int versions) {
      if (bar != null) {
        bar.close();
      }
      System.err.println("gofer: proving " + versions + " checksum-database records against the latest tree head");
    }
  }
}
