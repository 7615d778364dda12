package dev.gofer.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Handlers for SIGTERM, SIGINT and SIGHUP while a command runs. Replacing the JVM's own handlers
 * for TERM and INT lets {@code gofer serve} stop cleanly and exit 0 (the JVM's default exits
 * 143/130 from inside the signal); the previous handlers come back on {@link #close}. Uses
 * {@code sun.misc.Signal} (module jdk.unsupported), the only way the JDK offers to see SIGHUP.
 */
final class Signals implements AutoCloseable {
  private final List<Runnable> restore = new ArrayList<>();
  private final java.util.Set<String> handled = new java.util.HashSet<>();

  private Signals() {}

  /**
   * Calls {@code stop} on SIGTERM or SIGINT and {@code hangup} on SIGHUP (if not {@code null}).
   * A signal the platform does not have is skipped.
   */
  static Signals install(Runnable stop, Runnable hangup) {
    Signals s = new Signals();
    s.handle("TERM", stop);
    s.handle("INT", stop);
    if (hangup != null) {
      s.handle("HUP", hangup);
    }
    return s;
  }

  private void handle(String name, Runnable action) {
    try {
      sun.misc.Signal signal = new sun.misc.Signal(name);
      sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, sig -> action.run());
      restore.add(() -> sun.misc.Signal.handle(signal, previous));
      if (previous != sun.misc.SignalHandler.SIG_IGN) {
        // The JVM leaves a signal the process was started with ignored as it is and answers
        // SIG_IGN, without an error: nohup does that to SIGHUP, a shell's background job to INT.
        handled.add(name);
      }
    } catch (IllegalArgumentException e) {
      // No such signal here, or the JVM reserves it (-Xrs): the shutdown hook still stops serve.
    }
  }

  /**
   * Whether the handler for {@code name} ({@code "HUP"}) is in place. It is not where the process
   * was started with the signal ignored: {@code nohup} does that to SIGHUP, and the JVM keeps it.
   */
  boolean handles(String name) {
    return handled.contains(name);
  }

  @Override
  public void close() {
    restore.forEach(Runnable::run);
    restore.clear();
  }
}
