package dev.gofer.proxy.modules;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gofer.mod.testing.FixtureModules;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A module proxy upstream for tests: a JDK {@link HttpServer} on 127.0.0.1 serving a GOPROXY tree
 * from a directory, recording every request path, with faults injected per path (once, in
 * order, or on every request).
 */
final class FakeUpstream implements AutoCloseable {

  /** What to do instead of (or before) serving a file normally. */
  sealed interface Fault {}

  /** Answer {@code code} with a text body. */
  record Status(int code) implements Fault {}

  /** Serve the bytes of {@code file} instead. */
  record Replace(Path file) implements Fault {}

  /** Serve these bytes instead. */
  record Body(byte[] bytes) implements Fault {}

  /** Declare the full length, send half of the body, then close the connection. */
  record Truncate() implements Fault {}

  /** Close the connection without any answer. */
  record Reset() implements Fault {}

  /** Signal {@code arrived}, then wait for {@code release} before serving normally. */
  record Hold(CountDownLatch arrived, CountDownLatch release) implements Fault {}

  /** Signal {@code arrived}, then wait for {@code release} before answering with {@code then}. */
  record HoldThen(CountDownLatch arrived, CountDownLatch release, Fault then) implements Fault {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Path root;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Fault>> once = new ConcurrentHashMap<>();
  private final Map<String, Fault> always = new ConcurrentHashMap<>();
  private final List<CountDownLatch> releases = new CopyOnWriteArrayList<>();

  private FakeUpstream(Path root) throws IOException {
    this.root = root;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Serves the GOPROXY tree under {@code root}. */
  static FakeUpstream serve(Path root) throws IOException {
    return new FakeUpstream(root);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  Path root() {
    return root;
  }

  /** The request path of a module file, {@code /<escaped path>/@v/<escaped version>.<ext>}. */
  static String path(String module, String version, String ext) {
    return "/" + FixtureModules.escape(module) + "/@v/" + FixtureModules.escape(version) + "." + ext;
  }

  static String listPath(String module) {
    return "/" + FixtureModules.escape(module) + "/@v/list";
  }

  static String latestPath(String module) {
    return "/" + FixtureModules.escape(module) + "/@latest";
  }

  /** The next requests for {@code path} meet these faults, one each, in order. */
  void once(String path, Fault... faults) {
    Deque<Fault> q = once.computeIfAbsent(path, p -> new ArrayDeque<>());
    synchronized (q) {
      q.addAll(List.of(faults));
    }
  }

  /** Every request for {@code path} meets {@code fault} (after any queued ones). */
  void always(String path, Fault fault) {
    always.put(path, fault);
  }

  /** Stops injecting faults. */
  void heal() {
    once.clear();
    always.clear();
  }

  /** Every request path so far, in arrival order. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  long count(String path) {
    return requests.stream().filter(path::equals).count();
  }

  private Fault next(String path) {
    Deque<Fault> q = once.get(path);
    if (q != null) {
      synchronized (q) {
        Fault f = q.poll();
        if (f != null) {
          return f;
        }
      }
    }
    return always.get(path);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.add(path);
    try (ex) {
      answer(ex, path, next(path));
    } catch (IOException e) {
      // the client went away or the connection was dropped on purpose
    }
  }

  private void answer(HttpExchange ex, String path, Fault fault) throws IOException {
    switch (fault) {
      case null -> serveFile(ex, path);
      case Status s -> send(ex, s.code(), (s.code() + " injected\n").getBytes(StandardCharsets.UTF_8));
      case Replace r -> send(ex, 200, Files.readAllBytes(r.file()));
      case Body b -> send(ex, 200, b.bytes());
      case Truncate t -> {
        byte[] body = body(path);
        if (body == null) {
          send(ex, 404, "not found\n".getBytes(StandardCharsets.UTF_8));
          return;
        }
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        // closing the exchange with bytes missing drops the connection
      }
      case Reset r -> {
        // closing without response headers drops the connection
      }
      case Hold h -> {
        hold(h.arrived(), h.release());
        serveFile(ex, path);
      }
      case HoldThen h -> {
        hold(h.arrived(), h.release());
        answer(ex, path, h.then());
      }
    }
  }

  private void hold(CountDownLatch arrived, CountDownLatch release) {
    releases.add(release);
    arrived.countDown();
    try {
      release.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private byte[] body(String path) throws IOException {
    Path file = root.resolve(path.substring(1)).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      return null;
    }
    return Files.readAllBytes(file);
  }

  private void serveFile(HttpExchange ex, String path) throws IOException {
    byte[] body = body(path);
    if (body == null) {
      send(ex, 404, ("not found: " + path + "\n").getBytes(StandardCharsets.UTF_8));
    } else {
      send(ex, 200, body);
    }
  }

  private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", code == 200 ? "application/octet-stream" : "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    for (CountDownLatch l : new ArrayList<>(releases)) {
      while (l.getCount() > 0) {
        l.countDown();
      }
    }
    server.stop(0);
    executor.shutdownNow();
  }
}
