package dev.gofer.cli;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Once the JIT has warmed up, lowers the CPU priority of the JVM's optimizing compiler threads
 * (C2, or a JVMCI compiler): a late compilation then mostly runs while requests leave a core
 * idle, instead of taking one from them.
 *
 * <p>Why: a warm serve still compiles now and then, when traffic takes a new path (a graph walk
 * of modules never seen, a burst of new connections). C2 then takes a core for up to a second per
 * method, exactly while clients wait. On a 2-core machine shared with the go command, niced C2
 * made the graph walk of a cold {@code go mod download} about 0.3 s shorter (2.02 s against 2.32
 * s, medians of five runs; bench/RESULTS.md).
 *
 * <p>Why not from the start: while the JVM warms up, compiled code is what makes requests fast,
 * and a busy proxy that starved its JIT would stay slow. So the priority drops only once
 * compilation has been quiet for a while (at most {@code quietShare} of the time in the last
 * {@code window}), and then stays down: the compilations left are for lukewarm code.
 *
 * <p>How: Linux keeps a nice value per thread, and Java has no call to set it (the JVM's own flag
 * for it, {@code -XX:CompilerThreadPriority} with {@code -XX:ThreadPriorityPolicy=1}, prints a
 * warning at every start when not root and applies from the start). The compiler threads are
 * found in {@code /proc/self/task} by name and given a higher nice value with {@code renice},
 * which only ever lowers a priority (allowed without privileges). Compiler threads the JVM starts
 * later are found on the next check. Without {@code /proc} or {@code renice} it does nothing
 * after one log line.
 */
final class JitYield implements AutoCloseable {
  /** Changes the nice value of the given thread ids; returns null or a one-line error. */
  @FunctionalInterface
  interface Renicer {
    String renice(int nice, List<Long> tids);
  }

  private final int nice;
  private final long windowNanos;
  private final double quietShare;
  private final LongSupplier compileMillis;
  private final LongSupplier clock;
  private final Path tasks;
  private final Renicer renicer;
  private final Logger log;
  /** (nanoTime, compile ms) samples; the first is the newest one at least a window old. */
  private final List<long[]> samples = new ArrayList<>();
  private ScheduledExecutorService timer;
  private boolean warm;
  private boolean gaveUp;

  JitYield(
      int nice,
      Duration window,
      double quietShare,
      LongSupplier compileMillis,
      LongSupplier clock,
      Path tasks,
      Renicer renicer,
      Logger log) {
    this.nice = nice;
    this.windowNanos = window.toNanos();
    this.quietShare = quietShare;
    this.compileMillis = compileMillis;
    this.clock = clock;
    this.tasks = tasks;
    this.renicer = renicer;
    this.log = log;
  }

  /**
   * Starts watching this JVM's JIT: every 5 s, quiet meaning at most 10 % of the last 20 s spent
   * compiling. {@code nice} 0 turns it off (and returns a watcher that does nothing).
   */
  static JitYield start(int nice, Logger log) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    JitYield y =
        new JitYield(
            nice,
            Duration.ofSeconds(20),
            0.10,
            jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : () -> -1,
            System::nanoTime,
            Path.of("/proc/self/task"),
            JitYield::reniceProcess,
            log);
    if (nice <= 0) {
      return y;
    }
    y.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("gofer-jit-yield").daemon().factory());
    y.timer.scheduleWithFixedDelay(y::check, 5, 5, TimeUnit.SECONDS);
    return y;
  }

  /** One check: records the JIT's time, and once it is warm lowers the compiler threads. */
  synchronized void check() {
    if (gaveUp) {
      return;
    }
    long now = clock.getAsLong();
    long compiled = compileMillis.getAsLong();
    if (compiled < 0) {
      giveUp("the JVM does not report its compilation time");
      return;
    }
    if (!warm) {
      samples.add(new long[] {now, compiled});
      while (samples.size() > 1 && now - samples.get(1)[0] >= windowNanos) {
        samples.remove(0);
      }
      long[] first = samples.get(0);
      long spanNanos = now - first[0];
      if (spanNanos < windowNanos || compiled - first[1] > quietShare * spanNanos / 1e6) {
        return;
      }
      warm = true;
      samples.clear();
    }
    List<Long> slower = new ArrayList<>();
    try {
      for (Task t : compilerThreads(tasks)) {
        if (t.nice() < nice) {
          slower.add(t.tid());
        }
      }
    } catch (IOException e) {
      giveUp("cannot list this process's threads: " + e.getMessage());
      return;
    }
    if (slower.isEmpty()) {
      return;
    }
    String error = renicer.renice(nice, slower);
    if (error != null) {
      giveUp(error);
      return;
    }
    log.info(
        "the JIT has warmed up: its optimizing compiler {} now at nice {}, so that a late compilation waits for idle CPU instead of requests",
        slower.size() == 1 ? "thread runs" : "threads run",
        nice);
  }

  private void giveUp(String why) {
    gaveUp = true;
    log.info("the JIT compiler threads keep their CPU priority: {}", why);
  }

  /** Whether the JIT was found warm (for tests). */
  synchronized boolean warm() {
    return warm;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** A thread of this process: its id, name and nice value. */
  record Task(long tid, String name, int nice) {}

  /**
   * The optimizing compiler threads among {@code tasks} ({@code /proc/self/task}): C2's ({@code
   * C2 CompilerThreadN}, cut to 15 characters by the kernel) and a JVMCI compiler's. C1's are
   * left alone: its compilations are short, and until they are done code runs interpreted.
   */
  static List<Task> compilerThreads(Path tasks) throws IOException {
    List<Task> out = new ArrayList<>();
    List<Path> dirs;
    try (var s = Files.list(tasks)) {
      dirs = s.toList();
    }
    for (Path dir : dirs) {
      try {
        String name = Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip();
        if (name.startsWith("C2 CompilerThre") || name.startsWith("JVMCI")) {
          out.add(new Task(Long.parseLong(dir.getFileName().toString()), name, nice(Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8))));
        }
      } catch (IOException | RuntimeException e) {
        // the thread ended meanwhile, or the entry is not a thread
      }
    }
    return out;
  }

  /**
   * The nice value in a {@code /proc/.../stat} line: field 19, counted after the command name in
   * parentheses (which may hold spaces and parentheses itself, so from its last ')').
   */
  static int nice(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
    return Integer.parseInt(f[16]); // f[0] is field 3 (state)
  }

  /** {@code renice NICE -p TID...}: the absolute form util-linux, BusyBox and BSD all read. */
  static String reniceProcess(int nice, List<Long> tids) {
    List<String> cmd = new ArrayList<>(List.of("renice", Integer.toString(nice), "-p"));
    tids.forEach(t -> cmd.add(Long.toString(t)));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "renice did not finish in 10 s";
      }
      return p.exitValue() == 0 ? null : "renice failed: " + out.lines().findFirst().orElse("exit " + p.exitValue());
    } catch (IOException e) {
      return "renice is not installed (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
