package dev.gofer.host.audit;

import dev.gofer.mod.sumdb.SumdbRemote;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A checksum database reached over HTTP at {@code base} that tells "the database has no such
 * record" (404 or 410 for a {@code /lookup/}, as Go's client treats it) apart from every other
 * failure, by throwing {@link NotInDatabase}. Bodies are capped at 1 MiB.
 */
final class LookupRemote implements SumdbRemote {
  static final int MAX_BODY = 1 << 20;

  /** A lookup the database answered with 404 or 410. */
  static final class NotInDatabase extends IOException {
    private static final long serialVersionUID = 1L;

    NotInDatabase(String message) {
      super(message);
    }
  }

  private final HttpClient http;
  private final String base;

  LookupRemote(HttpClient http, URI base) {
    this.http = http;
    this.base = base.toString().replaceAll("/+$", "");
  }

  @Override
  public byte[] read(String path) throws IOException {
    URI uri = URI.create(base + path);
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("reading " + uri + ": interrupted");
    } catch (IOException e) {
      throw NetError.wrap("reading", uri, e, "");
    }
    try (InputStream in = resp.body()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        if (out.size() + n > MAX_BODY) {
          throw new IOException("reading " + uri + ": response larger than " + MAX_BODY + " bytes");
        }
        out.write(buf, 0, n);
      }
      int status = resp.statusCode();
      if (status == 200) {
        return out.toByteArray();
      }
      if ((status == 404 || status == 410) && path.startsWith("/lookup/")) {
        throw new NotInDatabase("not in the checksum database");
      }
      throw new IOException("reading " + uri + ": HTTP " + status);
    }
  }
}
