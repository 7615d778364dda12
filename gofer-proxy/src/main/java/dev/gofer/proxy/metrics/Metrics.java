package dev.gofer.proxy.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proxy's Prometheus metrics, one registry per server (tests run several servers in one
 * JVM). Label values are small closed sets (route kinds, status codes, file kinds, reasons),
 * never module paths, so cardinality stays bounded whatever clients ask for. Every metric is
 * recorded without exemplars (there are no traces to point at) and histograms are classic only:
 * both cost work on every request, and a cold download makes a few thousand.
 */
public final class Metrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  /** Requests by route kind and status code. */
  public final Counter requests =
      Counter.builder()
          .withoutExemplars()
          .name("gofer_http_requests_total")
          .help("HTTP requests answered, by route kind and status code.")
          .labelNames("route", "status")
          .register(registry);

  /** Request duration by route kind. */
  public final Histogram requestDuration =
      Histogram.builder()
          .classicOnly()
          .withoutExemplars()
          .name("gofer_http_request_duration_seconds")
          .help("Time to answer an HTTP request (until the body is handed to the connection).")
          .unit(Unit.SECONDS)
          .labelNames("route")
          .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
          .register(registry);

  /** Response body bytes by route kind. */
  public final Counter bytesServed =
      Counter.builder()
          .withoutExemplars()
          .name("gofer_http_response_bytes_total")
          .help("Response body bytes sent, by route kind.")
          .labelNames("route")
          .register(registry);

  /** Store hits and misses by file kind (list, info, mod, zip, latest, lookup, tile). */
  public final Counter cache =
      Counter.builder()
          .withoutExemplars()
          .name("gofer_cache_requests_total")
          .help("Answers looked up in the store, by file kind and result (hit, miss, stale, negative, refused).")
          .labelNames("kind", "result")
          .register(registry);

  /** Upstream fetches by file kind and outcome. */
  public final Counter upstreamFetches =
      Counter.builder()
          .withoutExemplars()
          .name("gofer_upstream_fetches_total")
          .help("Fetches from upstream proxies and checksum databases, by file kind and outcome.")
          .labelNames("kind", "outcome")
          .register(registry);

  /** Upstream fetch latency by file kind. */
  public final Histogram upstreamLatency =
      Histogram.builder()
          .classicOnly()
          .withoutExemplars()
          .name("gofer_upstream_fetch_duration_seconds")
          .help("Duration of upstream fetches, by file kind.")
          .unit(Unit.SECONDS)
          .labelNames("kind")
          .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
          .register(registry);

  /** Verification failures by kind (zip, mod, lookup, tile, note). */
  public final Counter verificationFailures =
      Counter.builder()
          .withoutExemplars()
          .name("gofer_verification_failures_total")
          .help("Downloads refused because they did not verify, by file kind.")
          .labelNames("kind")
          .register(registry);

  /**
   * Downloaded zips hashed, by path: {@code streamed} (hashed while downloading, then
   * cross-checked against the central directory) or {@code full} (a second pass over the file).
   */
  public final Counter zipVerifications =
      Counter.builder()
          .withoutExemplars()
          .name("gofer_zip_verify_total")
          .help("Downloaded zips hashed, by path: streamed (during the download) or full (a second pass).")
          .labelNames("path")
          .register(registry);

  /** Forks refused by checksum database. */
  public final Counter forks =
      Counter.builder()
          .withoutExemplars()
          .name("gofer_sumdb_forks_total")
          .help("Checksum-database tree heads refused as inconsistent with the stored one (forks).")
          .labelNames("db")
          .register(registry);

  /** Requests that waited for another request's fetch of the same thing. */
  public final Counter singleFlightWaits =
      Counter.builder()
          .withoutExemplars()
          .name("gofer_singleflight_waits_total")
          .help("Requests that shared an upstream fetch already under way for the same file.")
          .labelNames("kind")
          .register(registry);

  public final Counter prefetches =
      Counter.builder()
          .withoutExemplars()
          .name("gofer_prefetches_total")
          .help("Files fetched ahead of clients (the go.mod requirements of each go.mod, the zip of each .info a client fetched), by kind and result.")
          .labelNames("kind", "result")
          .register(registry);

  private final AtomicLong storeBytes = new AtomicLong();
  private final AtomicLong storeFiles = new AtomicLong();

  public Metrics() {
    GaugeWithCallback.builder()
        .name("gofer_store_size_bytes")
        .help("Bytes of published files in the store.")
        .unit(Unit.BYTES)
        .callback(cb -> cb.call(storeBytes.get()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("gofer_store_files")
        .help("Published files in the store.")
        .callback(cb -> cb.call(storeFiles.get()))
        .register(registry);
    JvmMetrics.builder().register(registry);
    // Series that count rare events exist from the start at 0, so a dashboard or an alert on
    // them sees a value (and its increase) rather than an absent series.
    for (String kind : List.of("mod", "zip", "lookup", "tile", "note")) {
      verificationFailures.labelValues(kind);
    }
    for (String kind : List.of("mod", "zip", "info", "list", "latest")) {
      singleFlightWaits.labelValues(kind);
    }
    for (String kind : List.of("mod", "zip")) {
      prefetches.labelValues(kind, "fetched");
      prefetches.labelValues(kind, "failed");
    }
    for (String path : List.of("streamed", "full")) {
      zipVerifications.labelValues(path);
    }
  }

  /** Starts the fork counter of checksum database {@code name} at 0. */
  public void database(String name) {
    forks.labelValues(name);
  }

  /** Counts a file published into the store. */
  public void stored(long bytes) {
    storeBytes.addAndGet(bytes);
    storeFiles.incrementAndGet();
  }

  /**
   * Adds what the start-up scan of the store found to the store totals. The scan runs while the
   * server already serves, so a file published meanwhile may be counted twice (by {@link #stored}
   * and by the scan); the totals are an operator's gauge, not an inventory.
   */
  public void scanned(long bytes, long files) {
    storeBytes.addAndGet(bytes);
    storeFiles.addAndGet(files);
  }

  public String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }

  /** Writes every metric in the Prometheus text format. */
  public void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  public PrometheusRegistry registry() {
    return registry;
  }
}
