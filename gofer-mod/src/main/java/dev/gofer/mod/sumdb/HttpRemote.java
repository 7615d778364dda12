package dev.gofer.mod.sumdb;

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

/** {@link SumdbRemote} over {@link HttpClient}; bodies are capped at {@value #MAX_BODY} bytes. */
final class HttpRemote implements SumdbRemote {
  /** Larger than any tile of height 8 and any plausible lookup; a cap against a hostile server. */
  static final int MAX_BODY = 1 << 20;

  private final HttpClient http;
  private final String base;
  private final Duration timeout;

  HttpRemote(HttpClient http, URI base, Duration timeout) {
    this.http = http;
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.timeout = timeout;
  }

  @Override
  public byte[] read(String path) throws IOException {
    URI uri = URI.create(base + path);
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("reading " + uri + ": interrupted");
    }
    try (InputStream in = resp.body()) {
      byte[] body = readCapped(in, uri);
      if (resp.statusCode() != 200) {
        throw new IOException("reading " + uri + ": " + resp.statusCode() + firstLine(body));
      }
      return body;
    }
  }

  private static byte[] readCapped(InputStream in, URI uri) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > MAX_BODY) {
        throw new IOException("reading " + uri + ": response larger than " + MAX_BODY + " bytes");
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
    return s.isEmpty() ? "" : " (" + s + ")";
  }
}
