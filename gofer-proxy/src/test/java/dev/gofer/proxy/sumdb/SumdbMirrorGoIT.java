package dev.gofer.proxy.sumdb;

import static dev.gofer.proxy.sumdb.Hermetic.NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.mod.sumdb.Log;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.FixtureModules.Written;
import dev.gofer.mod.testing.GoCommand;
import dev.gofer.mod.testing.TestSumdbServer;
import dev.gofer.proxy.metrics.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real go command, with an empty module cache and {@code GOSUMDB} set to the test database's
 * key alone (so it finds the database through the proxy's {@code /sumdb/<name>/supported}),
 * verifies fixture modules through the mirror: online, with the upstream gone, after a restart in
 * offline mode, and not at all from a forked upstream.
 */
class SumdbMirrorGoIT {
  @TempDir Path tmp;
  Hermetic h;
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(GoCommand.available(), "go is not on PATH");
    h = new Hermetic(tmp.resolve("data"));
  }

  /** Background cache writes finish before the temporary directory is removed. */
  @AfterEach
  void tearDown() {
    if (h != null) {
      h.store.close();
    }
  }

  GoCommand go(String dir, Hermetic.Served served) throws IOException {
    return GoCommand.hermetic(
        tmp.resolve(dir),
        served.uri().toString(),
        Map.of("GOSUMDB", h.keys.verifierKey(), "GONOSUMDB", "", "GOPRIVATE", "", "GONOSUMCHECK", "", "GOINSECURE", ""));
  }

  void downloadsAll(GoCommand go, String phase) throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    for (Written w : h.written) {
      String mv = w.module().path() + "@" + w.module().version();
      GoCommand.Result r = go.run(work, "mod", "download", "-json", mv);
      assertThat(r.exitCode()).as(phase + " " + mv + ": " + r.stderr() + r.stdout()).isZero();
      assertThat(json.readTree(r.stdout()).get("Sum").asText()).as(phase + " " + mv).isEqualTo(w.zipHash());
      assertThat(json.readTree(r.stdout()).get("GoModSum").asText()).as(phase + " " + mv).isEqualTo(w.goModHash());
    }
    // The go command verified through the database: it persisted the database's head.
    assertThat(go.modCache().getParent().resolve("sumdb").resolve(NAME).resolve("latest")).exists();
  }

  @Test
  void goVerifiesThroughTheMirrorOnlineThenWithTheUpstreamGoneThenOffline() throws Exception {
    Log log = h.log(null);
    TestSumdbServer upstream = Hermetic.upstream(log);
    Metrics metrics = new Metrics();
    SumdbMirror mirror = h.mirror(metrics, Hermetic.root(upstream)).build();
    try (Hermetic.Served served = h.serve(mirror, metrics)) {
      try (upstream) {
        downloadsAll(go("online", served), "online");
        assertThat(served.sumdbRequests()).contains(NAME + "/supported");
        assertThat(served.sumdbRequests()).anyMatch(r -> r.startsWith(NAME + "/lookup/"));
        assertThat(upstream.requests("/supported")).isZero();
        for (Written w : h.written) {
          assertThat(upstream.requests("/lookup/" + FixtureModules.escape(w.module().path() + "@" + w.module().version())))
              .isEqualTo(1);
        }
      }
      // The upstream is gone; a client with an empty module cache and no sumdb state.
      served.sumdbRequests().clear();
      downloadsAll(go("upstream-gone", served), "upstream gone");
      assertThat(served.sumdbRequests()).anyMatch(r -> r.startsWith(NAME + "/tile/"));
    }

    // Restart offline: the stored lookups, head and tiles are all a go client needs.
    Metrics offlineMetrics = new Metrics();
    SumdbMirror offline = h.mirror(offlineMetrics, "https://unused.invalid").offline(true).build();
    try (Hermetic.Served served = h.serve(offline, offlineMetrics)) {
      downloadsAll(go("offline", served), "offline");
      GoCommand.Result unknown =
          go("offline-unknown", served).run(tmp, "mod", "download", "-json", "example.com/fixture/none@v1.0.0");
      assertThat(unknown.exitCode()).isNotZero();
    }
  }

  @Test
  void goGetsNothingNewFromAForkedUpstreamButTheLastGoodStateStillVerifies() throws Exception {
    String victim = FixtureModules.HELLO + "@v1.0.0";
    String good = FixtureModules.HELLO + "@v1.1.0";
    try (TestSumdbServer upstream = Hermetic.upstream(h.log(null))) {
      Metrics metrics = new Metrics();
      SumdbMirror mirror = h.mirror(metrics, Hermetic.root(upstream)).build();
      try (Hermetic.Served served = h.serve(mirror, metrics)) {
        Path work = Files.createDirectories(tmp.resolve("work"));
        GoCommand.Result first = go("go1", served).run(work, "mod", "download", "-json", good);
        assertThat(first.exitCode()).as(first.stderr()).isZero();

        upstream.setLog(h.log(victim));
        GoCommand.Result refused = go("go2", served).run(work, "mod", "download", "-json", victim);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stdout() + refused.stderr()).contains("403").contains("forked");
        assertThat(mirror.refused()).containsExactly(NAME);

        GoCommand.Result again = go("go3", served).run(work, "mod", "download", "-json", good);
        assertThat(again.exitCode()).as(again.stderr() + again.stdout()).isZero();
        assertThat(json.readTree(again.stdout()).get("Sum").asText())
            .isEqualTo(h.written.stream().filter(w -> (w.module().path() + "@" + w.module().version()).equals(good))
                .findFirst().orElseThrow().zipHash());
      }
    }
  }
}
