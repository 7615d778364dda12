package dev.gofer.proxy.mirror;

import com.sun.net.httpserver.HttpServer;
import dev.gofer.mod.goproxy.ClientOptions;
import dev.gofer.mod.goproxy.ProxyChain;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.note.Keys;
import dev.gofer.mod.sumdb.Log;
import dev.gofer.mod.sumdb.LogRecord;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.TestSumdbServer;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.OnlineModules;
import dev.gofer.proxy.store.Store;
import dev.gofer.proxy.sumdb.DatabaseConfig;
import dev.gofer.proxy.sumdb.SumdbMirror;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The hermetic world of the air-gap tests: the standard fixture modules behind a real HTTP module
 * proxy (a JDK {@link HttpServer} over their GOPROXY tree, counting requests), and a test checksum
 * database ({@link Log}, height 8, behind {@link TestSumdbServer}) that already holds 300 other
 * records, so its tree has full and partial tiles on two levels.
 */
final class AirGap implements AutoCloseable {
  static final String NAME = "sumdb.gofer.test";
  static final int FILLERS = 300;

  final Keys.KeyPair keys = Keys.generate(NAME);
  final Path dir;
  final List<FixtureModules.Written> fixtures;
  final Log log;
  final TestSumdbServer sumdb;
  final HttpServer upstream;
  final AtomicInteger upstreamRequests = new AtomicInteger();

  AirGap(Path dir) throws IOException {
    this.dir = dir;
    this.fixtures = FixtureModules.writeProxyTree(dir.resolve("upstream"), FixtureModules.standard());
    this.log = Log.inMemory(keys.signerKey(), 8);
    List<LogRecord> first = fillers(0, FILLERS);
    for (FixtureModules.Written w : fixtures) {
      if (!w.module().path().equals(FixtureModules.APP) && !w.module().path().equals(FixtureModules.HELLO_V2)) {
        first.add(record(w));
      }
    }
    log.append(first);
    this.sumdb = TestSumdbServer.start(log);
    Path root = dir.resolve("upstream");
    this.upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    upstream.createContext(
        "/",
        ex -> {
          try (ex) {
            upstreamRequests.incrementAndGet();
            Path file = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
              ex.sendResponseHeaders(404, -1);
              return;
            }
            byte[] body = Files.readAllBytes(file);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(body);
            }
          }
        });
    upstream.start();
  }

  /** Logs the rest of the fixtures (app, hello/v2) and a few more others: the tree grows. */
  void growLog() {
    List<LogRecord> more = fillers(FILLERS, 7);
    for (FixtureModules.Written w : fixtures) {
      if (w.module().path().equals(FixtureModules.APP) || w.module().path().equals(FixtureModules.HELLO_V2)) {
        more.add(record(w));
      }
    }
    log.append(more);
  }

  static LogRecord record(FixtureModules.Written w) {
    return LogRecord.of(w.module().path(), w.module().version(), w.zipHash(), w.goModHash());
  }

  static List<LogRecord> fillers(int from, int n) {
    List<LogRecord> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(LogRecord.of("example.org/filler/m" + i, "v1.0.0", fakeHash("zip" + i), fakeHash("mod" + i)));
    }
    return out;
  }

  static String fakeHash(String seed) {
    try {
      return "h1:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(seed.getBytes()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  URI upstreamUri() {
    return URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
  }

  FixtureModules.Written fixture(String module, String version) {
    return fixtures.stream()
        .filter(w -> w.module().path().equals(module) && w.module().version().equals(version))
        .findFirst()
        .orElseThrow();
  }

  /** A go.sum naming {@code written} (zip and go.mod lines). */
  Path goSum(String name, List<FixtureModules.Written> written) throws IOException {
    StringBuilder b = new StringBuilder();
    for (FixtureModules.Written w : written) {
      b.append(w.goSumLines());
    }
    return Files.writeString(dir.resolve(name), b.toString());
  }

  /** A sync wired as {@code gofer mirror sync} wires it, into {@code store}. */
  Syncer syncer(Store store) {
    Metrics metrics = new Metrics();
    SumdbMirror mirror =
        SumdbMirror.builder(store, metrics)
            .database(DatabaseConfig.of(keys.verifierKey(), sumdb.url()))
            .upstream(upstreamUri().toString())
            .tileHeight(8)
            .build();
    ProxyChain chain =
        ProxyChain.create(
            upstreamUri().toString(),
            ClientOptions.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)));
    OnlineModules modules =
        new OnlineModules(store, chain, OnlineModules.PrivateModules.none(), mirror, metrics, OnlineModules.Options.defaults());
    SumdbSeal seal = new SumdbSeal(keys.verifierKey(), 8, store, SumdbSeal.through(mirror, NAME));
    return new Syncer(new MirrorSync(store, modules, mirror, PrefixPatterns.parse(""), Optional.of(seal), 8), modules, chain);
  }

  record Syncer(MirrorSync sync, OnlineModules modules, ProxyChain chain) implements AutoCloseable {
    SyncReport run(Path... inputs) {
      return sync.sync(SyncInputs.read(Stream.of(inputs).map(Path::toString).toList(), Path.of(".")), MirrorSync.Listener.NONE);
    }

    @Override
    public void close() {
      modules.close();
      chain.close();
    }
  }

  /** Stops both servers: nothing is reachable any more. */
  void stopNetwork() {
    upstream.stop(0);
    sumdb.close();
  }

  /** Every path (files and directories) under {@code dir}, for "nothing changed" checks. */
  static List<String> tree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p).toString() + (Files.isDirectory(p) ? "/" : " " + size(p))).sorted().toList();
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    stopNetwork();
  }
}
