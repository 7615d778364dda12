package dev.gofer.cli;

import dev.gofer.proxy.mirror.MirrorSync;
import dev.gofer.proxy.mirror.SyncReport;
import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of {@code gofer mirror sync} on stderr: a progress bar on a terminal, otherwise (logs,
 * pipes, CI, {@code TERM=dumb}) one plain line per version. Neither has colour: the bar is drawn
 * in the plain {@link ProgressBarStyle#UNICODE_BLOCK} style, never a {@code COLORFUL_} one, so
 * {@code NO_COLOR} holds whatever it is set to.
 *
 * <p>The trap: since JDK 22 {@link System#console()} returns a console even when the streams are
 * redirected, so "has a console" no longer means "is a terminal"; {@code Console.isTerminal()}
 * (JDK 22) says it, and is called reflectively because gofer compiles for Java 21. The bar is
 * given its width so that it never probes the terminal through JLine's native code.
 */
final class SyncProgress {
  private SyncProgress() {}

  /** The listener for this process: bar or lines by {@link #isTerminal()} and the environment. */
  static MirrorSync.Listener on(PrintWriter err, boolean quiet) {
    return on(err, quiet, isTerminal(), System.getenv());
  }

  /**
   * No progress when {@code quiet}; a bar on stderr when {@code terminal} and {@code TERM} is not
   * {@code dumb} ({@code COLUMNS} wide, 40 at least); else lines on {@code err}.
   */
  static MirrorSync.Listener on(PrintWriter err, boolean quiet, boolean terminal, Map<String, String> env) {
    if (quiet) {
      return MirrorSync.Listener.NONE;
    }
    if (!terminal || "dumb".equals(env.get("TERM"))) {
      return new Lines(err);
    }
    int width = 100;
    try {
      width = Integer.parseInt(env.getOrDefault("COLUMNS", "100").strip());
    } catch (NumberFormatException e) {
      // keep the default
    }
    return new Bar(System.err, Math.max(40, width));
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
  static final class Lines implements MirrorSync.Listener {
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

  /** A progress bar on {@code out}. */
  static final class Bar implements MirrorSync.Listener {
    private final PrintStream out;
    private final int width;
    private ProgressBar bar;

    Bar(PrintStream out, int width) {
      this.out = out;
      this.width = width;
    }

    @Override
    public void started(int total) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("sync")
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.UNICODE_BLOCK)
              .setConsumer(new ConsoleProgressBarConsumer(out, width))
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
      out.println("gofer: proving " + versions + " checksum-database records against the latest tree head");
    }
  }
}
