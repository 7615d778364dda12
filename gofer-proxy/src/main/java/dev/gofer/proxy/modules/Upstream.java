package dev.gofer.proxy.modules;

import dev.gofer.mod.dirhash.ZipStreamHash;
import dev.gofer.mod.goproxy.Info;
import dev.gofer.mod.goproxy.NotFoundException;
import dev.gofer.mod.goproxy.Progress;
import dev.gofer.mod.goproxy.ProxyChain;
import dev.gofer.mod.goproxy.ProxyException;
import dev.gofer.mod.goproxy.ProxyStatusException;
import dev.gofer.mod.goproxy.ProxyTransportException;
import dev.gofer.proxy.metrics.Metrics;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One upstream module proxy list as the fetch path uses it: every call holds one of a shared,
 * bounded number of permits, is timed ({@code upstreamLatency}) and counted ({@code
 * upstreamFetches}: ok, not_found, refused, failed, retried), and is retried with backoff when
 * the failure is transient. Failures leave as {@link FetchFailure}s with the status the client
 * gets: upstream "not found" is 404, an upstream 403 stays 403, anything else is "bad upstream"
 * with the configured status.
 *
 * <p>Timeouts and the HTTP client are the {@link ProxyChain}'s ({@code ClientOptions}).
 */
final class Upstream {
  private final ProxyChain chain;
  private final Semaphore permits;
  private final Retry retry;
  private final Metrics metrics;
  private final int badUpstreamStatus;

  Upstream(ProxyChain chain, Semaphore permits, Retry retry, Metrics metrics, int badUpstreamStatus) {
    this.chain = chain;
    this.permits = permits;
    this.retry = retry;
    this.metrics = metrics;
    this.badUpstreamStatus = badUpstreamStatus;
  }

  /** {@code @v/list}: the tagged versions, semver-sorted. */
  List<String> list(String module) {
    return call("list", () -> chain.list(module));
  }

  /** {@code @v/<query>.info}; for a canonical version the answer names exactly it. */
  Info info(String module, String query) {
    return call("info", () -> chain.info(module, query));
  }

  /** {@code @latest} (or, if the proxy has none, the newest untagged version of the list). */
  Info latest(String module) {
    return call("latest", () -> chain.latest(module));
  }

  /** {@code @v/<version>.mod}, at most {@code cap} bytes. */
  byte[] mod(String module, String version, long cap) {
    byte[] mod = call("mod", () -> chain.mod(module, version));
    if (mod.length > cap) {
      metrics.upstreamFetches.labelValues("mod", "failed").inc();
      throw FetchFailure.badUpstream(
          badUpstreamStatus, "bad upstream: " + module + "@" + version + ": downloaded go.mod file too large", null);
    }
    return mod;
  }

  /**
   * A zip downloaded into its temp file: its size, and its {@code h1:} as far as it could be
   * computed while the bytes arrived (completed by {@code DirHash.hashZip(Path, ZipStreamHash)}).
   */
  record ZipDownload(long size, ZipStreamHash streamed) {}

  /**
   * Streams {@code @v/<version>.zip} into {@code temp} (truncated first on every try), at most
   * {@code cap} bytes, and through a {@link ZipStreamHash} on the way; never holds the zip in
   * memory. Every try has its own hash stream, as it has a truncated file: what the returned
   * stream saw is exactly what the file holds.
   *
   * @throws IOException if {@code temp} cannot be written
   */
  ZipDownload zip(String module, String version, Path temp, long cap) throws IOException {
    return callIo(
        "zip",
        () -> {
          ZipStreamHash streamed = ZipStreamHash.create();
          try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
              OutputStream out = new Capped(new Tee(Channels.newOutputStream(ch), streamed), cap)) {
            return new ZipDownload(chain.zip(module, version, out, Progress.NONE), streamed);
          } finally {
            streamed.close(); // frees the inflater; the digests stay
          }
        },
        module + "@" + version);
  }

  // --- the call: permit, timing, retries, mapping ---------------------------------------------

  private interface Op<T> {
    T run() throws IOException;
  }

  private <T> T call(String kind, Op<T> op) {
    try {
      return callIo(kind, op, null);
    } catch (IOException e) {
      throw new IllegalStateException("no local I/O in a " + kind + " fetch", e);
    }
  }

  private <T> T callIo(String kind, Op<T> op, String what) throws IOException {
    for (int attempt = 1; ; attempt++) {
      long start = 0;
      try {
        acquire(kind);
        try {
          start = System.nanoTime();
          T v = op.run();
          metrics.upstreamFetches.labelValues(kind, "ok").inc();
          return v;
        } finally {
          metrics.upstreamLatency.labelValues(kind).observe((System.nanoTime() - start) / 1e9);
          permits.release();
        }
      } catch (ProxyException e) {
        if (isTransient(e) && attempt < retry.attempts()) {
          metrics.upstreamFetches.labelValues(kind, "retried").inc();
          backoff(attempt, kind);
          continue;
        }
        FetchFailure f = map(e);
        metrics.upstreamFetches
            .labelValues(kind, f.notFound() ? "not_found" : f.status() == 403 ? "refused" : "failed")
            .inc();
        throw f;
      } catch (Capped.TooLarge e) {
        metrics.upstreamFetches.labelValues(kind, "failed").inc();
        throw FetchFailure.badUpstream(badUpstreamStatus, "bad upstream: " + what + ": " + e.getMessage(), e);
      }
    }
  }

  private void acquire(String kind) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FetchFailure.badUpstream(badUpstreamStatus, "bad upstream: interrupted while waiting to fetch " + kind, e);
    }
  }

  private void backoff(int attempt, String kind) {
    try {
      TimeUnit.NANOSECONDS.sleep(retry.delay(attempt).toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FetchFailure.badUpstream(badUpstreamStatus, "bad upstream: interrupted while retrying " + kind, e);
    }
  }

  /** Transport failures (connect, reset, timeout, short body), 5xx and 429 may heal. */
  static boolean isTransient(ProxyException e) {
    return switch (e) {
      case ProxyTransportException t -> true;
      case ProxyStatusException s -> s.statusCode() >= 500 || s.statusCode() == 429;
      default -> false;
    };
  }

  private FetchFailure map(ProxyException e) {
    if (e instanceof NotFoundException) {
      return FetchFailure.notFound("not found: " + e.getMessage());
    }
    if (e instanceof ProxyStatusException s && s.statusCode() == 403) {
      return FetchFailure.refused("refused upstream: " + e.getMessage());
    }
    return FetchFailure.badUpstream(badUpstreamStatus, "bad upstream: " + e.getMessage(), e);
  }

  /** Writes to the file, then the same bytes to the hash stream (which never fails). */
  private static final class Tee extends FilterOutputStream {
    private final ZipStreamHash hash;

    Tee(OutputStream file, ZipStreamHash hash) {
      super(file);
      this.hash = hash;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      hash.write(b, off, len);
    }
  }

  /** Fails a write past {@code cap} bytes: the size cap on what the upstream sends. */
  private static final class Capped extends FilterOutputStream {
    static final class TooLarge extends IOException {
      private static final long serialVersionUID = 1L;

      TooLarge(long cap) {
        super("downloaded zip file too large (more than " + cap + " bytes)");
      }
    }

    private final long cap;
    private long written;

    Capped(OutputStream out, long cap) {
      super(out);
      this.cap = cap;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      written += len;
      if (written > cap) {
        throw new TooLarge(cap);
      }
      out.write(b, off, len);
    }
  }
}
