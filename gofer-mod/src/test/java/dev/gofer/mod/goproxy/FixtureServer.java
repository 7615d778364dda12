package dev.gofer.mod.goproxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** A real HTTP server on 127.0.0.1 that serves fixture answers by decoded path. */
final class FixtureServer implements AutoCloseable {
  /** What the server does for one path. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  /** One request as received; {@code clientPort} tells the client's connections apart. */
  record Request(String rawPath, String path, String userAgent, String authorization, int clientPort) {}

  private final HttpServer server;
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  /** Released at close, so handlers that hang until the end do not outlive the test. */
  final CountDownLatch closing = new CountDownLatch(1);

  FixtureServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            URI u = ex.getRequestURI();
            requests.add(
                new Request(
                    u.getRawPath(),
                    u.getPath(),
                    ex.getRequestHeaders().getFirst("User-Agent"),
                    ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRemoteAddress().getPort()));
            Handler h = routes.get(u.getPath());
            if (h == null) {
              text(ex, 404, "not found: no route " + u.getPath() + "\n");
            } else {
              h.handle(ex);
            }
          } catch (IOException | RuntimeException e) {
            // the client went away, or the handler broke the connection on purpose
          }
        });
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  FixtureServer route(String path, Handler h) {
    routes.put(path, h);
    return this;
  }

  FixtureServer ok(String path, String body) {
    return route(path, ex -> send(ex, 200, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8)));
  }

  FixtureServer ok(String path, byte[] body) {
    return route(path, ex -> send(ex, 200, "application/octet-stream", body));
  }

  FixtureServer status(String path, int code, String contentType, String body) {
    return route(
        path, ex -> send(ex, code, contentType, body.getBytes(StandardCharsets.UTF_8)));
  }

  static void text(HttpExchange ex, int code, String body) throws IOException {
    send(ex, code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  static void send(HttpExchange ex, int code, String contentType, byte[] body) throws IOException {
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Blocks the handler until the server closes. */
  void hang() {
    try {
      closing.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  List<String> rawPaths() {
    return requests.stream().map(Request::rawPath).toList();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
