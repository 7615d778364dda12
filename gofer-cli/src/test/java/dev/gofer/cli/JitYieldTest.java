package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.helpers.NOPLogger;

class JitYieldTest {
  @TempDir Path tmp;

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong compileMillis = new AtomicLong();
  private final List<String> calls = new ArrayList<>();

  private Path thread(long tid, String comm, int nice) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("task").resolve(Long.toString(tid)));
    Files.writeString(dir.resolve("comm"), comm + "\n");
    // The real layout: pid (comm) state, then fields 4..; nice is field 19.
    Files.writeString(
        dir.resolve("stat"),
        tid + " (" + comm + ") S 1 1 1 0 -1 4194368 100 0 0 0 50 7 0 0 20 " + nice + " 1 0 100 0\n");
    return dir;
  }

  private JitYield watcher(JitYield.Renicer renicer) {
    return new JitYield(
        19, Duration.ofSeconds(30), 0.05, compileMillis::get, nanos::get, tmp.resolve("task"), renicer, NOPLogger.NOP_LOGGER);
  }

  /** A renicer that records each call and changes the fake threads as renice would. */
  private JitYield recording() {
    return watcher(
        (nice, tids) -> {
          calls.add(nice + " " + tids);
          for (long tid : tids) {
            try {
              Path dir = tmp.resolve("task").resolve(Long.toString(tid));
              thread(tid, Files.readString(dir.resolve("comm")).strip(), nice);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
          return null;
        });
  }

  /** Advances the clock by {@code seconds}, of which the JIT spent {@code compiling} ms, and checks. */
  private void tick(JitYield y, int seconds, long compiling) {
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    compileMillis.addAndGet(compiling);
    y.check();
  }

  @Test
  void readsTheNiceValueAfterACommandNameWithSpacesAndParentheses() {
    assertThat(JitYield.nice("42 (C2 CompilerThre) S 1 1 1 0 -1 4194368 100 0 0 0 50 7 0 0 39 19 1 0 100 0")).isEqualTo(19);
    assertThat(JitYield.nice("42 (a) b (c) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0\n")).isZero();
    assertThat(JitYield.nice("7 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 30 -10 1 0 5 0")).isEqualTo(-10);
  }

  @Test
  void findsTheOptimizingCompilerThreadsOnly() throws IOException {
    thread(100, "java", 0);
    thread(101, "C2 CompilerThre", 0);
    thread(102, "C1 CompilerThre", 0);
    thread(103, "JVMCI CompilerT", 5);
    thread(104, "gofer-http-1", 0);
    assertThat(JitYield.compilerThreads(tmp.resolve("task")))
        .extracting(JitYield.Task::tid, JitYield.Task::nice)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(101L, 0), org.assertj.core.groups.Tuple.tuple(103L, 5));
  }

  @Test
  void waitsUntilTheJitHasBeenQuietForAWholeWindow() throws IOException {
    thread(101, "C2 CompilerThre", 0);
    JitYield y = recording();
    tick(y, 5, 4000); // warming up: most of the time compiling
    for (int i = 0; i < 5; i++) {
      tick(y, 5, 1000);
    }
    assertThat(y.warm()).isFalse(); // 30 s seen, but 20 % of it compiling
    for (int i = 0; i < 4; i++) {
      tick(y, 5, 100); // 2 % now, but the last 30 s still hold some of the busy part
    }
    assertThat(y.warm()).isFalse();
    assertThat(calls).isEmpty();
    tick(y, 5, 100); // the last 30 s: 1,500 ms compiling, 5 %
    assertThat(y.warm()).isTrue();
    assertThat(calls).containsExactly("19 [101]");
  }

  @Test
  void aJitThatNeverQuietensKeepsItsPriority() throws IOException {
    thread(101, "C2 CompilerThre", 0);
    JitYield y = recording();
    for (int i = 0; i < 100; i++) {
      tick(y, 5, 400); // 8 %
    }
    assertThat(y.warm()).isFalse();
    assertThat(calls).isEmpty();
  }

  @Test
  void onceWarmCompilerThreadsStartedLaterAreLoweredTooAndNoneTwice() throws IOException {
    thread(101, "C2 CompilerThre", 0);
    JitYield y = recording();
    for (int i = 0; i < 8; i++) {
      tick(y, 5, 0);
    }
    assertThat(calls).containsExactly("19 [101]");
    tick(y, 5, 3000); // a burst after warming up changes nothing
    thread(105, "C2 CompilerThre", 0); // the JVM adds a compiler thread under load
    tick(y, 5, 0);
    assertThat(calls).containsExactly("19 [101]", "19 [105]");
  }

  @Test
  void aFailedReniceIsReportedOnceAndNotRetried() throws IOException {
    thread(101, "C2 CompilerThre", 0);
    int[] tries = {0};
    JitYield y =
        watcher(
            (nice, tids) -> {
              tries[0]++;
              return "renice is not installed";
            });
    for (int i = 0; i < 20; i++) {
      tick(y, 5, 0);
    }
    assertThat(tries[0]).isEqualTo(1);
  }

  @Test
  void theRealReniceLowersARealThreadOfThisProcess() throws Exception {
    Path self = Path.of("/proc/thread-self");
    assumeTrue(Files.exists(self), "no /proc/thread-self (not Linux)");
    long[] tid = {0};
    int[] niceAfter = {Integer.MIN_VALUE};
    String[] error = {null};
    Thread t =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    tid[0] = Long.parseLong(Files.readSymbolicLink(self).getFileName().toString());
                    error[0] = JitYield.reniceProcess(7, List.of(tid[0]));
                    niceAfter[0] = JitYield.nice(Files.readString(Path.of("/proc/self/task/" + tid[0] + "/stat"), StandardCharsets.UTF_8));
                  } catch (IOException e) {
                    error[0] = e.toString();
                  }
                });
    t.join();
    assumeTrue(error[0] == null || !error[0].startsWith("renice is not installed"), "no renice here");
    assertThat(error[0]).isNull();
    assertThat(niceAfter[0]).isEqualTo(7); // only that thread: this one is unchanged
    assertThat(JitYield.nice(Files.readString(Path.of("/proc/thread-self/stat")))).isNotEqualTo(7);
  }
}
