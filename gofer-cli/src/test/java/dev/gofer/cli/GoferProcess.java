package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded jar ({@code target/gofer.jar}) run as its own JVM, as a user runs it: {@code java
 * -jar gofer.jar ARGS}. The {@link Process} is the JVM itself (no wrapper script), so {@link
 * #kill()} is a real {@code kill -9} of the server. Stderr (logs and access log) goes to a file;
 * stdout is collected line by line.
 */
final class GoferProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("^gofer serve: listening on (\\S+) .*");
  private static final Pattern EXPORT = Pattern.compile("^export (.+)$");

  /** The shaded jar, built by {@code package} before failsafe runs. */
  static final Path JAR = Path.of("target", "gofer.jar").toAbsolutePath();

  /** The outcome of a command that ran to its end. */
  record Result(int exitCode, String stdout, String stderr) {}

  private final Process process;
  private final Path stderr;
  private final StringBuffer stdout = new StringBuffer();
  private final CompletableFuture<URI> listening = new CompletableFuture<>();
  private final CompletableFuture<Void> stdoutClosed = new CompletableFuture<>();

  private GoferProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread.ofVirtual().name("gofer-stdout-" + process.pid()).start(this::readStdout);
  }

  /** Whether the jar is there (integration tests run after {@code package}). */
  static boolean jarBuilt() {
    return Files.isRegularFile(JAR);
  }

  /**
   * Starts {@code gofer ARGS} with stderr to {@code stderrFile}, the caller's {@code GOFER_*}
   * variables removed and {@code env} added.
   */
  static GoferProcess start(Path stderrFile, Map<String, String> env, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    // Quick start-up and few GC threads, as ./gofer runs it: the machine is shared with go, other
    // JVMs and other builds.
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-jar", JAR.toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("GOFER_"));
    pb.environment().putAll(env);
    Files.createDirectories(stderrFile.toAbsolutePath().getParent());
    pb.redirectError(stderrFile.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return new GoferProcess(pb.start(), stderrFile);
  }

  /** {@link #start}, then waits for the listen line of {@code gofer serve}. */
  static GoferProcess serve(Path stderrFile, List<String> args) throws Exception {
    List<String> all = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0"));
    all.addAll(args);
    GoferProcess p = start(stderrFile, Map.of(), all);
    try {
      p.uri();
    } catch (Exception | AssertionError e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** Runs {@code gofer ARGS} to its end (a minute at most). */
  static Result run(Path stderrFile, List<String> args) throws Exception {
    try (GoferProcess p = start(stderrFile, Map.of(), args)) {
      assertThat(p.process.waitFor(120, TimeUnit.SECONDS)).as("gofer %s finished", args).isTrue();
      p.stdoutClosed.get(10, TimeUnit.SECONDS);
      return new Result(p.process.exitValue(), p.stdout.toString(), Files.readString(stderrFile));
    }
  }

  private void readStdout() {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      URI seen = null;
      for (String line; (line = r.readLine()) != null; ) {
        stdout.append(line).append('\n');
        Matcher m = LISTENING.matcher(line);
        if (m.matches()) {
          seen = URI.create(m.group(1));
        }
        // serve prints the listen line and the client settings as one write: the block is
        // complete when nothing more of it is waiting to be read.
        if (seen != null && !r.ready()) {
          listening.complete(seen);
        }
      }
    } catch (IOException e) {
      // the process is gone
    } finally {
      listening.completeExceptionally(new IllegalStateException("gofer exited without a listen line"));
      stdoutClosed.complete(null);
    }
  }

  /**
   * Where {@code gofer serve} listens, from its first stdout line; waits for it and the client
   * settings printed with it.
   */
  URI uri() throws Exception {
    try {
      return listening.get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("gofer serve did not start; stderr:\n" + log(), e);
    }
  }

  /** The JVM's process id. */
  long pid() {
    return process.pid();
  }

  /** Everything printed on stdout so far. */
  String stdout() {
    return stdout.toString();
  }

  /**
   * The client settings printed on stdout as {@code export NAME=VALUE} lines, with their shell
   * quoting removed: what a user pastes into a shell.
   */
  Map<String, String> exports() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : stdout().split("\n")) {
      Matcher m = EXPORT.matcher(line);
      if (m.matches()) {
        String word = m.group(1);
        if (word.startsWith("'") && word.endsWith("'")) {
          word = word.substring(1, word.length() - 1).replace("'\\''", "'");
        }
        int eq = word.indexOf('=');
        env.put(word.substring(0, eq), word.substring(eq + 1));
      }
    }
    return env;
  }

  /** Stderr so far: logs and the access log. */
  String log() throws IOException {
    return Files.readString(stderr);
  }

  /**
   * Access-log lines so far, complete up to now: requests a path nobody else asks for, and waits
   * until its line is written (the access log is written by a background thread), so every
   * request answered before this call is in the returned text.
   */
  List<String> accessLog() throws Exception {
    String fence = "/fence-" + UUID.randomUUID();
    try (var http = java.net.http.HttpClient.newHttpClient()) {
      http.send(java.net.http.HttpRequest.newBuilder(uri().resolve(fence)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
    }
    String text = Poll.until(Duration.ofSeconds(30), "access log line of " + fence, () -> {
      String t = log();
      return t.contains(fence) ? t : null;
    });
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.contains("\"GET /") || line.contains("\"HEAD /")) {
        if (!line.contains("/fence-")) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  /** SIGTERM, then waits for a clean exit (status 0). */
  void stop() throws Exception {
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
    assertThat(process.exitValue()).as("exit status after SIGTERM; stderr:\n%s", log()).isZero();
  }

  /** SIGKILL ({@code kill -9}) of the JVM, and waits until it is gone. */
  void kill() throws InterruptedException {
    assertThat(process.info().command().map(c -> Path.of(c).getFileName().toString()))
        .as("the killed process is the JVM itself")
        .hasValue("java");
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
