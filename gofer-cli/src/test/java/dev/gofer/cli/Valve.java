package dev.gofer.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An HTTP proxy between a gofer and its upstream that can hold module zips halfway: while
 * {@linkplain #hold holding}, a matching {@code .zip} body is sent up to its middle, flushed, and
 * the rest waits until {@link #open}. A gofer fetching such a zip has a half-written temp file on
 * disk for as long as the test wants, which is the moment to {@code kill -9} it, without racing
 * the download.
 */
final class Valve implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client = HttpClient.newBuilder().executor(executor).build();
  private final URI target;
  private final Semaphore held = new Semaphore(0);
  private volatile Predicate<String> holding = p -> false;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  private Valve(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A valve in front of {@code target}, open. */
  static Valve start(URI target) throws IOException {
    return new Valve(target);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** From now on, holds the zips whose request path matches {@code paths} at their middle. */
  void hold(Predicate<String> paths) {
    gate = new CountDownLatch(1);
    held.drainPermits();
    holding = paths;
  }

  /** Waits until {@code n} zips are held (counted since {@link #hold}). */
  void awaitHeld(int n, Duration limit) throws InterruptedException {
    if (!held.tryAcquire(n, limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("fewer than " + n + " zips reached the valve within " + limit);
    }
  }

  /** Lets every held zip finish and holds nothing more. */
  void open() {
    holding = p -> false;
    gate.countDown();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      HttpResponse<InputStream> r;
      try {
        r = client.send(
            HttpRequest.newBuilder(URI.create(target + path)).method(ex.getRequestMethod(), HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try (InputStream body = r.body()) {
        r.headers().firstValue("Content-Type").ifPresent(t -> ex.getResponseHeaders().set("Content-Type", t));
        long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(r.statusCode(), head || length == 0 ? -1 : Math.max(length, 0));
        if (head) {
          return;
        }
        OutputStream out = ex.getResponseBody();
        CountDownLatch g = gate;
        if (length > 1 && path.endsWith(".zip") && r.statusCode() == 200 && holding.test(path)) {
          copy(body, out, length / 2);
          out.flush();
          held.release();
          g.await();
        }
        body.transferTo(out);
        out.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } catch (IOException e) {
      // the gofer on the other side was killed: nothing to answer
    }
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[1 << 16];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        return;
      }
      out.write(buf, 0, r);
      n -= r;
    }
  }

  @Override
  public void close() {
    open();
    server.stop(0);
    client.close();
    executor.shutdownNow();
  }
}
