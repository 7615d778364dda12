package dev.gofer.proxy.modules;

import dev.gofer.mod.goproxy.ClientOptions;
import dev.gofer.mod.goproxy.ProxyChain;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The online source wired to real upstreams for tests: the standard fixture modules behind a
 * public {@link FakeUpstream}, a private module behind a second one, a map-backed checksum
 * database, a store in a temp directory, and a hand-moved clock. Also a tree of "evil" variants
 * (same path and version, other content) to serve in place of the real files.
 */
final class Harness implements AutoCloseable {
  static final String PRIVATE = "example.com/private/lib";
  static final String HELLO = FixtureModules.HELLO;

  final Path dir;
  final Store store;
  final List<FixtureModules.Written> fixtures;
  final FixtureModules.Written privateModule;
  final FakeUpstream upstream;
  final FakeUpstream privateUpstream;
  final MapVerifier verifier;
  final Metrics metrics = new Metrics();
  final TestClock clock = new TestClock();
  final Path evil;
  final OnlineModules modules;
  private final List<AutoCloseable> closing = new ArrayList<>();

  /** Public upstream only; private modules are store-only. */
  static Harness start(Path dir) throws IOException {
    return start(dir, o -> o, false);
  }

  static Harness start(Path dir, UnaryOperator<OnlineModules.Options> tune, boolean privateUpstream)
      throws IOException {
    return new Harness(dir, tune, privateUpstream);
  }

  private Harness(Path dir, UnaryOperator<OnlineModules.Options> tune, boolean withPrivate) throws IOException {
    this.dir = dir;
    this.fixtures = FixtureModules.writeProxyTree(dir.resolve("upstream"), FixtureModules.standard());
    this.privateModule =
        FixtureModules.writeProxyTree(
                dir.resolve("private"),
                List.of(
                    new FixtureModules.Module(
                        PRIVATE,
                        "v1.0.0",
                        Instant.parse("2024-06-07T08:09:10Z"),
                        Map.of("go.mod", "module " + PRIVATE + "\n\ngo 1.21\n", "lib.go", "package lib\n"))))
            .get(0);
    this.evil = dir.resolve("evil");
    FixtureModules.writeProxyTree(
        evil,
        List.of(
            new FixtureModules.Module(
                HELLO,
                "v1.1.0",
                Instant.parse("2024-02-03T04:05:06Z"),
                Map.of(
                    "go.mod", "module " + HELLO + "\n\ngo 1.22\n",
                    "hello.go", "package hello\n\nfunc Hello() string { return \"pwned\" }\n"))));
    this.upstream = FakeUpstream.serve(dir.resolve("upstream"));
    closing.add(upstream);
    this.privateUpstream = withPrivate ? FakeUpstream.serve(dir.resolve("private")) : null;
    if (privateUpstream != null) {
      closing.add(privateUpstream);
    }
    this.verifier = MapVerifier.of(fixtures);
    this.store = Store.open(dir.resolve("data"));
    ClientOptions client =
        ClientOptions.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(800), Duration.ofMillis(800));
    ProxyChain pub = ProxyChain.create(upstream.uri().toString(), client);
    closing.add(pub);
    Optional<ProxyChain> priv = Optional.empty();
    if (privateUpstream != null) {
      ProxyChain p = ProxyChain.create(privateUpstream.uri().toString(), client);
      closing.add(p);
      priv = Optional.of(p);
    }
    OnlineModules.Options options =
        tune.apply(
            OnlineModules.Options.defaults()
                .withRetry(new Retry(3, Duration.ofMillis(1), Duration.ofMillis(4)))
                .withClock(clock));
    this.modules =
        new OnlineModules(
            store,
            pub,
            new OnlineModules.PrivateModules(PrefixPatterns.parse("example.com/private"), priv),
            verifier,
            metrics,
            options);
    closing.add(modules);
  }

  FixtureModules.Written fixture(String module, String version) {
    return fixtures.stream()
        .filter(w -> w.module().path().equals(module) && w.module().version().equals(version))
        .findFirst()
        .orElseThrow();
  }

  /** The evil variant's file for hello v1.1.0. */
  Path evilFile(String ext) {
    return evil.resolve(FakeUpstream.path(HELLO, "v1.1.0", ext).substring(1));
  }

  /**
   * Every file under the store's download tree (relative paths), for "nothing changed" checks,
   * once the background work under way has finished.
   */
  List<String> storedFiles() throws IOException {
    modules.awaitBackground();
    store.flush(); // verified .mod and .info files are published behind their answers
    try (Stream<Path> s = Files.walk(store.download())) {
      return s.filter(Files::isRegularFile).map(p -> store.download().relativize(p).toString()).sorted().toList();
    }
  }

  /**
   * Every file under the whole data directory whose name marks it as a temp file, once the
   * background work under way (stores of {@code .info}, list rewrites) has finished.
   */
  /**
   * The body an answer serves, as the HTTP handler would send it: an open (still publishing)
   * file is read by position and released.
   */
  static byte[] body(dev.gofer.proxy.http.Answer a) throws IOException {
    return switch (a) {
      case dev.gofer.proxy.http.Answer.Bytes b -> b.body();
      case dev.gofer.proxy.http.Answer.File f -> Files.readAllBytes(f.file());
      case dev.gofer.proxy.http.Answer.Open o -> {
        try {
          yield o.file().readAllBytes();
        } finally {
          o.file().release();
        }
      }
      case dev.gofer.proxy.http.Answer.Failure f -> throw new AssertionError("FAILURE " + f.status() + " " + f.message());
    };
  }

  /** The caching of a served answer (releasing an open file). */
  static dev.gofer.proxy.http.Answer.Caching caching(dev.gofer.proxy.http.Answer a) throws IOException {
    var c = switch (a) {
      case dev.gofer.proxy.http.Answer.Bytes b -> b.caching();
      case dev.gofer.proxy.http.Answer.File f -> f.caching();
      case dev.gofer.proxy.http.Answer.Open o -> o.caching();
      case dev.gofer.proxy.http.Answer.Failure f -> f.caching();
    };
    if (a instanceof dev.gofer.proxy.http.Answer.Open o) {
      o.file().release();
    }
    return c;
  }

  List<Path> tempFiles() throws IOException {
    modules.awaitBackground();
    store.flush();
    try (Stream<Path> s = Files.walk(store.data())) {
      return s.filter(p -> p.getFileName().toString().contains(".tmp")).toList();
    }
  }

  double counter(io.prometheus.metrics.core.metrics.Counter c, String... labels) {
    return c.labelValues(labels).get();
  }

  @Override
  public void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }
}
