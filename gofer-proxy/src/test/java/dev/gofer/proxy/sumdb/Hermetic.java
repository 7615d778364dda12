package dev.gofer.proxy.sumdb;

import dev.gofer.mod.note.Keys;
import dev.gofer.mod.sumdb.Log;
import dev.gofer.mod.sumdb.LogRecord;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.FixtureModules.Written;
import dev.gofer.mod.testing.TestSumdbServer;
import dev.gofer.proxy.ProxyServer;
import dev.gofer.proxy.http.AccessLog;
import dev.gofer.proxy.http.ProxyHandler;
import dev.gofer.proxy.http.SumdbFront;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.StoreModules;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The hermetic world of the mirror's tests: fixture modules in a store, a test checksum database
 * (a {@link Log} signed by a fresh key) that logs them, served by {@link TestSumdbServer} the way
 * a proxy serves it ({@code /sumdb/<name>/...}), and helpers to run a mirror behind the real
 * HTTP stack.
 */
final class Hermetic {
  /** A database name with a slash, as the go command's own tests use. */
  static final String NAME = "localhost.localdev/sumdb";

  final Keys.KeyPair keys = Keys.generate(NAME);
  final Store store;
  final List<Written> written;

  Hermetic(Path data) throws IOException {
    store = Store.open(data);
    written = FixtureModules.writeProxyTree(store.download(), FixtureModules.standard());
  }

  /** A log of every fixture; {@code lyingAbout} ({@code path@version}) gets a wrong zip hash. */
  Log log(String lyingAbout) {
    Log log = Log.inMemory(keys.signerKey(), 8);
    for (Written w : written) {
      String lines = w.goSumLines();
      if ((w.module().path() + "@" + w.module().version()).equals(lyingAbout)) {
        lines = lines.replace(w.zipHash(), "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
      }
      log.append(new LogRecord(w.module().path(), w.module().version(), lines));
    }
    return log;
  }

  /** Serves {@code log} like a proxy: {@code <root>/sumdb/<name>/...}. */
  static TestSumdbServer upstream(Log log) {
    return TestSumdbServer.start(log, "/sumdb/" + NAME);
  }

  /** The proxy root of an upstream started by {@link #upstream}. */
  static String root(TestSumdbServer upstream) {
    return "http://127.0.0.1:" + upstream.url().getPort();
  }

  /** A mirror builder for this store and database, reading through {@code upstreamRoot}. */
  SumdbMirror.Builder mirror(Metrics metrics, String upstreamRoot) {
    return SumdbMirror.builder(store, metrics)
        .database(DatabaseConfig.of(keys.verifierKey()))
        .upstream(upstreamRoot);
  }

  /** A running gofer serving the fixture store's modules and {@code front}. */
  record Served(ProxyServer server, AccessLog log, Queue<String> sumdbRequests) implements AutoCloseable {
    URI uri() {
      return server.uri();
    }

    @Override
    public void close() throws IOException {
      try (log) {
        server.close();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  Served serve(SumdbMirror mirror, Metrics metrics) throws Exception {
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    SumdbFront front =
        rest -> {
          seen.add(rest);
          return mirror.answer(rest);
        };
    AccessLog log = new AccessLog(AccessLog.Format.TEXT, OutputStream.nullOutputStream());
    ProxyServer server =
        ProxyServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            new ProxyHandler(new StoreModules(store), front, metrics, log, () -> true, "gofer\n"),
            null);
    return new Served(server, log, seen);
  }

  static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<byte[]> get(URI base, String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
