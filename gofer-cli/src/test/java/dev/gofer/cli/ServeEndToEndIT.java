package dev.gofer.cli;

import static dev.gofer.cli.HermeticWorld.LIAR;
import static dev.gofer.cli.HermeticWorld.PRIVATE_PATTERN;
import static dev.gofer.cli.HermeticWorld.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.FixtureModules.Written;
import dev.gofer.mod.testing.GoCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gofer serve} as a user runs it: every server is the shaded jar in its own process, and
 * the client is the real go command with an empty module cache, set up with exactly the settings
 * gofer printed. The upstream U and the private upstream P are offline gofers over fixture
 * stores; the checksum database is a test log signed by a key made for this run.
 */
class ServeEndToEndIT {
  /** A program that needs every kind of module: plain, major version 2, escaped, big, private. */
  static final String MAIN = """
      package main

      import (
      	"fmt"

      	_ "example.com/Fixture/Upper"
      	big "example.com/fixture/big0"
      	"example.com/fixture/hello/greet"
      	hellov2 "example.com/fixture/hello/v2"
      	"example.com/private/secret"
      )

      func main() {
      	fmt.Println(greet.Greet("e2e"), "|", hellov2.Hello(), "|", secret.Secret(), "|", big.Name)
      }
      """;

  static final String OUTPUT = "hello v1.1.0, e2e | hello, v2 | secret v1.0.0 | big0\n";

  /** Requests a client or an attacker can send that must be refused without touching the store. */
  static List<String> malformed() {
    String db = "/sumdb/" + HermeticWorld.DB;
    return List.of(
        "/../../../etc/passwd",
        "/example.com/fixture/hello/@v/../../../../../../etc/passwd",
        "/example.com/fixture/hello/@v/%2e%2e%2f%2e%2e%2f%2e%2e%2fstate.mod",
        "/example.com/%2e%2e/%2e%2e/@v/list",
        "/example.com/fixture/hello/@v/..%2F..%2F..%2F..%2Fx.info",
        "/example.com/!!fixture/hello/@v/list",
        "/example.com/Fixture/Upper/@v/list",
        "/example.com/fixture/hello%ZZ/@v/list",
        "/example.com/fixture/hello/@v/v1.0.zip",
        "/example.com/fixture/hello/@v/v1.1.0+meta.mod",
        "/example.com/fixture/hello/@v/v2.0.0.zip",
        "/example.com/fixture/hello/v2/@v/v1.0.0.mod",
        "/example.com/fixture/hello/@v/.zip",
        "/example.com/" + "a".repeat(3000) + "/@v/list",
        "/example.com/fixture/hello%00/@v/list",
        "/example.com/fixture/hello/@v/v1.0.0%00.zip",
        db + "/lookup/../../../../etc/passwd",
        db + "/lookup/example.com/fixture/hello@v1.0",
        db + "/lookup/example.com/fixture/hello%00@v1.0.0",
        db + "/tile/8/0/x001",
        db + "/tile/8/0/../../../../../state/x",
        "/sumdb/evil.example/latest");
  }

  @TempDir Path tmp;

  @Test
  void goBuildsThroughGoferColdWarmAndOfflineAndPrivateModulesNeverReachThePublicSide() throws Exception {
    assumeTrue(GoCommand.available(), "go is not on PATH");
    assumeTrue(GoferProcess.jarBuilt(), "target/gofer.jar is missing: run through 'mvn verify' (package comes first)");
    try (HermeticWorld world = HermeticWorld.create(tmp.resolve("world"), 3 << 20);
        GoferProcess u = GoferProcess.serve(tmp.resolve("logs/u.log"), List.of("--offline", "--data", world.upstreamData.toString()));
        GoferProcess p = GoferProcess.serve(tmp.resolve("logs/p.log"), List.of("--offline", "--data", world.privateData.toString()))) {
      Path data = tmp.resolve("d-data");
      List<String> common = List.of("--data", data.toString(), "--sumdb", world.sumdbFlag(), "--private", PRIVATE_PATTERN);
      List<String> online = new ArrayList<>(common);
      online.addAll(List.of("--upstream", u.uri().toString(), "--private-upstream", p.uri().toString()));
      List<Written> needed = needed(world);

      try (GoferProcess d = GoferProcess.serve(tmp.resolve("logs/d.log"), online)) {
        Map<String, String> settings = d.exports();
        assertThat(settings)
            .as(d.stdout())
            .containsEntry("GOPROXY", d.uri().toString())
            .containsEntry("GOSUMDB", world.keys.verifierKey())
            .containsEntry("GONOSUMDB", PRIVATE_PATTERN);

        // Cold: nothing in gofer's store, nothing in the module cache.
        GoCommand go = HermeticWorld.go(tmp.resolve("go-cold"), settings);
        Path cold = project("cold");
        GoCommand.Result versions = ok(go.run(cold, "list", "-m", "-versions", FixtureModules.HELLO));
        assertThat(versions.stdout()).isEqualTo(FixtureModules.HELLO + " v1.0.0 v1.1.0\n");
        ok(go.run(cold, "get", FixtureModules.HELLO + "@v1.1.0"));
        ok(go.run(cold, "mod", "tidy"));
        ok(go.run(cold, "mod", "download"));
        buildAndRun(go, cold);
        String goSum = Files.readString(cold.resolve("go.sum"));
        for (Written w : needed) {
          assertThat(goSum).as("go.sum has the fixture's own hashes").contains(w.goSumLines());
        }

        // A zip whose hash the checksum database contradicts is refused and not stored.
        GoCommand.Result liar = go.run(cold, "mod", "download", "-json", LIAR + "@v1.0.0");
        assertThat(liar.exitCode()).isNotZero();
        assertThat(liar.stdout() + liar.stderr()).contains("403").contains("checksum mismatch");
        assertThat(data.resolve("cache/download/example.com/fixture/liar/@v/v1.0.0.zip")).doesNotExist();
        // Its go.mod verified and was stored, and the list file beside it is rewritten in the
        // background: wait for that, or the snapshot below may catch it half done.
        awaitSettled(data, data.resolve("cache/download/example.com/fixture/liar/@v/list"));

        // Malformed requests: 4xx, and the store is exactly as it was.
        Map<String, Long> before = listing(data);
        for (String target : malformed()) {
          assertThat(RawHttp.status(d.uri(), target)).as("GET %s", target).isBetween(400, 499);
        }
        assertThat(listing(data)).isEqualTo(before);

        // Warm: a second empty module cache; the upstream hears nothing new.
        List<String> upstreamBefore = u.accessLog();
        int lookupsBefore = world.sumdb.requestsStartingWith("/lookup/");
        GoCommand warmGo = HermeticWorld.go(tmp.resolve("go-warm"), settings);
        Path warm = project("warm");
        Files.copy(cold.resolve("go.mod"), warm.resolve("go.mod"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ok(warmGo.run(warm, "mod", "tidy"));
        buildAndRun(warmGo, warm);
        assertThat(Files.readString(warm.resolve("go.sum"))).isEqualTo(goSum);
        assertThat(u.accessLog()).as("U's access log after the warm build").isEqualTo(upstreamBefore);
        assertThat(world.sumdb.requestsStartingWith("/lookup/")).isEqualTo(lookupsBefore);
        d.stop();
      }
      assertPrivateStayedPrivate(u, world);

        // Offline: U, P and the checksum database are gone; gofer restarts on the same data.
      u.stop();
      p.stop();
      world.stopSumdb();
      List<String> offline = new ArrayList<>(common);
      offline.add("--offline");
      try (GoferProcess d = GoferProcess.serve(tmp.resolve("logs/d-offline.log"), offline)) {
        assertThat(d.stdout()).contains(", offline)");
        Map<String, String> settings = d.exports();
        GoCommand go = HermeticWorld.go(tmp.resolve("go-offline"), settings);
        Path dir = project("offline");
        GoCommand.Result versions = ok(go.run(dir, "list", "-m", "-versions", FixtureModules.HELLO));
        assertThat(versions.stdout()).startsWith(FixtureModules.HELLO + " ").contains("v1.1.0");
        ok(go.run(dir, "mod", "tidy"));
        buildAndRun(go, dir);
        String goSum = Files.readString(dir.resolve("go.sum"));
        for (Written w : needed) {
          assertThat(goSum).contains(w.goSumLines());
        }
        d.stop();
      }
    }
  }

  /** The modules the program builds from, with the hashes go.sum must end up with. */
  static List<Written> needed(HermeticWorld world) {
    List<Written> out = new ArrayList<>(world.published(w -> switch (HermeticWorld.at(w)) {
      case "example.com/fixture/hello@v1.1.0", "example.com/fixture/hello/v2@v2.0.0",
          "example.com/Fixture/Upper@v1.0.0", "example.com/fixture/big0@v1.0.0" -> true;
      default -> false;
    }));
    assertThat(out).hasSize(4);
    out.add(world.secret);
    return out;
  }

  /**
   * Neither the public upstream nor the checksum database ever heard of the private module. (The
   * go command also asks for the path prefixes of an import, such as {@code example.com/private}:
   * that is not a private module under {@code example.com/private/*}, so it may go public.)
   */
  static void assertPrivateStayedPrivate(GoferProcess u, HermeticWorld world) throws Exception {
    List<String> log = u.accessLog();
    assertThat(log).as("U served the public modules").anyMatch(l -> l.contains("/example.com/fixture/hello/@v/v1.1.0.zip"));
    assertThat(log).noneMatch(l -> l.contains(SECRET));
    Pattern privatePrefix = Pattern.compile(".*\"GET /example\\.com/private/@(v/|latest).*");
    assertThat(log).filteredOn(l -> l.contains("example.com/private")).allMatch(l -> privatePrefix.matcher(l).matches());
    assertThat(world.sumdb.requestsStartingWith("/lookup/example.com/private")).isZero();
  }

  Path project(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("projects").resolve(name));
    Files.writeString(dir.resolve("go.mod"), "module example.com/e2e/prog\n\ngo 1.21\n");
    Files.writeString(dir.resolve("main.go"), MAIN);
    return dir;
  }

  static void buildAndRun(GoCommand go, Path dir) throws Exception {
    ok(go.run(dir, "build", "-o", "prog", "."));
    Process prog = new ProcessBuilder(dir.resolve("prog").toString()).redirectErrorStream(true).start();
    String out = new String(prog.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(prog.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).isEqualTo(OUTPUT);
  }

  static GoCommand.Result ok(GoCommand.Result r) {
    assertThat(r.exitCode()).as("go failed:\n%s%s", r.stdout(), r.stderr()).isZero();
    return r;
  }

  /** Every file and directory under {@code dir} with its size (directories: -1). */
  /** Waits (30 s at most) until {@code file} exists and no temp file of a write is left in {@code data}. */
  static void awaitSettled(Path data, Path file) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!settled(data, file)) {
      assertThat(System.nanoTime()).as("store still being written: %s", listing(data).keySet()).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private static boolean settled(Path data, Path file) {
    try {
      return Files.exists(file) && listing(data).keySet().stream().noneMatch(k -> k.contains(".tmp-"));
    } catch (IOException | java.io.UncheckedIOException e) {
      return false; // a temp file vanished while the walk listed it: still being written
    }
  }

  static Map<String, Long> listing(Path dir) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) s::iterator) {
        out.put(dir.relativize(f).toString(), Files.isDirectory(f) ? -1 : Files.size(f));
      }
    }
    return out;
  }
}
