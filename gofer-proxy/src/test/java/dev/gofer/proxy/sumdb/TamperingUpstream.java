package dev.gofer.proxy.sumdb;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * A fault-injecting upstream: forwards every request to {@code target} and passes each 200 body
 * through {@code tamper(path, body)} before answering.
 */
final class TamperingUpstream implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http = HttpClient.newHttpClient();

  TamperingUpstream(String target, BiFunction<String, byte[], byte[]> tamper) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            String path = ex.getRequestURI().getRawPath();
            HttpResponse<byte[]> up;
            try {
              up = http.send(HttpRequest.newBuilder(URI.create(target + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              ex.sendResponseHeaders(502, -1);
              return;
            }
            byte[] body = up.statusCode() == 200 ? tamper.apply(path, up.body()) : up.body();
            ex.sendResponseHeaders(up.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
              try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
              }
            }
          }
        });
    server.start();
  }

  String root() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
