package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.FixtureModules.Written;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of the shaded jar after a mix of requests (store misses and hits, not found,
 * malformed, a zip the checksum database contradicts, concurrent requests sharing one fetch,
 * checksum-database reads) passes {@code promtool check metrics} without a word, and says what
 * happened. Without promtool on PATH (Debian: package {@code prometheus}) it skips, saying so.
 */
class MetricsPromtoolIT {
  static final int SHARERS = 5;

  @TempDir Path tmp;

  @Test
  void metricsAfterAMixOfRequestsPassPromtoolAndCountWhatHappened() throws Exception {
    assumeTrue(GoferProcess.jarBuilt(), "target/gofer.jar is missing: run through 'mvn verify' (package comes first)");
    Optional<Path> promtool = onPath("promtool");
    if (promtool.isEmpty()) {
      System.err.println("MetricsPromtoolIT skipped: promtool is not on PATH (apt-get install prometheus; .ci/run does)");
    }
    assumeTrue(promtool.isPresent(), "promtool is not on PATH (apt-get install prometheus)");

    try (HermeticWorld world = HermeticWorld.create(tmp.resolve("world"), 2 << 20);
        GoferProcess u = GoferProcess.serve(tmp.resolve("logs/u.log"), List.of("--offline", "--data", world.upstreamData.toString()));
        Valve valve = Valve.start(u.uri());
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
      Path data = tmp.resolve("d-data");
      Written hello = world.published(w -> HermeticWorld.at(w).equals(FixtureModules.HELLO + "@v1.0.0")).getFirst();
      Written big = world.published(HermeticWorld::isBig).getFirst();
      long servedZipBytes;
      try (GoferProcess d = GoferProcess.serve(
          tmp.resolve("logs/d.log"),
          List.of("--data", data.toString(), "--upstream", valve.uri().toString(), "--sumdb", world.sumdbFlag()))) {
        for (int i = 0; i < 2; i++) { // a miss, then a hit
          assertThat(status(http, d.uri(), path(hello, "mod"))).isEqualTo(200);
          assertThat(status(http, d.uri(), path(hello, "zip"))).isEqualTo(200);
        }
        assertThat(status(http, d.uri(), "/example.com/fixture/none/@v/v1.0.0.mod")).isEqualTo(404);
        assertThat(status(http, d.uri(), "/example.com/!!fixture/hello/@v/list")).isEqualTo(400);
        assertThat(status(http, d.uri(), path(world.liar, "zip"))).isEqualTo(403);
        assertThat(status(http, d.uri(), "/sumdb/" + HermeticWorld.DB + "/supported")).isEqualTo(200);
        assertThat(status(http, d.uri(), "/sumdb/" + HermeticWorld.DB + "/lookup/" + FixtureModules.HELLO + "@v1.1.0")).isEqualTo(200);

        // Requests for one zip while its fetch is under way wait for that fetch.
        valve.hold(path(big, "zip")::equals);
        List<CompletableFuture<HttpResponse<Void>>> sharers = new ArrayList<>();
        for (int i = 0; i < SHARERS; i++) {
          sharers.add(http.sendAsync(HttpRequest.newBuilder(d.uri().resolve(path(big, "zip"))).build(), HttpResponse.BodyHandlers.discarding()));
        }
        valve.awaitHeld(1, Duration.ofSeconds(60));
        Poll.until(Duration.ofSeconds(60), (SHARERS - 1) + " single-flight waits", () ->
            value(scrape(http, d.uri()), "gofer_singleflight_waits_total", "kind", "zip") >= SHARERS - 1 ? true : null);
        valve.open();
        for (CompletableFuture<HttpResponse<Void>> s : sharers) {
          assertThat(s.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        servedZipBytes = 2 * Files.size(hello.zip()) + SHARERS * Files.size(big.zip());

        String text = scrape(http, d.uri());
        assertPromtoolClean(promtool.get(), text);
        assertThat(value(text, "gofer_http_requests_total", "route", "mod", "status", "200")).isEqualTo(2);
        assertThat(value(text, "gofer_http_requests_total", "route", "zip", "status", "200")).isEqualTo(2 + SHARERS);
        assertThat(value(text, "gofer_http_requests_total", "route", "mod", "status", "404")).isEqualTo(1);
        assertThat(value(text, "gofer_http_requests_total", "route", "zip", "status", "403")).isEqualTo(1);
        assertThat(value(text, "gofer_http_requests_total", "status", "400")).isEqualTo(1);
        assertThat(value(text, "gofer_http_requests_total", "route", "sumdb", "status", "200")).isEqualTo(2);
        assertThat(value(text, "gofer_cache_requests_total", "kind", "zip", "result", "hit")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "gofer_cache_requests_total", "kind", "zip", "result", "miss")).isGreaterThanOrEqualTo(2);
        assertThat(value(text, "gofer_upstream_fetches_total", "kind", "zip", "outcome", "ok")).isEqualTo(3);
        double fetches = value(text, "gofer_upstream_fetch_duration_seconds_count", "kind", "zip");
        assertThat(fetches).isEqualTo(3);
        assertThat(value(text, "gofer_upstream_fetch_duration_seconds_bucket", "kind", "zip", "le", "+Inf")).isEqualTo(fetches);
        assertThat(value(text, "gofer_upstream_fetch_duration_seconds_sum", "kind", "zip")).isPositive();
        assertThat(value(text, "gofer_http_response_bytes_total", "route", "zip")).isGreaterThanOrEqualTo(servedZipBytes);
        assertThat(value(text, "gofer_verification_failures_total", "kind", "zip")).isEqualTo(1);
        assertThat(value(text, "gofer_verification_failures_total", "kind", "tile")).isZero();
        assertThat(value(text, "gofer_sumdb_forks_total", "db", HermeticWorld.DB)).isZero();
        assertThat(value(text, "gofer_singleflight_waits_total", "kind", "zip")).isEqualTo(SHARERS - 1);
        // the zips were hashed while they downloaded (the refused one too), none in a second pass
        assertThat(value(text, "gofer_zip_verify_total", "path", "streamed")).isEqualTo(3);
        assertThat(value(text, "gofer_zip_verify_total", "path", "full")).isZero();
        assertThat(value(text, "gofer_prefetches_total", "kind", "zip", "result", "failed")).isZero();
        assertThat(value(text, "gofer_store_size_bytes")).isGreaterThan(Files.size(hello.zip()) + Files.size(big.zip()));
        assertThat(value(text, "gofer_store_files")).isGreaterThanOrEqualTo(6); // 2 × .info, .mod, .zip, .ziphash
        assertThat(value(text, "gofer_http_request_duration_seconds_count", "route", "zip")).isEqualTo(3 + SHARERS);
        assertThat(value(text, "jvm_memory_used_bytes", "area", "heap")).isPositive();
        assertThat(value(text, "jvm_threads_current")).isPositive();
        assertThat(value(text, "process_cpu_seconds_total")).isPositive();
        d.stop();
      }

      // Restarted on the same data, the store gauges start from what the store holds.
      try (GoferProcess d = GoferProcess.serve(
          tmp.resolve("logs/d-offline.log"), List.of("--data", data.toString(), "--sumdb", world.sumdbFlag(), "--offline"))) {
        double size = Poll.until(Duration.ofSeconds(60), "the store scan", () -> {
          double v = value(scrape(http, d.uri()), "gofer_store_size_bytes");
          return v > 0 ? v : null;
        });
        assertThat(size).isGreaterThan(Files.size(hello.zip()) + Files.size(big.zip()));
        assertPromtoolClean(promtool.get(), scrape(http, d.uri()));
        d.stop();
      }
    }
  }

  static void assertPromtoolClean(Path promtool, String metrics) throws Exception {
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(metrics.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics:\n%s", out).isZero();
    assertThat(out).as("promtool's lint output").isEmpty();
  }

  static String scrape(HttpClient http, URI server) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    return r.body();
  }

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /**
   * The sum of the samples of {@code name} whose labels include {@code labels} (name, value,
   * name, value...); 0 if there are none.
   */
  static double value(String text, String name, String... labels) {
    double sum = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> have = new java.util.HashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          have.put(l.group(1), l.group(2));
        }
      }
      boolean match = true;
      for (int i = 0; i < labels.length; i += 2) {
        match &= labels[i + 1].equals(have.get(labels[i]));
      }
      if (match) {
        sum += Double.parseDouble(m.group(3));
        found = true;
      }
    }
    assertThat(found).as("a sample of %s%s in:\n%s", name, List.of(labels), text).isTrue();
    return sum;
  }

  static String path(Written w, String ext) {
    return "/" + FixtureModules.escape(w.module().path()) + "/@v/" + w.module().version() + "." + ext;
  }

  static int status(HttpClient http, URI server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(server.resolve(path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static Optional<Path> onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, command);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
