package dev.gofer.proxy.sumdb;

import dev.gofer.mod.sumdb.SumdbRemote;
import dev.gofer.proxy.metrics.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Reads one checksum database over HTTP for the mirror's {@link dev.gofer.mod.sumdb.Client}:
 * non-200 answers become {@link UpstreamException} with the status, bodies are capped, every
 * fetch is counted and timed, and nothing is read at all while {@code refused} says the database
 * is refused after a fork (the gate that keeps new upstream data out).
 */
final class UpstreamRemote implements SumdbRemote {
  /** Far above a height-8 tile (8 KiB), a lookup, or a data tile of 256 records. */
  static final int MAX_BODY = 1 << 20;

  private final HttpClient http;
  private final String base;
  private final Duration timeout;
  private final Metrics metrics;
  private final BooleanSupplier refused;
  private final String name;

  UpstreamRemote(HttpClient http, URI base, Duration timeout, Metrics metrics, String name, BooleanSupplier refused) {
    this.http = http;
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.timeout = timeout;
    this.metrics = metrics;
    this.name = name;
    this.refused = refused;
  }

  /** A remote that never answers: the mirror is offline. */
  static SumdbRemote offline(String name) {
    return path -> {
      throw new UpstreamException(path, 0, "checksum database " + name + " not contacted: gofer is offline");
    };
  }

  String base() {
    return base;
  }

  @Override
  public byte[] read(String path) throws IOException {
    if (refused.getAsBoolean()) {
      throw new UpstreamException(
          path, 0, "checksum database " + name + " refused after a fork: see its fork report");
    }
    String kind = kind(path);
    URI uri = URI.create(base + path);
    long start = System.nanoTime();
    String outcome = "error";
    try {
      HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
      HttpResponse<InputStream> resp;
      try {
        resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("reading " + uri + ": interrupted");
      } catch (IOException e) {
        throw new UpstreamException(path, "reading " + uri + ": " + e, e);
      }
      try (InputStream in = resp.body()) {
        byte[] body = readCapped(in, uri, path);
        int status = resp.statusCode();
        if (status != 200) {
          outcome = status == 404 || status == 410 ? "not_found" : "error";
          throw new UpstreamException(path, status, "reading " + uri + ": " + status + firstLine(body));
        }
        outcome = "ok";
        return body;
      } catch (UpstreamException e) {
        throw e;
      } catch (IOException e) {
        throw new UpstreamException(path, "reading " + uri + ": " + e, e);
      }
    } finally {
      metrics.upstreamFetches.labelValues(kind, outcome).inc();
      metrics.upstreamLatency.labelValues(kind).observe((System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * The metric kind of a database path: {@code note} for {@code /latest} (a signed tree head),
   * {@code lookup}, {@code tile}; the same kinds as {@code gofer_verification_failures_total}.
   */
  static String kind(String path) {
    if (path.equals("/latest")) {
      return "note";
    }
    return path.startsWith("/lookup/") ? "lookup" : "tile";
  }

  private static byte[] readCapped(InputStream in, URI uri, String path) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > MAX_BODY) {
        throw new UpstreamException(path, 0, "reading " + uri + ": response larger than " + MAX_BODY + " bytes");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static String firstLine(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
    int nl = s.indexOf('\n');
    if (nl >= 0) {
      s = s.substring(0, nl);
    }
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.isEmpty() ? "" : " (" + b + ")";
  }
}
