package dev.gofer.mod.goproxy;

import java.net.http.HttpClient;

/**
 * The two HTTP clients an {@code http} or {@code https} proxy is read with: one for metadata
 * ({@code list}, {@code .info}, {@code .mod}, {@code @latest}, and the checksum database's
 * lookups and tiles when they share it) and one, made on first use, for {@code .zip} files.
 *
 * <p>Each client has its own connections. Over one HTTP/2 connection, a small answer queues behind
 * every byte of the zips already on the wire ahead of it: one TCP stream, decrypted and split
 * into frames in order by the client's one selector thread. While a 70 MB toolchain zip streamed
 * through gofer, cold {@code .mod} requests beside it took 50 to 73 ms on average and up to
 * 300 ms; with the zips on connections of their own, 26 to 32 ms and at most 59 ms. A go
 * command's graph walk is made of such small requests while the zips of its first modules already
 * stream: in the cold-download bench it got shorter (1.35 to 1.23 s), though on two cores shared
 * with the go command the download as a whole did not (bench/RESULTS.md, session 10). A proxy
 * serving many clients streams one client's zips while others walk their graphs.
 */
final class HttpClients implements AutoCloseable {
  private final ClientOptions options;
  private final HttpClient metadata;
  private volatile HttpClient zips;
  private boolean closed; // guarded by this

  HttpClients(ClientOptions options) {
    this.options = options;
    this.metadata = ProxyClient.newHttpClient(options);
  }

  /** The client for metadata and checksum reads. */
  HttpClient metadata() {
    return metadata;
  }

  /** The client for {@code rel}, a path under a proxy's base: zips get their own. */
  HttpClient forPath(String rel) {
    if (!rel.endsWith(".zip")) {
      return metadata;
    }
    HttpClient z = zips;
    if (z == null) {
      synchronized (this) {
        if (zips == null) {
          if (closed) {
            return metadata; // closed: its send fails as any request after close does
          }
          zips = ProxyClient.newHttpClient(options);
        }
        z = zips;
      }
    }
    return z;
  }

  @Override
  public void close() {
    HttpClient z;
    synchronized (this) {
      closed = true;
      z = zips;
    }
    metadata.close();
    if (z != null) {
      z.close();
    }
  }
}
