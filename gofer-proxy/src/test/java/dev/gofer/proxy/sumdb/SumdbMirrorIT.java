package dev.gofer.proxy.sumdb;

import static dev.gofer.proxy.sumdb.Hermetic.NAME;
import static dev.gofer.proxy.sumdb.Hermetic.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gofer.mod.sumdb.Log;
import dev.gofer.mod.sumdb.LogRecord;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.FixtureModules.Written;
import dev.gofer.mod.testing.TestSumdbServer;
import dev.gofer.mod.tlog.Tile;
import dev.gofer.proxy.http.Answer;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.ChecksumVerifier.ChecksumDatabaseException;
import dev.gofer.proxy.modules.ChecksumVerifier.NotInChecksumDatabaseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror behind the real HTTP stack, reading a hermetic checksum database over HTTP: what it
 * serves, what it stores, and what it refuses.
 */
class SumdbMirrorIT {
  static final String DB = "/sumdb/" + NAME;

  @TempDir Path tmp;
  Hermetic h;
  Metrics metrics;

  @BeforeEach
  void setUp() throws IOException {
    h = new Hermetic(tmp.resolve("data"));
    metrics = new Metrics();
  }

  /** Background cache writes finish before the temporary directory is removed. */
  @AfterEach
  void tearDown() {
    if (h != null) {
      h.store.close();
    }
  }

  static String lookupPath(Written w) {
    return "/lookup/" + FixtureModules.escape(w.module().path() + "@" + w.module().version());
  }

  Written fixture(String path, String version) {
    return h.written.stream()
        .filter(w -> w.module().path().equals(path) && w.module().version().equals(version))
        .findFirst()
        .orElseThrow();
  }

  Path stored(String rel) {
    return h.store.sumdb(NAME).resolve(rel);
  }

  List<Path> forkReports() throws IOException {
    try (Stream<Path> s = Files.list(h.store.state().resolve("sumdb").resolve(NAME))) {
      return s.filter(p -> p.getFileName().toString().matches("fork-.*\\.txt")).toList();
    }
  }

  static List<Path> files(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void servesVerifiedAnswersAndKeepsServingThemWhenTheUpstreamFails() throws Exception {
    Log log = h.log(null);
    TestSumdbServer upstream = Hermetic.upstream(log);
    SumdbMirror mirror = h.mirror(metrics, Hermetic.root(upstream)).build();
    try (upstream;
        Hermetic.Served served = h.serve(mirror, metrics)) {
      URI base = served.uri();
      HttpResponse<byte[]> supported = get(base, DB + "/supported");
      assertThat(supported.statusCode()).isEqualTo(200);
      assertThat(upstream.requests("/supported")).isZero();

      HttpResponse<byte[]> latest = get(base, DB + "/latest");
      assertThat(latest.statusCode()).isEqualTo(200);
      assertThat(latest.body()).isEqualTo(log.signed().note());
      assertThat(latest.headers().firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(h.store.state().resolve("sumdb").resolve(NAME).resolve("latest")).hasBinaryContent(log.signed().note());

      for (Written w : h.written) {
        String mv = w.module().path() + "@" + w.module().version();
        HttpResponse<byte[]> r = get(base, DB + lookupPath(w));
        assertThat(r.statusCode()).as(mv).isEqualTo(200);
        assertThat(r.body()).as(mv).isEqualTo(log.lookup(w.module().path(), w.module().version()));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
        // Served again from the store: the upstream saw one lookup.
        assertThat(get(base, DB + lookupPath(w)).body()).isEqualTo(r.body());
        assertThat(upstream.requests(lookupPath(w))).as(mv).isEqualTo(1);
        h.store.flush(); // lookups and tiles are stored in the background
        assertThat(stored(lookupPath(w).substring(1))).as(mv).hasBinaryContent(r.body());
      }
      // One file per lookup: no copy of its record beside it.
      assertThat(stored("record")).doesNotExist();
      HttpResponse<byte[]> tile = get(base, DB + "/tile/8/0/000.p/5");
      assertThat(tile.statusCode()).isEqualTo(200);
      assertThat(tile.body()).isEqualTo(log.tile(new Tile(8, 0, 0, 5)));
      assertThat(tile.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
      h.store.flush(); // lookups, records and tiles are stored in the background
      assertThat(stored("tile/8/0/000.p/5")).hasBinaryContent(log.tile(new Tile(8, 0, 0, 5)));

      Written hello = fixture(FixtureModules.HELLO, "v1.0.0");
      assertThat(mirror.goSumLines(FixtureModules.HELLO, "v1.0.0"))
          .containsExactly(hello.goSumLines().strip().split("\n"));
      assertThatThrownBy(() -> mirror.goSumLines("example.com/fixture/none", "v1.0.0"))
          .isInstanceOf(NotInChecksumDatabaseException.class);
      HttpResponse<byte[]> missing = get(base, DB + "/lookup/example.com/fixture/none@v1.0.0");
      assertThat(missing.statusCode()).isEqualTo(404);

      upstream.close();
      // Stale on error: the persisted head, the stored lookups and tiles.
      assertThat(get(base, DB + "/latest").body()).isEqualTo(log.signed().note());
      for (Written w : h.written) {
        assertThat(get(base, DB + lookupPath(w)).statusCode()).isEqualTo(200);
      }
      assertThat(get(base, DB + "/tile/8/0/000.p/5").body()).isEqualTo(log.tile(new Tile(8, 0, 0, 5)));
      HttpResponse<byte[]> unreachable = get(base, DB + "/lookup/example.com/fixture/other@v1.0.0");
      assertThat(unreachable.statusCode()).isEqualTo(502);
      assertThat(text(unreachable)).startsWith("checksum database unreachable: ");
      assertThat(mirror.goSumLines(FixtureModules.HELLO, "v1.0.0")).hasSize(2);
      assertThatThrownBy(() -> mirror.goSumLines("example.com/fixture/other", "v1.0.0"))
          .isInstanceOf(ChecksumDatabaseException.class)
          .isNotInstanceOf(NotInChecksumDatabaseException.class);
    }
  }

  @Test
  void latestNeverGoesBackwardsWhenTheUpstreamServesAnOlderHead() throws Exception {
    Log log = h.log(null);
    Log prefix = Log.inMemory(h.keys.signerKey(), 8);
    for (Written w : h.written.subList(0, 3)) {
      prefix.append(new LogRecord(w.module().path(), w.module().version(), w.goSumLines()));
    }
    try (TestSumdbServer upstream = Hermetic.upstream(log)) {
      SumdbMirror mirror = h.mirror(metrics, Hermetic.root(upstream)).latestFreshness(java.time.Duration.ZERO).build();
      assertThat(((Answer.Bytes) mirror.answer(NAME + "/latest")).body()).isEqualTo(log.signed().note());
      upstream.setLog(prefix);
      assertThat(((Answer.Bytes) mirror.answer(NAME + "/latest")).body()).isEqualTo(log.signed().note());
      assertThat(upstream.requests("/latest")).isEqualTo(2);
      assertThat(mirror.refused()).isEmpty();
      assertThat(h.store.state().resolve("sumdb").resolve(NAME).resolve("latest")).hasBinaryContent(log.signed().note());
    }
  }

  @Test
  void latestReadsTheUpstreamOncePerFreshnessWindowAndServesTheVerifiedHead() throws Exception {
    Log log = h.log(null);
    java.time.Instant t0 = java.time.Instant.parse("2025-01-02T03:04:05Z");
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> now = new java.util.concurrent.atomic.AtomicReference<>(t0);
    java.time.Clock clock =
        new java.time.Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public java.time.Instant instant() {
            return now.get();
          }
        };
    try (TestSumdbServer upstream = Hermetic.upstream(log)) {
      SumdbMirror mirror = h.mirror(metrics, Hermetic.root(upstream)).clock(clock).build();
      for (int i = 0; i < 5; i++) {
        assertThat(((Answer.Bytes) mirror.answer(NAME + "/latest")).body()).isEqualTo(log.signed().note());
      }
      assertThat(upstream.requests("/latest")).isEqualTo(1);

      Written hello = fixture(FixtureModules.HELLO, "v1.0.0");
      log.append(LogRecord.of("example.com/fixture/later", "v1.0.0", hello.zipHash(), hello.goModHash()));
      now.set(t0.plus(SumdbMirror.DEFAULT_LATEST_FRESHNESS).minusSeconds(1));
      assertThat(((Answer.Bytes) mirror.answer(NAME + "/latest")).body()).isNotEqualTo(log.signed().note());
      now.set(t0.plus(SumdbMirror.DEFAULT_LATEST_FRESHNESS));
      assertThat(((Answer.Bytes) mirror.answer(NAME + "/latest")).body()).isEqualTo(log.signed().note());
      assertThat(upstream.requests("/latest")).isEqualTo(2);
      assertThat(h.store.state().resolve("sumdb").resolve(NAME).resolve("latest")).hasBinaryContent(log.signed().note());
    }
  }

  @Test
  void concurrentRequestsForAMissingLookupShareOneUpstreamFetch() throws Exception {
    try (TestSumdbServer upstream = Hermetic.upstream(h.log(null))) {
      SumdbMirror mirror = h.mirror(metrics, Hermetic.root(upstream)).build();
      try (Hermetic.Served served = h.serve(mirror, metrics);
          var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        Written hello = fixture(FixtureModules.HELLO, "v1.1.0");
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    return get(served.uri(), DB + lookupPath(hello)).statusCode();
                  }));
        }
        go.countDown();
        for (var r : results) {
          assertThat(r.get()).isEqualTo(200);
        }
        assertThat(upstream.requests(lookupPath(hello))).isEqualTo(1);
      }
    }
  }

  @Test
  void aTileBeyondTheVerifiedTreeMergesAFreshHeadAndNarrowTilesAreCutFromStoredOnes() throws Exception {
    Log log = h.log(null);
    SumdbMirror mirror;
    try (TestSumdbServer upstream = Hermetic.upstream(log)) {
      mirror = h.mirror(metrics, Hermetic.root(upstream)).build();
      try (Hermetic.Served served = h.serve(mirror, metrics)) {
        URI base = served.uri();
        Written hello = fixture(FixtureModules.HELLO, "v1.0.0");
        assertThat(get(base, DB + lookupPath(hello)).statusCode()).isEqualTo(200);
        assertThat(upstream.requests("/latest")).isZero();

        log.append(LogRecord.of("example.com/fixture/late", "v1.0.0", hello.zipHash(), hello.goModHash()));
        HttpResponse<byte[]> six = get(base, DB + "/tile/8/0/000.p/6");
        assertThat(six.statusCode()).isEqualTo(200);
        assertThat(six.body()).isEqualTo(log.tile(new Tile(8, 0, 0, 6)));
        assertThat(upstream.requests("/latest")).isEqualTo(1);
        assertThat(get(base, DB + "/latest").body()).isEqualTo(log.signed().note());

        HttpResponse<byte[]> beyond = get(base, DB + "/tile/8/0/000.p/7");
        assertThat(beyond.statusCode()).isEqualTo(404);

        HttpResponse<byte[]> three = get(base, DB + "/tile/8/0/000.p/3");
        assertThat(three.statusCode()).isEqualTo(200);
        assertThat(three.body()).isEqualTo(log.tile(new Tile(8, 0, 0, 3)));
        assertThat(upstream.requests("/tile/8/0/000.p/3")).isZero();

        HttpResponse<byte[]> data = get(base, DB + "/tile/8/data/000.p/6");
        assertThat(data.statusCode()).isEqualTo(200);
        assertThat(data.body()).isEqualTo(log.tile(new Tile(8, -1, 0, 6)));
        h.store.flush(); // lookups, records and tiles are stored in the background
        assertThat(stored("tile/8/data/000.p/6")).exists();

        assertThat(get(base, DB + "/tile/8/1/000.p/1").statusCode()).isEqualTo(404);
        assertThat(get(base, DB + "/tile/4/0/000.p/6").statusCode()).isEqualTo(404);
      }
    }
  }

  @Test
  void aForkedUpstreamIsRefusedReportedAndTheLastGoodStateIsStillServed() throws Exception {
    Log honest = h.log(null);
    Log forked = h.log(FixtureModules.HELLO + "@v1.0.0");
    assertThat(forked.size()).isEqualTo(honest.size());
    Written good = fixture(FixtureModules.HELLO, "v1.1.0");
    Written victim = fixture(FixtureModules.HELLO, "v1.0.0");
    Written v2 = fixture(FixtureModules.HELLO_V2, "v2.0.0");
    try (TestSumdbServer upstream = Hermetic.upstream(honest)) {
      SumdbMirror mirror = h.mirror(metrics, Hermetic.root(upstream)).build();
      try (Hermetic.Served served = h.serve(mirror, metrics)) {
        URI base = served.uri();
        assertThat(get(base, DB + lookupPath(good)).statusCode()).isEqualTo(200);

        upstream.setLog(forked);
        HttpResponse<byte[]> refused = get(base, DB + lookupPath(victim));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(text(refused)).contains("forked");
        List<Path> reports = forkReports();
        assertThat(reports).hasSize(1);
        assertThat(Files.readString(reports.get(0)))
            .contains("SECURITY ERROR")
            .contains("go.sum database server misbehavior detected!");
        assertThat(metrics.forks.labelValues(NAME).get()).isEqualTo(1.0);
        assertThat(mirror.refused()).containsExactly(NAME);
        ByteArrayOutputStreamHolder scrape = new ByteArrayOutputStreamHolder();
        metrics.write(scrape.out);
        assertThat(scrape.text()).contains("gofer_sumdb_refused{db=\"" + NAME + "\"} 1");

        // Nothing of the forked log was kept; the last good state is still served.
        int upstreamRequests = upstream.requestsStartingWith("/");
        h.store.flush(); // lookups, records and tiles are stored in the background
        assertThat(stored(lookupPath(victim).substring(1))).doesNotExist();
        assertThat(h.store.state().resolve("sumdb").resolve(NAME).resolve("latest"))
            .hasBinaryContent(honest.signed().note());
        assertThat(get(base, DB + lookupPath(good)).body())
            .isEqualTo(honest.lookup(good.module().path(), good.module().version()));
        assertThat(get(base, DB + "/latest").body()).isEqualTo(honest.signed().note());
        assertThat(get(base, DB + "/tile/8/0/000.p/5").body()).isEqualTo(honest.tile(new Tile(8, 0, 0, 5)));
        assertThat(mirror.goSumLines(good.module().path(), good.module().version())).hasSize(2);
        // New data is refused without asking the upstream.
        assertThat(get(base, DB + lookupPath(v2)).statusCode()).isEqualTo(403);
        assertThatThrownBy(() -> mirror.goSumLines(v2.module().path(), v2.module().version()))
            .isInstanceOf(ChecksumDatabaseException.class)
            .isNotInstanceOf(NotInChecksumDatabaseException.class);
        assertThat(upstream.requestsStartingWith("/")).isEqualTo(upstreamRequests);

        // An operator deletes the report: the mirror asks again, and (still forked) refuses again.
        Files.delete(reports.get(0));
        assertThat(get(base, DB + lookupPath(v2)).statusCode()).isEqualTo(403);
        assertThat(upstream.requestsStartingWith("/")).isGreaterThan(upstreamRequests);
        assertThat(forkReports()).hasSize(1);
        assertThat(metrics.forks.labelValues(NAME).get()).isEqualTo(2.0);

        // Once the upstream is honest again and the report is gone, data flows again.
        upstream.setLog(honest);
        Files.delete(forkReports().get(0));
        assertThat(get(base, DB + lookupPath(v2)).statusCode()).isEqualTo(200);
        assertThat(mirror.refused()).isEmpty();
      }
    }
  }

  @Test
  void aShortCachedTileIsFetchedProvenAndStoredAgainNeverServedOrTrusted() throws Exception {
    Log log = h.log(null);
    Written hello = fixture(FixtureModules.HELLO, "v1.0.0");
    try (TestSumdbServer upstream = Hermetic.upstream(log)) {
      SumdbMirror warm = h.mirror(metrics, Hermetic.root(upstream)).build();
      assertThat(warm.goSumLines(FixtureModules.HELLO, "v1.0.0")).hasSize(2);
      h.store.flush(); // lookups, records and tiles are stored in the background
      Path tile = stored("tile/8/0/000.p/5");
      byte[] whole = log.tile(new Tile(8, 0, 0, 5));
      assertThat(tile).hasBinaryContent(whole);
      assertThat(upstream.requests("/tile/8/0/000.p/5")).isEqualTo(1);

      // What a file system without the fsync could leave after a power loss: a short tile.
      Files.write(tile, Arrays.copyOf(whole, whole.length / 2));

      // A restarted gofer (a new client over the same store) needs the tile for a new lookup.
      SumdbMirror restarted = h.mirror(new Metrics(), Hermetic.root(upstream)).build();
      try (Hermetic.Served served = h.serve(restarted, new Metrics())) {
        URI base = served.uri();
        HttpResponse<byte[]> t = get(base, DB + "/tile/8/0/000.p/5");
        assertThat(t.statusCode()).isEqualTo(200);
        assertThat(t.body()).isEqualTo(whole);
        assertThat(upstream.requests("/tile/8/0/000.p/5")).as("refetched, not trusted").isEqualTo(2);
        Written other = h.written.stream().filter(w -> w != hello).findFirst().orElseThrow();
        assertThat(get(base, DB + lookupPath(other)).statusCode()).isEqualTo(200);
        h.store.flush();
        assertThat(tile).as("stored again, whole").hasBinaryContent(whole);
      }
    }
  }

  @Test
  void aLyingTileIsNeverStoredOrServed() throws Exception {
    Log log = h.log(null);
    try (TestSumdbServer upstream = Hermetic.upstream(log);
        TamperingUpstream liar =
            new TamperingUpstream(
                Hermetic.root(upstream),
                (path, body) -> {
                  if (!path.contains("/tile/")) {
                    return body;
                  }
                  byte[] b = Arrays.copyOf(body, body.length);
                  b[b.length - 1] ^= 1;
                  return b;
                })) {
      SumdbMirror mirror = h.mirror(metrics, liar.root()).build();
      try (Hermetic.Served served = h.serve(mirror, metrics)) {
        URI base = served.uri();
        Written hello = fixture(FixtureModules.HELLO, "v1.0.0");
        HttpResponse<byte[]> r = get(base, DB + lookupPath(hello));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(text(r)).contains("did not verify").contains("downloaded inconsistent tile");
        HttpResponse<byte[]> t = get(base, DB + "/tile/8/0/000.p/5");
        assertThat(t.statusCode()).isEqualTo(403);
        assertThat(metrics.verificationFailures.labelValues("tile").get()).isEqualTo(2.0);
        h.store.flush(); // lookups, records and tiles are stored in the background
        assertThat(files(stored("tile"))).isEmpty();
        assertThat(files(stored("lookup"))).isEmpty();
        assertThatThrownBy(() -> mirror.goSumLines(FixtureModules.HELLO, "v1.0.0"))
            .isInstanceOf(ChecksumDatabaseException.class)
            .hasMessageContaining("downloaded inconsistent tile");
        assertThat(forkReports()).isEmpty();
      }
    }
  }

  @Test
  void privateLookupsAreRefusedWithoutContactingAnyone() throws Exception {
    try (TestSumdbServer upstream = Hermetic.upstream(h.log(null))) {
      SumdbMirror mirror =
          h.mirror(metrics, Hermetic.root(upstream)).privatePatterns("example.com/private,*.corp.example").build();
      try (Hermetic.Served served = h.serve(mirror, metrics)) {
        for (String p : List.of("example.com/private/thing@v1.0.0", "git.corp.example/team/x@v0.1.0", "example.com/private@v1.0.0")) {
          HttpResponse<byte[]> r = get(served.uri(), DB + "/lookup/" + p);
          assertThat(r.statusCode()).as(p).isEqualTo(403);
          assertThat(r.headers().firstValue("Cache-Control")).hasValue("private, no-store");
          assertThat(text(r)).contains("private");
        }
        assertThatThrownBy(() -> mirror.goSumLines("example.com/private/thing", "v1.0.0"))
            .isInstanceOf(ChecksumDatabaseException.class)
            .hasMessageContaining("private");
        assertThat(upstream.requestsStartingWith("/")).isZero();
        // A public module next to it still works.
        assertThat(get(served.uri(), DB + "/lookup/example.com/fixture/hello@v1.0.0").statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void malformedPathsAre400AndTouchNeitherStoreNorUpstream() throws Exception {
    try (TestSumdbServer upstream = Hermetic.upstream(h.log(null))) {
      SumdbMirror mirror = h.mirror(metrics, Hermetic.root(upstream)).build();
      try (Hermetic.Served served = h.serve(mirror, metrics)) {
        for (String p :
            List.of(
                "/lookup/example.com/fixture/hello@latest",
                "/lookup/example.com/Fixture/hello@v1.0.0",
                "/lookup/example.com/fixture/hello@v1.0",
                "/lookup/example.com/fixture/hello",
                "/lookup/example.com/fixture/hello@v1.0.0-!",
                "/tile/8/0/0",
                "/tile/8/0/000.p/0",
                "/tile/8/0/000.p/256",
                "/tile/8/x/000",
                "/tile/8/0/x000/000")) {
          HttpResponse<byte[]> r = get(served.uri(), DB + p);
          assertThat(r.statusCode()).as(p).isEqualTo(400);
          assertThat(text(r)).as(p).containsAnyOf("invalid module@version syntax", "invalid tile syntax");
        }
        for (String p : List.of("/sumdb/sum.golang.org/supported", "/sumdb/" + NAME + "x/latest", DB + "/nothing", DB)) {
          assertThat(get(served.uri(), p).statusCode()).as(p).isEqualTo(404);
        }
        assertThat(upstream.requestsStartingWith("/")).isZero();
        h.store.flush(); // lookups, records and tiles are stored in the background
        assertThat(files(h.store.sumdb(NAME))).isEmpty();
      }
    }
  }

  @Test
  void offlineTheStoreAloneAnswers() throws Exception {
    Log log = h.log(null);
    try (TestSumdbServer upstream = Hermetic.upstream(log)) {
      SumdbMirror online = h.mirror(metrics, Hermetic.root(upstream)).build();
      for (Written w : h.written) {
        assertThat(online.goSumLines(w.module().path(), w.module().version())).hasSize(2);
      }
    }
    h.store.flush(); // lookups and tiles are stored in the background
    assertThat(stored("record")).doesNotExist();
    SumdbMirror offline = h.mirror(new Metrics(), "https://unused.invalid").offline(true).build();
    for (Written w : h.written) {
      byte[] lookup = log.lookup(w.module().path(), w.module().version());
      assertThat(offline.answer(NAME + lookupPath(w)))
          .isInstanceOfSatisfying(Answer.File.class, f -> assertThat(f.file()).hasBinaryContent(lookup));
      assertThat(offline.goSumLines(w.module().path(), w.module().version()))
          .containsExactly(w.goSumLines().strip().split("\n"));
    }
    assertThat(offline.answer(NAME + "/latest")).isInstanceOf(Answer.Bytes.class);
    assertThat(((Answer.Bytes) offline.answer(NAME + "/latest")).body()).isEqualTo(log.signed().note());
    assertThat(offline.answer(NAME + "/tile/8/0/000.p/5")).isInstanceOf(Answer.File.class);
    assertThat(((Answer.Bytes) offline.answer(NAME + "/tile/8/0/000.p/2")).body()).isEqualTo(log.tile(new Tile(8, 0, 0, 2)));
    assertThat(offline.answer(NAME + "/lookup/example.com/fixture/none@v1.0.0"))
        .isInstanceOfSatisfying(Answer.Failure.class, f -> assertThat(f.status()).isEqualTo(404));
    assertThat(offline.answer(NAME + "/tile/8/0/000.p/6"))
        .isInstanceOfSatisfying(Answer.Failure.class, f -> assertThat(f.status()).isEqualTo(404));
    assertThatThrownBy(() -> offline.goSumLines("example.com/fixture/none", "v1.0.0"))
        .isInstanceOf(ChecksumDatabaseException.class)
        .hasMessageContaining("offline");

    SumdbMirror empty =
        SumdbMirror.builder(dev.gofer.proxy.store.Store.open(tmp.resolve("empty")), new Metrics())
            .database(DatabaseConfig.of(h.keys.verifierKey()))
            .offline(true)
            .build();
    assertThat(empty.answer(NAME + "/latest"))
        .isInstanceOfSatisfying(Answer.Failure.class, f -> assertThat(f.status()).isEqualTo(404));
    assertThat(empty.answer(NAME + "/supported")).isInstanceOf(Answer.Bytes.class);
  }

  /** Collects a metrics scrape. */
  static final class ByteArrayOutputStreamHolder {
    final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    String text() {
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
