package dev.gofer.proxy.http;

import dev.gofer.proxy.metrics.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * The thin HTTP layer: parses the route, asks the module source or checksum-database front for
 * an {@link Answer}, and writes it with the right status, headers and body.
 *
 * <p>Two paths. A GET or HEAD of a small immutable file held in {@link HotFiles} is answered at
 * once on the thread that parsed the request, from memory, without blocking: that is what a
 * warm {@code .info}, {@code .mod} or small {@code .zip} costs. Everything else runs on a virtual
 * thread of its own, so module sources may block, and file bodies are copied from disk with
 * blocking reads and writes there (a bounded buffer per request, never the whole file).
 */
public final class ProxyHandler extends Handler.Abstract {
  /** Read size when streaming a stored file from disk. */
  static final int FILE_CHUNK = 128 * 1024;

  private static final HttpField ACCEPT_RANGES = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "bytes");
  private static final HttpField ALLOW = new PreEncodedHttpField(HttpHeader.ALLOW, "GET, HEAD");
  private static final HttpField NOSNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");

  private final ModuleSource modules;
  private final SumdbFront sumdb;
  private final Metrics metrics;
  private final AccessLog accessLog;
  private final BooleanSupplier ready;
  private final String index;
  private final HotFiles hot;
  private final ThreadFactory workers = Thread.ofVirtual().name("gofer-request-", 0).factory();
  private final ConcurrentHashMap<String, Series> series = new ConcurrentHashMap<>();

  /** A handler holding small immutable files in memory with {@link HotFiles#defaults()}. */
  public ProxyHandler(
      ModuleSource modules,
      SumdbFront sumdb,
      Metrics metrics,
      AccessLog accessLog,
      BooleanSupplier ready,
      String index) {
    this(modules, sumdb, metrics, accessLog, ready, index, HotFiles.defaults());
  }

  /** A handler holding small immutable files in {@code hot}. */
  public ProxyHandler(
      ModuleSource modules,
      SumdbFront sumdb,
      Metrics metrics,
      AccessLog accessLog,
      BooleanSupplier ready,
      String index,
      HotFiles hot) {
    // Non-blocking: handle() itself never blocks; it hands anything that may to a virtual thread.
    super(InvocationType.NON_BLOCKING);
    this.modules = modules;
    this.sumdb = sumdb;
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.ready = ready;
    this.index = index;
    this.hot = hot;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String method = request.getMethod();
    String path = request.getHttpURI().getDecodedPath();
    boolean head = HttpMethod.HEAD.is(method);
    if (path != null && (head || HttpMethod.GET.is(method))) {
      HotFiles.Entry e = hot.get(path);
      if (e != null) {
        // A file held in memory is a store hit like any other (only full tiles are held under /sumdb/).
        metrics.cache.labelValues(e.kind.equals("sumdb") ? "tile" : e.kind, "hit").inc();
        Callback done = new Finish(callback, request, response, start, e.kind, method, path);
        try {
          writeHot(request, response, done, e, head);
        } catch (RuntimeException x) {
          done.failed(x);
        }
        return true;
      }
    }
    workers.newThread(() -> handleBlocking(request, response, callback, start, method, path, head)).start();
    return true;
  }

  /** The ordinary path, on a virtual thread: may block on the module source, the store, the client. */
  private void handleBlocking(
      Request request, Response response, Callback callback, long start, String method, String path, boolean head) {
    Route route;
    Answer answer;
    if (!head && !HttpMethod.GET.is(method)) {
      route = new Route.Refused(405, "method not allowed: gofer answers GET and HEAD");
      response.getHeaders().add(ALLOW);
      answer = refusal((Route.Refused) route);
    } else {
      route = Route.parse(path);
      answer = head && route instanceof Route.Zip z ? zipHead(z) : answer(route);
    }
    String kind = kind(route);
    Callback done = new Finish(callback, request, response, start, kind, method, path);
    try {
      write(request, response, done, answer, head, kind, path);
    } catch (IOException | RuntimeException e) {
      done.failed(e);
    }
  }

  private Answer answer(Route route) {
    try {
      return switch (route) {
        case Route.List r -> modules.list(r.module());
        case Route.Info r -> modules.info(r.module(), r.query());
        case Route.Mod r -> modules.mod(r.module(), r.version());
        case Route.Zip r -> modules.zip(r.module(), r.version());
        case Route.Latest r -> modules.latest(r.module());
        case Route.Sumdb r -> sumdb.answer(r.rest());
        case Route.Refused r -> refusal(r);
        case Route.Special s ->
            switch (s) {
              case HEALTH -> Answer.text("ok\n", Answer.Caching.NO_CACHE);
              case READY ->
                  ready.getAsBoolean()
                      ? Answer.text("ready\n", Answer.Caching.NO_CACHE)
                      : new Answer.Failure(503, "not ready: the store is not usable", Answer.Caching.NO_CACHE);
              case METRICS -> metricsAnswer();
              case INDEX -> Answer.text(index, Answer.Caching.NO_CACHE);
            };
      };
    } catch (RuntimeException e) {
      // A bug, not bad input: still one line, still no stack trace to the client.
      return new Answer.Failure(500, "internal error: " + e.getClass().getSimpleName(), Answer.Caching.PRIVATE);
    }
  }

  private Answer zipHead(Route.Zip z) {
    try {
      return modules.zipHead(z.module(), z.version());
    } catch (RuntimeException e) {
      return new Answer.Failure(500, "internal error: " + e.getClass().getSimpleName(), Answer.Caching.PRIVATE);
    }
  }

  private static Answer refusal(Route.Refused r) {
    return new Answer.Failure(r.status(), r.message(), r.status() == 404 ? Answer.Caching.NEGATIVE : Answer.Caching.PRIVATE);
  }

  private Answer metricsAnswer() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32768);
    try {
      metrics.write(out);
    } catch (IOException e) {
      return new Answer.Failure(500, "metrics: " + e.getMessage(), Answer.Caching.NO_CACHE);
    }
    return new Answer.Bytes(out.toByteArray(), metrics.contentType(), Answer.Caching.NO_CACHE);
  }

  private void write(
      Request request, Response response, Callback done, Answer answer, boolean head, String kind, String path)
      throws IOException {
    var headers = response.getHeaders();
    headers.put(NOSNIFF);
    switch (answer) {
      case Answer.Failure f -> {
        byte[] body = (oneLine(f.message()) + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(f.status());
        headers.put(HttpHeader.CACHE_CONTROL, f.caching().header());
        headers.put(HttpHeader.CONTENT_TYPE, Answer.TEXT);
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), done);
      }
      case Answer.Bytes b -> {
        response.setStatus(200);
        headers.put(HttpHeader.CACHE_CONTROL, b.caching().header());
        headers.put(HttpHeader.CONTENT_TYPE, b.contentType());
        headers.put(HttpHeader.CONTENT_LENGTH, b.body().length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(b.body()), done);
      }
      case Answer.File f -> writeFile(request, response, done, f, head, kind, path);
      case Answer.Open o -> {
        try {
          writeOpen(request, response, done, o, head);
        } finally {
          o.file().release();
        }
      }
    }
  }

  private void writeFile(
      Request request, Response response, Callback done, Answer.File f, boolean head, String kind, String path)
      throws IOException {
    StoredFile meta;
    try {
      meta = StoredFile.of(Files.readAttributes(f.file(), BasicFileAttributes.class), f.contentType(), f.caching());
    } catch (NoSuchFileException e) {
      // Moved aside (quarantined) between the answer and now.
      hot.remove(path);
      write(request, response, done, Answer.notFound("not found: no longer in the store"), head, kind, path);
      return;
    }
    if (f.caching() == Answer.Caching.IMMUTABLE && path != null && hot.wants(meta.size())) {
      HotFiles.Entry e = hot.load(path, kind, f.file(), meta);
      if (e != null) {
        writeHot(request, response, done, e, head);
        return;
      }
    }
    long[] part = prepare(request, response, meta);
    if (part == null || head || part[1] == 0) {
      response.write(true, null, done);
      return;
    }
    copy(request, response, f, part[0], part[1]);
    done.succeeded();
  }

  /**
   * Writes a verified file still being published from its open handle, blocking until the bytes
   * are out (the caller releases the handle afterwards). Headers, entity tag and ranges are those
   * the published file will have; it is never held in {@link HotFiles} (a later hit may be).
   */
  private static void writeOpen(Request request, Response response, Callback done, Answer.Open o, boolean head)
      throws IOException {
    StoredFile meta = StoredFile.of(o.file().attributes(), o.contentType(), o.caching());
    long[] part = prepare(request, response, meta);
    if (part == null || head || part[1] == 0) {
      response.write(true, null, done);
      return;
    }
    copy(request, response, o.file()::read, "a zip being published", part[0], part[1]);
    done.succeeded();
  }

  /** Writes a held file; never blocks (the connection completes {@code done} when the bytes are out). */
  private static void writeHot(Request request, Response response, Callback done, HotFiles.Entry e, boolean head) {
    long[] part = prepare(request, response, e.meta);
    if (part == null || head || part[1] == 0) {
      response.write(true, null, done);
      return;
    }
    response.write(true, e.slice(part[0], part[1]), done);
  }

  /**
   * Sets status and headers for a stored file described by {@code meta}, honouring
   * If-None-Match, Range and If-Range. Returns {@code [offset, length]} of the bytes to send,
   * or null when the answer has no body (304, 416).
   */
  private static long[] prepare(Request request, Response response, StoredFile meta) {
    var headers = response.getHeaders();
    headers.put(NOSNIFF);
    headers.add(meta.etagField());
    headers.add(meta.cacheControl());
    headers.add(meta.contentType());
    headers.add(meta.lastModified());
    headers.add(ACCEPT_RANGES);
    var requestHeaders = request.getHeaders();
    String inm = requestHeaders.get(HttpHeader.IF_NONE_MATCH);
    if (inm != null && matches(inm, meta.etag())) {
      response.setStatus(304);
      return null;
    }
    long size = meta.size();
    String range = requestHeaders.get(HttpHeader.RANGE);
    if (range != null) {
      String ifRange = requestHeaders.get(HttpHeader.IF_RANGE);
      long[] r = ifRange == null || ifRange.equals(meta.etag()) ? Ranges.single(range, size) : null;
      if (r == Ranges.UNSATISFIABLE) {
        response.setStatus(416);
        headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
        headers.put(HttpHeader.CONTENT_LENGTH, 0);
        return null;
      }
      if (r != null) {
        long length = r[1] - r[0] + 1;
        response.setStatus(206);
        headers.put(HttpHeader.CONTENT_RANGE, "bytes " + r[0] + "-" + r[1] + "/" + size);
        headers.put(HttpHeader.CONTENT_LENGTH, length);
        return new long[] {r[0], length};
      }
    }
    response.setStatus(200);
    headers.add(meta.contentLength());
    return new long[] {0, size};
  }

  /**
   * Sends {@code length} bytes of {@code f} from {@code offset}, blocking this (virtual) thread:
   * one pooled buffer at a time, each written before the next is read, so memory per download
   * stays at one chunk whatever the file's size.
   */
  private static void copy(Request request, Response response, Answer.File f, long offset, long length)
      throws IOException {
    try (FileChannel in = FileChannel.open(f.file(), StandardOpenOption.READ)) {
      copy(request, response, in::read, f.file().toString(), offset, length);
    }
  }

  /** Reads by position, as {@link FileChannel#read(ByteBuffer, long)}. */
  @FunctionalInterface
  private interface PositionalRead {
    int read(ByteBuffer buf, long position) throws IOException;
  }

  private static void copy(
      Request request, Response response, PositionalRead in, String name, long offset, long length)
      throws IOException {
    RetainableByteBuffer pooled =
        request.getComponents().getByteBufferPool().acquire((int) Math.min(length, FILE_CHUNK), true);
    try {
      ByteBuffer buf = pooled.getByteBuffer();
      long pos = offset;
      long end = offset + length;
      while (pos < end) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), end - pos));
        int n = in.read(buf, pos);
        if (n < 0) {
          throw new EOFException(name + " ended at " + pos + " of " + end + " bytes");
        }
        pos += n;
        buf.flip();
        try (Blocker.Callback written = Blocker.callback()) {
          response.write(pos == end, buf, written);
          written.block();
        }
      }
    } finally {
      pooled.release();
    }
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch.trim().equals("*")) {
      return true;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(String message) {
    String m = message == null ? "error" : message;
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl);
    }
    return m.length() > 640 ? m.substring(0, 640) : m;
  }

  static String kind(Route route) {
    return switch (route) {
      case Route.List r -> "list";
      case Route.Info r -> "info";
      case Route.Mod r -> "mod";
      case Route.Zip r -> "zip";
      case Route.Latest r -> "latest";
      case Route.Sumdb r -> "sumdb";
      case Route.Refused r -> "refused";
      case Route.Special s -> s.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /**
   * The time series of one route kind, looked up once rather than per request; request counts
   * by status are created on first use (a status never answered has no series).
   */
  private record Series(
      String kind, Metrics metrics, DistributionDataPoint duration, CounterDataPoint bytes, AtomicReferenceArray<CounterDataPoint> counts) {
    CounterDataPoint count(int status) {
      int i = status - 100;
      if (i < 0 || i >= counts.length()) {
        return metrics.requests.labelValues(kind, Integer.toString(status));
      }
      CounterDataPoint c = counts.get(i);
      if (c == null) {
        c = metrics.requests.labelValues(kind, Integer.toString(status)); // the same point each time
        counts.set(i, c);
      }
      return c;
    }
  }

  private Series newSeries(String kind) {
    return new Series(
        kind,
        metrics,
        metrics.requestDuration.labelValues(kind),
        metrics.bytesServed.labelValues(kind),
        new AtomicReferenceArray<>(500));
  }

  /** Records metrics and the access-log line when the response is complete. */
  private final class Finish implements Callback {
    private final Callback next;
    private final Request request;
    private final Response response;
    private final long start;
    private final String kind;
    private final String method;
    private final String path;

    Finish(Callback next, Request request, Response response, long start, String kind, String method, String path) {
      this.next = next;
      this.request = request;
      this.response = response;
      this.start = start;
      this.kind = kind;
      this.method = method;
      this.path = path;
    }

    @Override
    public void succeeded() {
      record(null);
      next.succeeded();
    }

    @Override
    public void failed(Throwable x) {
      record(x);
      next.failed(x);
    }

    private void record(Throwable x) {
      long nanos = System.nanoTime() - start;
      int status = response.getStatus();
      long bytes = Response.getContentBytesWritten(response);
      Series s = series.computeIfAbsent(kind, ProxyHandler.this::newSeries);
      s.count(status).inc();
      s.duration().observe(nanos / 1e9);
      s.bytes().inc(bytes);
      if (!accessLog.enabled()) {
        return;
      }
      accessLog.log(
          new AccessLog.Entry(
              Instant.now(),
              Request.getRemoteAddr(request),
              method,
              path == null ? "" : path,
              status,
              bytes,
              nanos,
              x == null ? null : "aborted: " + x.getClass().getSimpleName()));
    }

    @Override
    public InvocationType getInvocationType() {
      return next.getInvocationType();
    }
  }
}
