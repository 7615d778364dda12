package dev.gofer.mod.sumdb;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Reads from a checksum database server: the remote half of Go's {@code sumdb.ClientOps}. The path
 * begins with {@code /lookup/}, {@code /tile/} or is {@code /latest}; the implementation joins it
 * to the database's base URL. Any answer but 200 is an error. Implementations must be safe for
 * concurrent use.
 */
@FunctionalInterface
public interface SumdbRemote {

  /** Returns the body served at {@code path}, or throws if the status is not 200. */
  byte[] read(String path) throws IOException;

  /**
   * A remote reached over HTTP(S) at {@code base}, for example {@code https://sum.golang.org} or
   * {@code https://proxy.example/sumdb/sum.golang.org}.
   */
  static SumdbRemote http(HttpClient http, URI base) {
    return new HttpRemote(http, base, Duration.ofSeconds(60));
  }
}
