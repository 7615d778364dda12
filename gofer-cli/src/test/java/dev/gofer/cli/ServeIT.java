package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.GoCommand;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gofer serve} end to end: in this JVM, and as the shaded jar in its own process. */
class ServeIT {
  static final Pattern LISTENING = Pattern.compile("^gofer serve: listening on (\\S+) .*");

  @TempDir Path tmp;

  /** Writes the fixture modules into a store under {@code data}. */
  static List<FixtureModules.Written> fixtureStore(Path data) throws Exception {
    return FixtureModules.writeProxyTree(
        Files.createDirectories(data.resolve("cache/download")), FixtureModules.standard());
  }

  /** A writer that completes {@link #firstLine} when the first whole line has been written. */
  static final class Watcher extends Writer {
    final StringBuffer text = new StringBuffer();
    final CompletableFuture<String> firstLine = new CompletableFuture<>();

    @Override
    public void write(char[] buf, int off, int len) {
      text.append(buf, off, len);
      int nl = text.indexOf("\n");
      if (nl >= 0) {
        firstLine.complete(text.substring(0, nl));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  static URI listenUri(String line) {
    Matcher m = LISTENING.matcher(line);
    assertThat(m.matches()).as(line).isTrue();
    return URI.create(m.group(1));
  }

  @Test
  void inProcessServeOnPortZeroFeedsTheRealGoCommand() throws Exception {
    assumeTrue(GoCommand.available(), "go is not on PATH");
    Path data = tmp.resolve("data");
    List<FixtureModules.Written> written = fixtureStore(data);
    Watcher out = new Watcher();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream accessLog = new ByteArrayOutputStream();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread serve =
        Thread.ofPlatform()
            .name("gofer-serve-it")
            .start(
                () ->
                    exit.complete(
                        Gofer.run(
                            new String[] {"serve", "--data", data.toString()},
                            new PrintWriter(out, true),
                            new PrintWriter(err, true),
                            Map.of("GOFER_LISTEN", "127.0.0.1:0", "GOFER_OFFLINE", "true"),
                            accessLog)));
    String line = CompletableFuture.anyOf(out.firstLine, exit).thenApply(o -> out.firstLine.getNow("exited: " + err)).get(120, TimeUnit.SECONDS);
    URI uri = listenUri(line);
    assertThat(uri.getPort()).as("the real port, not 0").isPositive();
    assertThat(out.text.toString()).contains("go env -w GOPROXY=" + uri, "export GOPROXY=" + uri);

    GoCommand go = GoCommand.hermetic(tmp.resolve("go"), uri.toString(), Map.of("GOSUMDB", "off"));
    Path work = Files.createDirectories(tmp.resolve("work"));
    for (FixtureModules.Written w : written) {
      GoCommand.Result r = go.run(work, "mod", "download", "-json", w.module().path() + "@" + w.module().version());
      assertThat(r.exitCode()).as(r.stderr() + r.stdout()).isZero();
      assertThat(r.stdout()).contains("\"Sum\": \"" + w.zipHash() + "\"");
    }

    serve.interrupt(); // what SIGTERM's handler does in a process: end the wait
    assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
    String log = accessLog.toString(StandardCharsets.UTF_8);
    FixtureModules.Written first = written.get(0);
    assertThat(log).contains("\"GET /" + FixtureModules.escape(first.module().path()) + "/@v/" + first.module().version() + ".zip\" 200");
  }

  @Test
  void shadedJarPrintsWhereItListensAndStopsCleanlyOnSigterm() throws Exception {
    Path jar = Path.of("target", "gofer.jar").toAbsolutePath();
    assumeTrue(Files.isRegularFile(jar), "target/gofer.jar is missing: run through 'mvn verify' (package comes first)");
    Path data = tmp.resolve("data");
    List<FixtureModules.Written> written = fixtureStore(data);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar.toString(), "serve", "--listen", "127.0.0.1:0", "--offline"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("GOFER_"));
    pb.environment().put("GOFER_DATA", data.toString());
    Path stderr = tmp.resolve("stderr.txt");
    pb.redirectError(stderr.toFile());
    Process p = pb.start();
    try {
      BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = stdout.readLine();
      assertThat(line).as("stdout's first line; stderr: %s", Files.readString(stderr)).isNotNull();
      URI uri = listenUri(line);
      assertThat(stdout.readLine()).startsWith("#");
      assertThat(stdout.readLine()).isEqualTo("go env -w GOPROXY=" + uri);

      FixtureModules.Written w = written.get(0);
      String mod = "/" + FixtureModules.escape(w.module().path()) + "/@v/" + w.module().version() + ".mod";
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri.resolve(mod)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(w.module().goMod());
        assertThat(http.send(HttpRequest.newBuilder(uri.resolve("/readyz")).build(), HttpResponse.BodyHandlers.ofString()).body())
            .isEqualTo("ready\n");
      }

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
      String log = Files.readString(stderr);
      assertThat(p.exitValue()).as(log).isZero();
      assertThat(log).contains("\"GET " + mod + "\" 200").contains("\"GET /readyz\" 200").contains("stopping");
    } finally {
      p.destroyForcibly();
    }
  }
}
