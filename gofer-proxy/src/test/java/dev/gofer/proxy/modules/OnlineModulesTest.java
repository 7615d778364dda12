package dev.gofer.proxy.modules;

import static dev.gofer.proxy.modules.FakeUpstream.latestPath;
import static dev.gofer.proxy.modules.FakeUpstream.listPath;
import static dev.gofer.proxy.modules.FakeUpstream.path;
import static dev.gofer.proxy.modules.Harness.HELLO;
import static dev.gofer.proxy.modules.Harness.PRIVATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.proxy.http.Answer;
import dev.gofer.proxy.http.Answer.Caching;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The online fetch path against real loopback upstreams with injected faults. */
class OnlineModulesTest {
  @TempDir Path tmp;

  private static String text(Answer a) throws Exception {
    return switch (a) {
      case Answer.Bytes b -> new String(b.body(), StandardCharsets.UTF_8);
      case Answer.File f -> Files.readString(f.file());
      case Answer.Open o -> new String(Harness.body(o), StandardCharsets.UTF_8);
      case Answer.Failure f -> "FAILURE " + f.status() + " " + f.message();
    };
  }

  private static Answer.Failure failure(Answer a) {
    assertThat(a).isInstanceOf(Answer.Failure.class);
    return (Answer.Failure) a;
  }

  @Test
  void coldFetchVerifiesAndStoresEverythingThenServesWarmWithoutUpstream() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      FixtureModules.Written w = h.fixture(HELLO, "v1.0.0");
      Answer zip = h.modules.zip(HELLO, "v1.0.0");
      h.modules.awaitBackground(); // the .info, the list file and the zip are stored off the answer's path

      // answered from the verified file held open while it was published (or, when the publish
      // won the race to the answer, from the published file); read after the rename
      assertThat(zip).isInstanceOfAny(Answer.Open.class, Answer.File.class);
      assertThat(zip instanceof Answer.Open o ? o.caching() : ((Answer.File) zip).caching()).isEqualTo(Caching.IMMUTABLE);
      Path stored = h.store.file(HELLO, "v1.0.0", "zip");
      assertThat(Harness.body(zip)).isEqualTo(Files.readAllBytes(stored));
      assertThat(DirHash.hashZip(stored)).isEqualTo(w.zipHash());
      assertThat(Files.readString(h.store.file(HELLO, "v1.0.0", "ziphash"))).isEqualTo(w.zipHash());
      assertThat(Files.readAllBytes(h.store.file(HELLO, "v1.0.0", "mod"))).isEqualTo(w.module().goMod());
      assertThat(Files.readString(h.store.file(HELLO, "v1.0.0", "info"))).contains("\"Version\":\"v1.0.0\"");
      assertThat(Files.readString(h.store.list(HELLO))).isEqualTo("v1.0.0\n");
      assertThat(h.verifier.lookups()).contains(HELLO + "@v1.0.0");
      assertThat(h.tempFiles()).isEmpty();
      int before = h.upstream.requests().size();
      assertThat(before).isEqualTo(3); // .mod, .info, .zip

      assertThat(h.modules.zip(HELLO, "v1.0.0")).isInstanceOf(Answer.File.class);
      assertThat(h.modules.mod(HELLO, "v1.0.0")).isInstanceOf(Answer.File.class);
      assertThat(text(h.modules.info(HELLO, "v1.0.0"))).contains("v1.0.0");
      assertThat(h.upstream.requests()).hasSize(before);
      assertThat(h.counter(h.metrics.cache, "zip", "hit")).isEqualTo(1);
      assertThat(h.counter(h.metrics.upstreamFetches, "zip", "ok")).isEqualTo(1);
    }
  }

  @Test
  void exactInfoIsStoredOnlyAfterItsModVerified() throws Exception {
    Path info;
    Path mod;
    try (Harness h = Harness.start(tmp)) {
      assertThat(text(h.modules.info(HELLO, "v1.1.0"))).contains("\"Version\":\"v1.1.0\"");
      h.modules.awaitBackground(); // the .info is stored once its .mod verified, behind the answer
      assertThat(h.store.file(HELLO, "v1.1.0", "info")).exists();
      assertThat(h.store.file(HELLO, "v1.1.0", "mod")).exists();

      // The tampered .mod arrives only after the .info was answered (no checksum database covers
      // an .info); the .info is then never stored, and the .mod is refused.
      CountDownLatch modArrived = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      h.upstream.once(
          path(HELLO, "v1.0.0", "mod"),
          new FakeUpstream.HoldThen(modArrived, release, new FakeUpstream.Replace(h.evilFile("mod"))));
      h.upstream.always(path(HELLO, "v1.0.0", "mod"), new FakeUpstream.Replace(h.evilFile("mod")));
      try {
        assertThat(text(h.modules.info(HELLO, "v1.0.0"))).contains("\"Version\":\"v1.0.0\"");
        assertThat(modArrived.await(10, TimeUnit.SECONDS)).isTrue();
      } finally {
        release.countDown();
      }
      assertThat(failure(h.modules.mod(HELLO, "v1.0.0")).status()).isEqualTo(403);
      info = h.store.file(HELLO, "v1.0.0", "info");
      mod = h.store.file(HELLO, "v1.0.0", "mod");
    }
    // closed: the .mod verification the .info started has ended, and everything stored is on disk
    assertThat(info).doesNotExist();
    assertThat(mod).doesNotExist();
  }

  @Test
  void aColdInfoIsAnsweredBeforeItsModVerifiesAndStoredAfter() throws Exception {
    Path info;
    try (Harness h = Harness.start(tmp)) {
      CountDownLatch modArrived = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      h.upstream.once(path(HELLO, "v1.1.0", "mod"), new FakeUpstream.Hold(modArrived, release));
      info = h.store.file(HELLO, "v1.1.0", "info");
      try {
        assertThat(text(h.modules.info(HELLO, "v1.1.0"))).contains("\"Version\":\"v1.1.0\"");
        assertThat(modArrived.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(h.store.has(info)).as("stored only once its .mod verified").isFalse();
        // asked again meanwhile: the same answer, without a second upstream fetch
        assertThat(text(h.modules.info(HELLO, "v1.1.0"))).contains("\"Version\":\"v1.1.0\"");
        assertThat(h.upstream.count(path(HELLO, "v1.1.0", "info"))).isEqualTo(1);
      } finally {
        release.countDown();
      }
      assertThat(text(h.modules.mod(HELLO, "v1.1.0"))).startsWith("module ");
    }
    assertThat(info).exists();
  }

  @Test
  void aColdInfosModIsFetchedAndVerifiedWhileTheInfoDownloads() throws Exception {
    Path info;
    Path mod;
    try (Harness h = Harness.start(tmp)) {
      CountDownLatch infoArrived = new CountDownLatch(1);
      CountDownLatch modArrived = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      h.upstream.once(path(HELLO, "v1.1.0", "info"), new FakeUpstream.Hold(infoArrived, release));
      h.upstream.once(path(HELLO, "v1.1.0", "mod"), new FakeUpstream.Hold(modArrived, release));
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<Answer> asked = pool.submit(() -> h.modules.info(HELLO, "v1.1.0"));
        try {
          assertThat(infoArrived.await(30, TimeUnit.SECONDS)).isTrue();
          assertThat(modArrived.await(10, TimeUnit.SECONDS)).isTrue();
          // not after the held .info timed out and its retry went through
          assertThat(h.upstream.count(path(HELLO, "v1.1.0", "info"))).as("the .mod is asked for while the first .info request is held").isEqualTo(1);
        } finally {
          release.countDown();
        }
        assertThat(text(asked.get(30, TimeUnit.SECONDS))).contains("\"Version\":\"v1.1.0\"");
      }
      info = h.store.file(HELLO, "v1.1.0", "info");
      mod = h.store.file(HELLO, "v1.1.0", "mod");
    }
    // closed: the .mod's verification has ended and what it allowed is stored
    assertThat(info).exists();
    assertThat(mod).exists();
  }

  @Test
  void zipWithTheWrongHashIsRefusedAndNothingOfItIsStored() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      h.upstream.always(path(HELLO, "v1.1.0", "zip"), new FakeUpstream.Replace(h.evilFile("zip")));

      Answer.Failure f = failure(h.modules.zip(HELLO, "v1.1.0"));

      assertThat(f.status()).isEqualTo(403);
      assertThat(f.message())
          .startsWith("verifying " + HELLO + "@v1.1.0: checksum mismatch")
          .contains(h.fixture(HELLO, "v1.1.0").zipHash())
          .doesNotContain("\n");
      assertThat(h.store.file(HELLO, "v1.1.0", "zip")).doesNotExist();
      assertThat(h.store.file(HELLO, "v1.1.0", "ziphash")).doesNotExist();
      assertThat(h.tempFiles()).isEmpty();
      assertThat(h.counter(h.metrics.verificationFailures, "zip")).isEqualTo(1);
      // hashed while it downloaded, and that hash is what was compared and refused
      assertThat(h.counter(h.metrics.zipVerifications, "streamed")).isEqualTo(1);
      // the .mod verified on its own and may stay; the zip is refused again, never half-served,
      // and not downloaded again for a while
      Answer.Failure again = failure(h.modules.zip(HELLO, "v1.1.0"));
      assertThat(again.status()).isEqualTo(403);
      assertThat(again.message()).isEqualTo(f.message());
      assertThat(h.upstream.count(path(HELLO, "v1.1.0", "zip"))).isEqualTo(1);
      assertThat(h.counter(h.metrics.verificationFailures, "zip")).isEqualTo(1);
      assertThat(h.counter(h.metrics.cache, "zip", "refused")).isEqualTo(1);
      h.clock.advance(Duration.ofMinutes(2)); // past the memory of refusals: fetched and refused anew
      assertThat(failure(h.modules.zip(HELLO, "v1.1.0")).status()).isEqualTo(403);
      assertThat(h.upstream.count(path(HELLO, "v1.1.0", "zip"))).isEqualTo(2);
    }
  }

  @Test
  void aColdZipIsHashedWhileItDownloadsWithNoSecondPass() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      Answer zip = h.modules.zip(HELLO, "v1.1.0");
      assertThat(Harness.body(zip)).isEqualTo(Files.readAllBytes(h.fixture(HELLO, "v1.1.0").zip()));
      h.modules.awaitBackground();
      assertThat(Files.readString(h.store.file(HELLO, "v1.1.0", "ziphash"))).isEqualTo(h.fixture(HELLO, "v1.1.0").zipHash());
      assertThat(h.counter(h.metrics.zipVerifications, "streamed")).isEqualTo(1);
      assertThat(h.counter(h.metrics.zipVerifications, "full")).isZero();
    }
  }

  @Test
  void aZipTheStreamCannotVouchForIsHashedInASecondPassAndStillServed() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      // bytes after the end record: valid for Go and the JDK, but not the plain layout the
      // streamed hash's cross-check accepts
      byte[] fixture = Files.readAllBytes(h.fixture(HELLO, "v1.1.0").zip());
      byte[] padded = java.util.Arrays.copyOf(fixture, fixture.length + 7);
      h.upstream.always(path(HELLO, "v1.1.0", "zip"), new FakeUpstream.Body(padded));

      assertThat(Harness.body(h.modules.zip(HELLO, "v1.1.0"))).isEqualTo(padded);
      h.modules.awaitBackground();
      assertThat(Files.readString(h.store.file(HELLO, "v1.1.0", "ziphash"))).isEqualTo(h.fixture(HELLO, "v1.1.0").zipHash());
      assertThat(h.counter(h.metrics.zipVerifications, "full")).isEqualTo(1);
      assertThat(h.counter(h.metrics.zipVerifications, "streamed")).isZero();
    }
  }

  @Test
  void aZipWhosePublishFailsIsStillServedWholeOnceAndRefetchedByTheNextRequest() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      // A non-empty directory where the .ziphash goes: its rename fails, so the publish does.
      Path ziphash = h.store.file(HELLO, "v1.0.0", "ziphash");
      Files.createDirectories(ziphash);
      Files.writeString(ziphash.resolve("blocker"), "x");

      Answer first = h.modules.zip(HELLO, "v1.0.0");
      h.modules.awaitBackground(); // the publish has failed and removed the temp file
      assertThat(h.store.file(HELLO, "v1.0.0", "zip")).doesNotExist();
      assertThat(h.tempFiles()).isEmpty();
      // the answer's descriptor outlives the deleted temp file: the full verified body
      byte[] served = Harness.body(first);
      Path copy = tmp.resolve("served.zip");
      Files.write(copy, served);
      assertThat(DirHash.hashZip(copy)).isEqualTo(h.fixture(HELLO, "v1.0.0").zipHash());

      Files.delete(ziphash.resolve("blocker"));
      Files.delete(ziphash);
      assertThat(Harness.body(h.modules.zip(HELLO, "v1.0.0"))).isEqualTo(served);
      h.modules.awaitBackground();
      assertThat(h.upstream.count(path(HELLO, "v1.0.0", "zip"))).isEqualTo(2);
      assertThat(Files.readAllBytes(h.store.file(HELLO, "v1.0.0", "zip"))).isEqualTo(served);
      assertThat(Files.readString(ziphash)).isEqualTo(h.fixture(HELLO, "v1.0.0").zipHash());
    }
  }

  @Test
  void theChecksumLookupRunsWhileTheModDownloadsAndIsJoinedBeforeAnythingIsStored() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      CountDownLatch arrived = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      h.upstream.once(path(HELLO, "v1.1.0", "mod"), new FakeUpstream.Hold(arrived, release));
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<Answer> mod = pool.submit(() -> h.modules.mod(HELLO, "v1.1.0"));
        assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
        // the upstream .mod is still held back, and the lookup has already been asked
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (h.verifier.lookups().isEmpty() && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        assertThat(h.verifier.lookups()).containsExactly(HELLO + "@v1.1.0");
        assertThat(h.store.file(HELLO, "v1.1.0", "mod")).doesNotExist();
        release.countDown();
        assertThat(text(mod.get(30, TimeUnit.SECONDS))).isEqualTo(new String(h.fixture(HELLO, "v1.1.0").module().goMod(), StandardCharsets.UTF_8));
      }
      h.store.flush();
      assertThat(h.store.file(HELLO, "v1.1.0", "mod")).hasBinaryContent(h.fixture(HELLO, "v1.1.0").module().goMod());
    }
  }

  @Test
  void waitersOnAColdModGetTheVerifiedBytesAndEveryReaderSeesItBeforeItIsOnDisk() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      String goMod = new String(h.fixture(HELLO, "v1.1.0").module().goMod(), StandardCharsets.UTF_8);
      CountDownLatch arrived = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      h.upstream.once(path(HELLO, "v1.1.0", "mod"), new FakeUpstream.Hold(arrived, release));
      List<Future<Answer>> asked = new java.util.ArrayList<>();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 4; i++) {
          asked.add(pool.submit(() -> h.modules.mod(HELLO, "v1.1.0")));
        }
        assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (h.counter(h.metrics.singleFlightWaits, "mod") < 3 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        release.countDown();
        for (Future<Answer> a : asked) {
          Answer got = a.get(30, TimeUnit.SECONDS);
          assertThat(got).isInstanceOf(Answer.Bytes.class);
          assertThat(((Answer.Bytes) got).caching()).isEqualTo(Caching.IMMUTABLE);
          assertThat(text(got)).isEqualTo(goMod);
        }
      }
      // Whether or not the write-behind has reached the disk yet, every reader sees the version.
      StoreModules local = new StoreModules(h.store);
      assertThat(h.store.has(h.store.file(HELLO, "v1.1.0", "mod"))).isTrue();
      assertThat(text(local.mod(HELLO, "v1.1.0"))).isEqualTo(goMod);
      assertThat(text(local.list(HELLO))).isEqualTo("v1.1.0\n");
      assertThat(text(local.latest(HELLO))).contains("\"Version\":\"v1.1.0\"");
      assertThat(text(h.modules.mod(HELLO, "v1.1.0"))).isEqualTo(goMod);
      assertThat(h.upstream.count(path(HELLO, "v1.1.0", "mod"))).isEqualTo(1);
      h.modules.awaitBackground();
      h.store.flush();
      assertThat(h.store.file(HELLO, "v1.1.0", "mod")).hasContent(goMod);
      assertThat(h.store.pending(h.store.file(HELLO, "v1.1.0", "mod"))).isNull();
      assertThat(h.modules.mod(HELLO, "v1.1.0")).isInstanceOf(Answer.File.class);
      assertThat(h.tempFiles()).isEmpty();
    }
  }

  @Test
  void aLookupThatFailsWhileTheModDownloadsStillRefusesIt() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      h.verifier.failWith(new ChecksumVerifier.NotInChecksumDatabaseException("reading lookup: 410 Gone"));
      Answer.Failure f = failure(h.modules.mod(HELLO, "v1.1.0"));
      assertThat(f.status()).isEqualTo(403);
      assertThat(f.message()).contains("not in the checksum database");
      assertThat(h.storedFiles()).noneMatch(p -> p.contains("v1.1.0"));
    }
  }

  @Test
  void theModIsAnsweredWithoutWaitingForItsInfoWhichAClientRequestThenShares() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      CountDownLatch arrived = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      String info = path(HELLO, "v1.1.0", "info");
      h.upstream.once(info, new FakeUpstream.Hold(arrived, release));

      // answered while the upstream .info is still held back
      assertThat(h.modules.mod(HELLO, "v1.1.0")).isInstanceOf(Answer.Bytes.class);
      assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(h.store.file(HELLO, "v1.1.0", "info")).doesNotExist();

      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<Answer> asked = pool.submit(() -> h.modules.info(HELLO, "v1.1.0"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (h.counter(h.metrics.singleFlightWaits, "info") < 1 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        release.countDown();
        assertThat(text(asked.get(30, TimeUnit.SECONDS))).contains("\"Version\":\"v1.1.0\"");
      }
      h.modules.awaitBackground();
      h.store.flush();
      assertThat(h.upstream.count(info)).isEqualTo(1);
      assertThat(h.store.file(HELLO, "v1.1.0", "info")).exists();
      assertThat(h.tempFiles()).isEmpty();
    }
  }

  @Test
  void theStoreListFileCatchesUpWithEveryPublishedMod() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<Answer> a = pool.submit(() -> h.modules.mod(HELLO, "v1.0.0"));
        Future<Answer> b = pool.submit(() -> h.modules.mod(HELLO, "v1.1.0"));
        assertThat(text(a.get(30, TimeUnit.SECONDS))).startsWith("module " + HELLO);
        assertThat(text(b.get(30, TimeUnit.SECONDS))).startsWith("module " + HELLO);
      }
      h.modules.awaitBackground();
      assertThat(Files.readString(h.store.list(HELLO))).isEqualTo("v1.0.0\nv1.1.0\n");
      // gofer's own offline answer never depended on that file
      Files.delete(h.store.list(HELLO));
      assertThat(text(new StoreModules(h.store).list(HELLO))).isEqualTo("v1.0.0\nv1.1.0\n");
    }
  }

  @Test
  void aHeadOfAMissingZipDoesNotDownloadItAndAHeadOfAStoredOneIsAnswered() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      Answer.Failure f = failure(h.modules.zipHead(HELLO, "v1.0.0"));
      assertThat(f.status()).isEqualTo(404);
      assertThat(f.caching()).isEqualTo(Caching.NO_CACHE);
      assertThat(f.message()).contains("a GET does").doesNotContain("\n");
      assertThat(h.upstream.requests()).isEmpty();
      assertThat(h.verifier.lookups()).isEmpty();

      assertThat(Harness.body(h.modules.zip(HELLO, "v1.0.0"))).isNotEmpty();
      Answer head = h.modules.zipHead(HELLO, "v1.0.0"); // waits for the zip's publish
      assertThat(head).isInstanceOf(Answer.File.class);
      assertThat(((Answer.File) head).file()).isEqualTo(h.store.file(HELLO, "v1.0.0", "zip"));
      assertThat(h.upstream.count(path(HELLO, "v1.0.0", "zip"))).isEqualTo(1);
    }
  }

  @Test
  void goModWithTheWrongHashIsRefusedAndTheZipIsNeverFetched() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      h.upstream.always(path(HELLO, "v1.1.0", "mod"), new FakeUpstream.Replace(h.evilFile("mod")));

      Answer.Failure f = failure(h.modules.zip(HELLO, "v1.1.0"));

      assertThat(f.status()).isEqualTo(403);
      assertThat(f.message()).startsWith("verifying " + HELLO + "@v1.1.0/go.mod: checksum mismatch");
      assertThat(h.upstream.count(path(HELLO, "v1.1.0", "zip"))).isZero();
      assertThat(h.storedFiles()).noneMatch(p -> p.contains("v1.1.0"));
      assertThat(h.counter(h.metrics.verificationFailures, "mod")).isEqualTo(1);
      assertThat(failure(h.modules.mod(HELLO, "v1.1.0")).status()).isEqualTo(403);
    }
  }

  @Test
  void somethingThatIsNotAModuleZipIsRefused() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      h.upstream.always(path(HELLO, "v1.0.0", "zip"), new FakeUpstream.Body("PK not a zip".getBytes(StandardCharsets.UTF_8)));

      Answer.Failure f = failure(h.modules.zip(HELLO, "v1.0.0"));

      assertThat(f.status()).isEqualTo(403);
      assertThat(f.message()).contains("invalid module zip");
      assertThat(h.store.file(HELLO, "v1.0.0", "zip")).doesNotExist();
      assertThat(h.tempFiles()).isEmpty();
    }
  }

  @Test
  void versionUnknownToTheChecksumDatabaseIsRefused() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      MapVerifier empty = new MapVerifier();
      try (OnlineModules m =
          new OnlineModules(
              h.store,
              dev.gofer.mod.goproxy.ProxyChain.create(h.upstream.uri().toString(), dev.gofer.mod.goproxy.ClientOptions.defaults()),
              OnlineModules.PrivateModules.none(),
              empty,
              h.metrics,
              OnlineModules.Options.defaults())) {
        Answer.Failure f = failure(m.mod(HELLO, "v1.0.0"));
        assertThat(f.status()).isEqualTo(403);
        assertThat(f.message()).contains("not in the checksum database");
        assertThat(h.store.file(HELLO, "v1.0.0", "mod")).doesNotExist();
      }
    }
  }

  @Test
  void checksumDatabaseThatCannotAnswerIsABadUpstreamNotARefusal() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      h.verifier.failWith(new ChecksumVerifier.ChecksumDatabaseException("reading tile: connection refused"));
      Answer.Failure f = failure(h.modules.mod(HELLO, "v1.0.0"));
      assertThat(f.status()).isEqualTo(404);
      assertThat(f.message()).startsWith("bad upstream: verifying " + HELLO + "@v1.0.0/go.mod: checksum database");
      assertThat(h.store.file(HELLO, "v1.0.0", "mod")).doesNotExist();
    }
  }

  @Test
  void truncatedResetAndServerErrorsAreRetried() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      h.upstream.once(path(HELLO, "v1.0.0", "mod"), new FakeUpstream.Reset(), new FakeUpstream.Status(500));
      h.upstream.once(path(HELLO, "v1.0.0", "zip"), new FakeUpstream.Truncate(), new FakeUpstream.Status(503));

      Answer zip = h.modules.zip(HELLO, "v1.0.0");

      assertThat(Harness.body(zip)).isNotEmpty();
      h.modules.awaitBackground();
      assertThat(DirHash.hashZip(h.store.file(HELLO, "v1.0.0", "zip"))).isEqualTo(h.fixture(HELLO, "v1.0.0").zipHash());
      assertThat(h.upstream.count(path(HELLO, "v1.0.0", "mod"))).isEqualTo(3);
      assertThat(h.upstream.count(path(HELLO, "v1.0.0", "zip"))).isEqualTo(3);
      assertThat(h.counter(h.metrics.upstreamFetches, "zip", "retried")).isEqualTo(2);
      // the half-written first try left its own hash stream behind: the retry's still streamed
      assertThat(h.counter(h.metrics.zipVerifications, "streamed")).isEqualTo(1);
      assertThat(h.counter(h.metrics.zipVerifications, "full")).isZero();
      assertThat(h.tempFiles()).isEmpty();
    }
  }

  @Test
  void persistentUpstreamFailureIsA404BadUpstreamAfterTheRetries() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      h.upstream.always(path(HELLO, "v1.0.0", "zip"), new FakeUpstream.Truncate());

      Answer.Failure f = failure(h.modules.zip(HELLO, "v1.0.0"));

      assertThat(f.status()).isEqualTo(404);
      assertThat(f.message()).startsWith("bad upstream: ").doesNotContain("\n");
      assertThat(f.caching()).isEqualTo(Caching.PRIVATE);
      assertThat(h.upstream.count(path(HELLO, "v1.0.0", "zip"))).isEqualTo(3);
      assertThat(h.store.file(HELLO, "v1.0.0", "zip")).doesNotExist();
      assertThat(h.tempFiles()).isEmpty();
      assertThat(h.counter(h.metrics.upstreamFetches, "zip", "failed")).isEqualTo(1);
      // a transient failure is not remembered: the next request tries again
      h.upstream.heal();
      assertThat(Harness.body(h.modules.zip(HELLO, "v1.0.0"))).isNotEmpty();
    }
  }

  @Test
  void badUpstreamStatusCanBe502() throws Exception {
    try (Harness h = Harness.start(tmp, o -> o.withBadUpstreamStatus(502), false)) {
      h.upstream.always(path(HELLO, "v1.0.0", "mod"), new FakeUpstream.Status(500));
      Answer.Failure f = failure(h.modules.mod(HELLO, "v1.0.0"));
      assertThat(f.status()).isEqualTo(502);
      assertThat(f.message()).startsWith("bad upstream: ").contains("500 Internal Server Error");
    }
  }

  @Test
  void stalledUpstreamTimesOutAsBadUpstream() throws Exception {
    try (Harness h = Harness.start(tmp, o -> o.withRetry(Retry.none()), false)) {
      CountDownLatch arrived = new CountDownLatch(1);
      CountDownLatch never = new CountDownLatch(1);
      h.upstream.always(path(HELLO, "v1.0.0", "mod"), new FakeUpstream.Hold(arrived, never));
      long start = System.nanoTime();

      Answer.Failure f = failure(h.modules.mod(HELLO, "v1.0.0"));

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(f.status()).isEqualTo(404);
      assertThat(f.message()).startsWith("bad upstream: ").contains("timed out");
      assertThat(h.store.file(HELLO, "v1.0.0", "mod")).doesNotExist();
    }
  }

  @Test
  void upstreamNotFoundIsNotRetriedAndIsRememberedBriefly() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      String mod = path("example.com/nowhere", "v1.0.0", "mod");

      Answer.Failure f = failure(h.modules.mod("example.com/nowhere", "v1.0.0"));
      h.modules.awaitLookups();
      assertThat(f.status()).isEqualTo(404);
      assertThat(f.message()).startsWith("not found: ");
      assertThat(f.caching()).isEqualTo(Caching.NEGATIVE);
      assertThat(h.upstream.count(mod)).isEqualTo(1);

      assertThat(failure(h.modules.mod("example.com/nowhere", "v1.0.0")).status()).isEqualTo(404);
      assertThat(h.upstream.count(mod)).isEqualTo(1);

      h.clock.advance(Duration.ofSeconds(61));
      assertThat(failure(h.modules.mod("example.com/nowhere", "v1.0.0")).status()).isEqualTo(404);
      h.modules.awaitLookups();
      assertThat(h.upstream.count(mod)).isEqualTo(2);
      // the lookup runs beside each upstream fetch, never for a remembered "not found"
      assertThat(h.verifier.lookups()).hasSize(2);
    }
  }

  @Test
  void upstream403IsPassedOnAndNotRetried() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      h.upstream.always(path(HELLO, "v1.0.0", "mod"), new FakeUpstream.Status(403));
      Answer.Failure f = failure(h.modules.mod(HELLO, "v1.0.0"));
      assertThat(f.status()).isEqualTo(403);
      assertThat(h.upstream.count(path(HELLO, "v1.0.0", "mod"))).isEqualTo(1);
    }
  }

  @Test
  void infoNamingAnotherVersionIsRefusedAndNotStored() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      h.upstream.always(path(HELLO, "v1.1.0", "info"), new FakeUpstream.Body("{\"Version\":\"v1.0.0\"}".getBytes(StandardCharsets.UTF_8)));
      Answer.Failure f = failure(h.modules.info(HELLO, "v1.1.0"));
      assertThat(f.status()).isEqualTo(404);
      assertThat(f.message()).contains("instead of requested version");
      assertThat(h.store.file(HELLO, "v1.1.0", "info")).doesNotExist();
    }
  }

  @Test
  void zipOverTheSizeCapIsRefusedUnstored() throws Exception {
    try (Harness h = Harness.start(tmp, o -> o.withLimits(100, 1 << 20), false)) {
      Answer.Failure f = failure(h.modules.zip(HELLO, "v1.0.0"));
      assertThat(f.status()).isEqualTo(404);
      assertThat(f.message()).contains("too large");
      assertThat(h.store.file(HELLO, "v1.0.0", "zip")).doesNotExist();
      assertThat(h.tempFiles()).isEmpty();
    }
  }

  @Test
  void concurrentColdRequestsForOneZipShareOneUpstreamFetch() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      CountDownLatch arrived = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      String zipPath = path(HELLO, "v1.0.0", "zip");
      h.upstream.once(zipPath, new FakeUpstream.Hold(arrived, release));
      int n = 8;
      List<Future<Answer>> answers = new ArrayList<>();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < n; i++) {
          answers.add(pool.submit(() -> h.modules.zip(HELLO, "v1.0.0")));
        }
        assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (h.counter(h.metrics.singleFlightWaits, "zip") < n - 1 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        assertThat(h.counter(h.metrics.singleFlightWaits, "zip")).isEqualTo(n - 1);
        release.countDown();
        // Every waiter is served from the one verified file: from the open temp file, each with
        // its own reference, or, when the background publish has already finished and closed
        // it, from the stored file (a race the test must not decide: a fast publish wins it).
        Path zip = h.store.file(HELLO, "v1.0.0", "zip");
        for (Future<Answer> a : answers) {
          Answer got = a.get(30, TimeUnit.SECONDS);
          if (!(got instanceof Answer.Open)) {
            assertThat(got).isEqualTo(new Answer.File(zip, Answer.ZIP, Caching.IMMUTABLE));
          }
        }
        h.modules.awaitBackground(); // published and renamed: the handles still read the full body
        byte[] stored = Files.readAllBytes(h.store.file(HELLO, "v1.0.0", "zip"));
        for (Future<Answer> a : answers) {
          assertThat(Harness.body(a.get())).isEqualTo(stored);
        }
      }
      assertThat(h.upstream.count(zipPath)).isEqualTo(1);
      assertThat(h.upstream.count(path(HELLO, "v1.0.0", "mod"))).isEqualTo(1);
    }
  }

  @Test
  void privateModulesGoOnlyToThePrivateUpstreamAndAreNeverLookedUp() throws Exception {
    try (Harness h = Harness.start(tmp, o -> o, true)) {
      Files.writeString(h.privateUpstream.root().resolve(latestPath(PRIVATE).substring(1)), "{\"Version\":\"v1.0.0\"}");
      assertThat(text(h.modules.list(PRIVATE))).isEqualTo("v1.0.0\n");
      assertThat(text(h.modules.latest(PRIVATE))).contains("v1.0.0");
      assertThat(text(h.modules.info(PRIVATE, "v1.0.0"))).contains("v1.0.0");
      assertThat(text(h.modules.info(PRIVATE, "main"))).startsWith("FAILURE 404");
      Answer mod = h.modules.mod(PRIVATE, "v1.0.0");
      Answer zip = h.modules.zip(PRIVATE, "v1.0.0");
      assertThat(Harness.caching(zip)).isEqualTo(Caching.PRIVATE);
      h.modules.awaitBackground();
      // answered from the queued bytes or the published file, whichever the write-behind left
      assertThat(mod instanceof Answer.Bytes b ? b.caching() : ((Answer.File) mod).caching()).isEqualTo(Caching.PRIVATE);
      assertThat(Files.readString(h.store.file(PRIVATE, "v1.0.0", "ziphash"))).isEqualTo(h.privateModule.zipHash());
      assertThat(failure(h.modules.zip(PRIVATE + "/sub", "v1.0.0")).caching()).isEqualTo(Caching.PRIVATE);

      assertThat(h.upstream.requests()).noneMatch(p -> p.contains("example.com/private"));
      assertThat(h.verifier.lookups()).noneMatch(p -> p.startsWith("example.com/private"));
      assertThat(h.privateUpstream.requests()).contains(path(PRIVATE, "v1.0.0", "zip"));
    }
  }

  /** {@code top} v1.0.0 requires {@code requires}, written to the public upstream and the checksum database. */
  private static void writeTop(Harness h, String top, String... requires) throws Exception {
    writeTopGo(h, top, "1.21", requires);
  }

  private static void writeTopGo(Harness h, String top, String goVersion, String... requires) throws Exception {
    List<dev.gofer.mod.modfile.ModFile.Require> reqs = new ArrayList<>();
    for (String r : requires) {
      String[] pv = r.split("@");
      reqs.add(new dev.gofer.mod.modfile.ModFile.Require(pv[0], pv[1], false, 0));
    }
    FixtureModules.Written w =
        FixtureModules.writeProxyTree(
                h.upstream.root(),
                List.of(
                    new FixtureModules.Module(
                        top,
                        "v1.0.0",
                        java.time.Instant.parse("2024-08-09T10:11:12Z"),
                        java.util.Map.of(
                            "go.mod", dev.gofer.mod.modfile.ModFile.render(top, goVersion, reqs),
                            "top.go", "package top\n"))))
            .get(0);
    h.verifier.add(w);
  }

  @Test
  void theRequirementsOfEachModAClientFetchesAreFetchedAheadOneLevelDeep() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      String top = "example.com/fixture/top";
      writeTop(h, top, FixtureModules.APP + "@v1.0.0"); // app v1.0.0 requires hello v1.1.0
      assertThat(text(h.modules.mod(top, "v1.0.0"))).startsWith("module " + top);
      h.modules.awaitBackground();

      // app's .mod and .info are verified and stored without a client asking for them ...
      assertThat(Files.readAllBytes(h.store.file(FixtureModules.APP, "v1.0.0", "mod")))
          .isEqualTo(h.fixture(FixtureModules.APP, "v1.0.0").module().goMod());
      assertThat(Files.readString(h.store.file(FixtureModules.APP, "v1.0.0", "info"))).contains("\"Version\":\"v1.0.0\"");
      assertThat(h.verifier.lookups()).contains(FixtureModules.APP + "@v1.0.0");
      assertThat(h.counter(h.metrics.prefetches, "mod", "fetched")).isEqualTo(1);
      // ... but nothing two levels down, and no zip
      assertThat(h.upstream.requests()).noneMatch(p -> p.contains("/hello/")).noneMatch(p -> p.endsWith(".zip"));

      // The client's request for app's .mod is a hit, and takes the prefetch one level further.
      int before = h.upstream.requests().size();
      assertThat(text(h.modules.mod(FixtureModules.APP, "v1.0.0"))).startsWith("module " + FixtureModules.APP);
      h.modules.awaitBackground();
      assertThat(h.upstream.requests().size()).isGreaterThan(before);
      assertThat(h.upstream.count(path(FixtureModules.APP, "v1.0.0", "mod"))).isEqualTo(1);
      assertThat(Files.readString(h.store.file(FixtureModules.APP, "v1.0.0", "info"))).contains("\"Version\":\"v1.0.0\"");
      assertThat(Files.readAllBytes(h.store.file(HELLO, "v1.1.0", "mod"))).isEqualTo(h.fixture(HELLO, "v1.1.0").module().goMod());
      assertThat(h.counter(h.metrics.prefetches, "mod", "fetched")).isEqualTo(2);
    }
  }

  @Test
  void zipsFetchedAheadAtOnceAreHalfTheProcessorsAtLeastOneAtMostFour() {
    // Each keeps a core busy inflating and hashing beside the graph walk a client waits on.
    assertThat(OnlineModules.zipSlotsFor(1)).isEqualTo(1);
    assertThat(OnlineModules.zipSlotsFor(2)).isEqualTo(1);
    assertThat(OnlineModules.zipSlotsFor(3)).isEqualTo(1);
    assertThat(OnlineModules.zipSlotsFor(4)).isEqualTo(2);
    assertThat(OnlineModules.zipSlotsFor(8)).isEqualTo(4);
    assertThat(OnlineModules.zipSlotsFor(64)).isEqualTo(4);
    assertThat(OnlineModules.PREFETCH_ZIP_SLOTS)
        .isEqualTo(OnlineModules.zipSlotsFor(Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void belowAPrunedGoModARequirementOlderThanOneJustWantedIsNotFetchedAhead() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      writeTop(h, "example.com/fixture/newer", HELLO + "@v1.1.0");
      writeTop(h, "example.com/fixture/pruned", HELLO + "@v1.0.0");
      writeTopGo(h, "example.com/fixture/unpruned", "1.16", HELLO + "@v1.0.0");

      h.modules.mod("example.com/fixture/newer", "v1.0.0");
      h.modules.awaitBackground();
      assertThat(h.upstream.count(path(HELLO, "v1.1.0", "mod"))).isEqualTo(1);

      // go 1.21 prunes: the walk that wants hello v1.1.0 never reads hello v1.0.0's go.mod
      h.modules.mod("example.com/fixture/pruned", "v1.0.0");
      h.modules.awaitBackground();
      assertThat(h.upstream.count(path(HELLO, "v1.0.0", "mod"))).isZero();
      assertThat(h.counter(h.metrics.prefetches, "mod", "skipped")).isEqualTo(1);

      // go 1.16 does not: the go command loads the go.mod of every version it reaches
      h.modules.mod("example.com/fixture/unpruned", "v1.0.0");
      h.modules.awaitBackground();
      assertThat(h.upstream.count(path(HELLO, "v1.0.0", "mod"))).isEqualTo(1);
      assertThat(h.store.has(h.store.file(HELLO, "v1.0.0", "mod"))).isTrue();
      assertThat(h.counter(h.metrics.prefetches, "mod", "skipped")).isEqualTo(1);
    }
  }

  @Test
  void whatAGoModPrunesFollowsItsGoLine() {
    java.util.function.Function<String, Boolean> prunes =
        text -> OnlineModules.prunesItsGraph(dev.gofer.mod.modfile.ModFile.parseLax("go.mod", text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(prunes.apply("module m\n")).isFalse();
    assertThat(prunes.apply("module m\ngo 1.16\n")).isFalse();
    assertThat(prunes.apply("module m\ngo 1.9\n")).isFalse();
    assertThat(prunes.apply("module m\ngo 1.17\n")).isTrue();
    assertThat(prunes.apply("module m\ngo 1.21rc1\n")).isTrue();
    assertThat(prunes.apply("module m\ngo 1.26.0\n")).isTrue();
  }

  @Test
  void aClientJoiningAModFetchedAheadStillGetsItsInfoStored() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      String top = "example.com/fixture/top";
      writeTop(h, top, FixtureModules.APP + "@v1.0.0");
      CountDownLatch arrived = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      h.upstream.once(path(FixtureModules.APP, "v1.0.0", "mod"), new FakeUpstream.Hold(arrived, release));
      assertThat(text(h.modules.mod(top, "v1.0.0"))).startsWith("module " + top);
      assertThat(arrived.await(30, TimeUnit.SECONDS)).as("app's .mod is being fetched ahead").isTrue();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<Answer> client = pool.submit(() -> h.modules.mod(FixtureModules.APP, "v1.0.0"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (h.counter(h.metrics.singleFlightWaits, "mod") < 1 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        release.countDown();
        assertThat(text(client.get(30, TimeUnit.SECONDS))).startsWith("module " + FixtureModules.APP);
      }
      h.modules.awaitBackground();
      assertThat(h.counter(h.metrics.singleFlightWaits, "mod")).isEqualTo(1);
      assertThat(Files.readString(h.store.file(FixtureModules.APP, "v1.0.0", "info"))).contains("\"Version\":\"v1.0.0\"");
    }
  }

  @Test
  void aPrefetchIsVerifiedLikeAClientsFetchAndARefusedOneStoresNothing() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      String top = "example.com/fixture/top";
      writeTop(h, top, HELLO + "@v1.1.0");
      Files.copy(h.evilFile("mod"), h.upstream.root().resolve(path(HELLO, "v1.1.0", "mod").substring(1)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertThat(text(h.modules.mod(top, "v1.0.0"))).startsWith("module " + top);
      h.modules.awaitBackground();
      assertThat(h.counter(h.metrics.prefetches, "mod", "failed")).isEqualTo(1);
      assertThat(h.store.has(h.store.file(HELLO, "v1.1.0", "mod"))).isFalse();
      assertThat(h.store.has(h.store.file(HELLO, "v1.1.0", "info"))).isFalse();
      assertThat(h.counter(h.metrics.verificationFailures, "mod")).isEqualTo(1);
    }
  }

  @Test
  void privateRequirementsAreFetchedAheadOnlyFromThePrivateUpstream() throws Exception {
    for (boolean withPrivateUpstream : new boolean[] {false, true}) {
      Path dir = Files.createTempDirectory(tmp, "private");
      try (Harness h = Harness.start(dir, o -> o, withPrivateUpstream)) {
        String top = "example.com/fixture/top";
        writeTop(h, top, PRIVATE + "@v1.0.0");
        assertThat(text(h.modules.mod(top, "v1.0.0"))).startsWith("module " + top);
        h.modules.awaitBackground();
        assertThat(h.upstream.requests()).noneMatch(p -> p.contains("example.com/private"));
        assertThat(h.verifier.lookups()).noneMatch(p -> p.startsWith("example.com/private"));
        assertThat(h.store.has(h.store.file(PRIVATE, "v1.0.0", "mod"))).isEqualTo(withPrivateUpstream);
        if (withPrivateUpstream) {
          assertThat(h.privateUpstream.requests()).contains(path(PRIVATE, "v1.0.0", "mod"));
        }
      }
    }
  }

  @Test
  void theZipOfAnExactInfoAClientFetchedIsFetchedAheadAndVerified() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      assertThat(text(h.modules.info(HELLO, "v1.0.0"))).contains("v1.0.0");
      h.modules.awaitBackground();
      Path zip = h.store.file(HELLO, "v1.0.0", "zip");
      assertThat(DirHash.hashZip(zip)).isEqualTo(h.fixture(HELLO, "v1.0.0").zipHash());
      assertThat(Files.readString(h.store.file(HELLO, "v1.0.0", "ziphash"))).isEqualTo(h.fixture(HELLO, "v1.0.0").zipHash());
      assertThat(h.counter(h.metrics.prefetches, "zip", "fetched")).isEqualTo(1);
      int before = h.upstream.requests().size();
      assertThat(h.modules.zip(HELLO, "v1.0.0")).isInstanceOf(Answer.File.class);
      assertThat(h.upstream.requests()).hasSize(before);
      assertThat(h.upstream.count(path(HELLO, "v1.0.0", "zip"))).isEqualTo(1);

      // a query's .info names no exact version: nothing is fetched ahead
      Files.writeString(h.upstream.root().resolve(latestPath(HELLO).substring(1)), "{\"Version\":\"v1.1.0\"}");
      assertThat(text(h.modules.latest(HELLO))).contains("v1.1.0");
      h.modules.awaitBackground();
      assertThat(h.upstream.count(path(HELLO, "v1.1.0", "zip"))).isZero();
    }
  }

  @Test
  void aZipIsFetchedAheadOnAPlatformThreadNotOnTheCarriersThatServeRequests() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      CountDownLatch arrived = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      h.upstream.once(path(HELLO, "v1.0.0", "zip"), new FakeUpstream.Hold(arrived, release));
      assertThat(text(h.modules.info(HELLO, "v1.0.0"))).contains("v1.0.0");
      assertThat(arrived.await(30, TimeUnit.SECONDS)).as("the zip is being fetched ahead").isTrue();
      try {
        // getAllStackTraces lists platform threads only: a virtual thread fetching it is not there
        assertThat(Thread.getAllStackTraces().entrySet())
            .anySatisfy(
                e -> {
                  assertThat(e.getKey().getName()).startsWith("zip-ahead-");
                  assertThat(e.getValue()).anyMatch(f -> f.getMethodName().contains("ensureZip"));
                });
      } finally {
        release.countDown();
      }
      h.modules.awaitBackground();
      assertThat(h.counter(h.metrics.prefetches, "zip", "fetched")).isEqualTo(1);
      assertThat(h.store.has(h.store.file(HELLO, "v1.0.0", "zip"))).isTrue();
    }
  }

  @Test
  void aZipFetchedAheadIsVerifiedAndATamperedOneIsNeverStored() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      h.upstream.always(path(HELLO, "v1.1.0", "zip"), new FakeUpstream.Replace(h.evilFile("zip")));
      assertThat(text(h.modules.info(HELLO, "v1.1.0"))).contains("v1.1.0");
      h.modules.awaitBackground();
      assertThat(h.counter(h.metrics.prefetches, "zip", "failed")).isEqualTo(1);
      assertThat(h.storedFiles()).noneMatch(p -> p.endsWith("v1.1.0.zip") || p.endsWith("v1.1.0.ziphash"));
      assertThat(failure(h.modules.zip(HELLO, "v1.1.0")).status()).isEqualTo(403);
      assertThat(h.upstream.count(path(HELLO, "v1.1.0", "zip"))).as("the refused zip is not downloaded again").isEqualTo(1);
    }
  }

  @Test
  void fetchingAheadCanBeTurnedOff() throws Exception {
    try (Harness h = Harness.start(tmp, o -> o.withPrefetchRequirements(false).withPrefetchZips(false), false)) {
      assertThat(text(h.modules.mod(FixtureModules.APP, "v1.0.0"))).startsWith("module " + FixtureModules.APP);
      assertThat(text(h.modules.info(FixtureModules.APP, "v1.0.0"))).contains("v1.0.0");
      h.modules.awaitBackground();
      assertThat(h.upstream.requests()).noneMatch(p -> p.contains("/hello/")).noneMatch(p -> p.endsWith(".zip"));
      assertThat(h.counter(h.metrics.prefetches, "mod", "fetched")).isZero();
      assertThat(h.counter(h.metrics.prefetches, "zip", "fetched")).isZero();
    }
  }

  @Test
  void privateModulesWithoutAPrivateUpstreamComeFromTheStoreOnly() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      assertThat(failure(h.modules.list(PRIVATE)).status()).isEqualTo(404);
      assertThat(failure(h.modules.latest(PRIVATE)).status()).isEqualTo(404);
      assertThat(failure(h.modules.info(PRIVATE, "v1.0.0")).status()).isEqualTo(404);
      assertThat(failure(h.modules.mod(PRIVATE, "v1.0.0")).status()).isEqualTo(404);
      assertThat(failure(h.modules.zip(PRIVATE, "v1.0.0")).caching()).isEqualTo(Caching.PRIVATE);
      assertThat(h.upstream.requests()).isEmpty();

      // what an operator put into the store is served
      FixtureModules.writeProxyTree(h.store.download(), List.of(h.privateModule.module()));
      assertThat(h.modules.zip(PRIVATE, "v1.0.0")).isInstanceOf(Answer.File.class);
      assertThat(text(h.modules.list(PRIVATE))).isEqualTo("v1.0.0\n");
      assertThat(h.upstream.requests()).isEmpty();
      assertThat(h.verifier.lookups()).isEmpty();
    }
  }

  @Test
  void theToolchainModuleIsNeverPrivate() {
    OnlineModules.PrivateModules p =
        new OnlineModules.PrivateModules(PrefixPatterns.parse("golang.org"), Optional.empty());
    assertThat(p.matches("golang.org/x/mod")).isTrue();
    assertThat(p.matches(OnlineModules.TOOLCHAIN)).isFalse();
  }

  @Test
  void listIsRememberedServedStaleWhileRefreshingAndStaleOnError() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      String list = listPath(HELLO);
      assertThat(text(h.modules.list(HELLO))).isEqualTo("v1.0.0\nv1.1.0\n");
      assertThat(text(h.modules.list(HELLO))).isEqualTo("v1.0.0\nv1.1.0\n");
      assertThat(h.upstream.count(list)).isEqualTo(1);

      // a new tag upstream; after the freshness window the old list is served once more while
      // one background refresh fetches the new one
      Files.writeString(h.upstream.root().resolve(list.substring(1)), "v1.0.0\nv1.1.0\nv1.2.0\n");
      h.clock.advance(Duration.ofMinutes(26));
      assertThat(text(h.modules.list(HELLO))).isEqualTo("v1.0.0\nv1.1.0\n");
      h.modules.awaitRefresh("list " + HELLO);
      assertThat(h.upstream.count(list)).isEqualTo(2);
      assertThat(text(h.modules.list(HELLO))).isEqualTo("v1.0.0\nv1.1.0\nv1.2.0\n");
      assertThat(h.counter(h.metrics.cache, "list", "stale")).isEqualTo(1);

      // long past the stale limit with a broken upstream: the remembered list still answers
      h.upstream.always(list, new FakeUpstream.Status(500));
      h.clock.advance(Duration.ofHours(4));
      assertThat(text(h.modules.list(HELLO))).isEqualTo("v1.0.0\nv1.1.0\nv1.2.0\n");
    }
  }

  @Test
  void withNothingRememberedAFailingUpstreamFallsBackToTheStore() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      h.upstream.always(listPath(HELLO), new FakeUpstream.Status(502));
      h.upstream.always(latestPath(HELLO), new FakeUpstream.Reset());
      assertThat(failure(h.modules.list(HELLO)).message()).startsWith("bad upstream: ");

      assertThat(h.modules.mod(HELLO, "v1.0.0")).isInstanceOf(Answer.Bytes.class);
      assertThat(text(h.modules.list(HELLO))).isEqualTo("v1.0.0\n");
      assertThat(text(h.modules.latest(HELLO))).contains("\"Version\":\"v1.0.0\"");
    }
  }

  @Test
  void queryInfoIsAMutableAnswer() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      Path master = h.upstream.root().resolve(path(HELLO, "master", "info").substring(1));
      Files.writeString(master, "{\"Version\":\"v1.1.0\",\"Time\":\"2024-02-03T04:05:06Z\"}");
      Answer a = h.modules.info(HELLO, "master");
      assertThat(a).isInstanceOf(Answer.Bytes.class);
      assertThat(((Answer.Bytes) a).caching()).isEqualTo(Caching.MUTABLE);
      assertThat(text(a)).contains("v1.1.0");
      h.modules.info(HELLO, "master");
      assertThat(h.upstream.count(path(HELLO, "master", "info"))).isEqualTo(1);
      // a query is never written into the immutable tree
      assertThat(h.store.file(HELLO, "master", "info")).doesNotExist();

      assertThat(failure(h.modules.info(HELLO, "nosuchbranch")).status()).isEqualTo(404);
    }
  }
}
