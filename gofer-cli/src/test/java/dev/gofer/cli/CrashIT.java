package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.FixtureModules.Written;
import dev.gofer.mod.testing.GoCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code gofer serve} while it writes: the shaded jar D fetches big zips cold
 * from an offline gofer U through a {@link Valve} that holds some of them halfway, so D has
 * half-written temp files on disk when it is killed. After a restart on the same data nothing
 * half-written is left, {@code gofer verify} finds every stored file complete and verified, and
 * the real go command downloads every module through D.
 */
class CrashIT {
  static final int BIG_ZIP_BYTES = 20 << 20;
  static final int REQUESTS_PER_BIG_ZIP = 4;
  static final int ROUNDS = 3;

  @TempDir Path tmp;


  @Test
  void killNineDuringConcurrentColdFetchesLeavesOnlyCompleteVerifiedFiles() throws Exception {
    assumeTrue(GoCommand.available(), "go is not on PATH");
    assumeTrue(GoferProcess.jarBuilt(), "target/gofer.jar is missing: run through 'mvn verify' (package comes first)");
    try (HermeticWorld world = HermeticWorld.create(tmp.resolve("world"), BIG_ZIP_BYTES, BIG_ZIP_BYTES);
        GoferProcess u = GoferProcess.serve(tmp.resolve("logs/u.log"), List.of("--offline", "--data", world.upstreamData.toString()));
        Valve valve = Valve.start(u.uri());
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
      List<Written> bigs = world.published(HermeticWorld::isBig);
      List<Written> small = world.published(w -> !HermeticWorld.isBig(w));
      for (int round = 0; round < ROUNDS; round++) {
        Path data = tmp.resolve("data-" + round);
        List<String> args = List.of("--data", data.toString(), "--upstream", valve.uri().toString(), "--sumdb", world.sumdbFlag());
        // The first round holds every big zip halfway; each later one holds one of them, and the
        // others stream at full speed and may be anywhere between their first byte and
        // published when the kill comes.
        List<Written> held = round == 0 ? bigs : List.of(bigs.get(round % bigs.size()));
        Set<String> heldPaths = held.stream().map(CrashIT::zipPath).collect(Collectors.toSet());
        valve.hold(heldPaths::contains);
        try (GoferProcess d = GoferProcess.serve(tmp.resolve("logs/d-" + round + ".log"), args)) {
          List<CompletableFuture<HttpResponse<Void>>> smallAnswers = new ArrayList<>();
          for (Written w : small) {
            smallAnswers.add(get(http, d.uri(), zipPath(w)));
          }
          for (Written w : bigs) {
            for (int i = 0; i < REQUESTS_PER_BIG_ZIP; i++) {
              get(http, d.uri(), zipPath(w));
            }
          }
          for (CompletableFuture<HttpResponse<Void>> a : smallAnswers) {
            assertThat(a.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
          }
          valve.awaitHeld(held.size(), Duration.ofSeconds(120));
          Poll.until(Duration.ofSeconds(60), held.size() + " half-written zips in " + data, () -> {
            try {
              List<Path> partial = temps(data).stream().filter(CrashIT::startedZip).toList();
              return partial.size() >= held.size() ? partial : null;
            } catch (IOException | java.io.UncheckedIOException e) {
              return null; // a file was renamed while the tree was walked: look again
            }
          });
          d.kill();
        }
        assertThat(temps(data)).as("the kill left half-written files behind").isNotEmpty();
        valve.open();

        try (GoferProcess d = GoferProcess.serve(tmp.resolve("logs/d-" + round + "-restart.log"), args)) {
          assertThat(temps(data)).as("temp files after the restart").isEmpty();
          GoferProcess.Result verify = GoferProcess.run(
              tmp.resolve("logs/verify-" + round + ".log"), List.of("verify", "--data", data.toString(), "--sumdb", world.sumdbFlag()));
          assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
          assertThat(verify.stdout()).contains(": 0 problems");
          assertThat(filesChecked(verify.stdout())).as("at least the small modules' .mod and .zip").isGreaterThanOrEqualTo(2 * small.size());

          GoCommand go = HermeticWorld.go(tmp.resolve("go-" + round), d.exports());
          List<String> cmd = new ArrayList<>(List.of("mod", "download", "-json"));
          world.published.forEach(w -> cmd.add(HermeticWorld.at(w)));
          GoCommand.Result r = go.run(Files.createDirectories(tmp.resolve("work")), cmd.toArray(String[]::new));
          assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
          for (Written w : world.published) {
            assertThat(r.stdout()).contains("\"Sum\": \"" + w.zipHash() + "\"", "\"GoModSum\": \"" + w.goModHash() + "\"");
          }
          d.stop();
        }
      }
    }
  }

  static String zipPath(Written w) {
    return "/" + FixtureModules.escape(w.module().path()) + "/@v/" + w.module().version() + ".zip";
  }

  static CompletableFuture<HttpResponse<Void>> get(HttpClient http, URI server, String path) {
    return http.sendAsync(HttpRequest.newBuilder(server.resolve(path)).build(), HttpResponse.BodyHandlers.discarding());
  }

  /** The store's temp files under {@code data}. */
  static List<Path> temps(Path data) throws IOException {
    try (Stream<Path> s = Files.walk(data)) {
      return s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
    }
  }

  /** A zip's temp file with bytes in it. */
  static boolean startedZip(Path p) {
    try {
      return p.getFileName().toString().contains(".zip.tmp-") && Files.size(p) > 0;
    } catch (IOException e) {
      return false; // published or removed meanwhile
    }
  }

  /** N of gofer verify's summary line "verified N files of ...". */
  static int filesChecked(String report) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("verified (\\d+) files").matcher(report);
    assertThat(m.find()).as(report).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
