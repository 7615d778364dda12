package dev.gofer.proxy.http;

import dev.gofer.proxy.metrics.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The thin HTTP layer: parses the route, asks the module source or checksum-database front for
 * an {@link Answer}, and writes it with the right status, headers and body. Runs on virtual
 * threads, so sources may block.
 */
public final class ProxyHandler extends Handler.Abstract {
  private static final HttpField ACCEPT_RANGES = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "bytes");
  private static final HttpField ALLOW = new PreEncodedHttpField(HttpHeader.ALLOW, "GET, HEAD");
  private static final HttpField NOSNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");

  private final ModuleSource modules;
  private final SumdbFront sumdb;
  private final Metrics metrics;
  private final AccessLog accessLog;
  private final BooleanSupplier ready;
  private final String index;

  public ProxyHandler(
      ModuleSource modules,
      SumdbFront sumdb,
      Metrics metrics,
      AccessLog accessLog,
      BooleanSupplier ready,
      String index) {
    super(InvocationType.BLOCKING);
    this.modules = modules;
    this.sumdb = sumdb;
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.ready = ready;
    this.index = index;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String method = request.getMethod();
    String path = request.getHttpURI().getDecodedPath();
    boolean head = HttpMethod.HEAD.is(method);
    Route route;
    Answer answer;
    if (!head && !HttpMethod.GET.is(method)) {
      route = new Route.Refused(405, "method not allowed: gofer answers GET and HEAD");
      response.getHeaders().add(ALLOW);
      answer = refusal((Route.Refused) route);
    } else {
      route = Route.parse(path);
      answer = answer(route);
    }
    String kind = kind(route);
    Callback done = new Finish(callback, request, response, start, kind, method, path);
    try {
      write(request, response, done, answer, head);
    } catch (IOException | RuntimeException e) {
      done.failed(e);
    }
    return true;
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

  private void write(Request request, Response response, Callback done, Answer answer, boolean head)
      throws IOException {
    var headers = response.getHeaders();
    headers.add(NOSNIFF);
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
      case Answer.File f -> writeFile(request, response, done, f, head);
    }
  }

  private void writeFile(Request request, Response response, Callback done, Answer.File f, boolean head)
      throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(f.file(), BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      // Moved aside (quarantined) between the answer and now.
      write(request, response, done, Answer.notFound("not found: no longer in the store"), head);
      return;
    }
    long size = attrs.size();
    long mtime = attrs.lastModifiedTime().to(TimeUnit.MICROSECONDS);
    String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtime) + "\"";
    var headers = response.getHeaders();
    headers.put(HttpHeader.ETAG, etag);
    headers.put(HttpHeader.CACHE_CONTROL, f.caching().header());
    headers.put(HttpHeader.CONTENT_TYPE, f.contentType());
    headers.put(HttpHeader.LAST_MODIFIED, org.eclipse.jetty.http.DateGenerator.formatDate(attrs.lastModifiedTime().toMillis()));
    headers.add(ACCEPT_RANGES);

    String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (inm != null && matches(inm, etag)) {
      response.setStatus(304);
      response.write(true, null, done);
      return;
    }
    long offset = 0;
    long length = size;
    String range = request.getHeaders().get(HttpHeader.RANGE);
    String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
    if (range != null && (ifRange == null || ifRange.equals(etag))) {
      long[] r = Ranges.single(range, size);
      if (r == Ranges.UNSATISFIABLE) {
        response.setStatus(416);
        headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
        headers.put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, null, done);
        return;
      }
      if (r != null) {
        offset = r[0];
        length = r[1] - r[0] + 1;
        response.setStatus(206);
        headers.put(HttpHeader.CONTENT_RANGE, "bytes " + r[0] + "-" + r[1] + "/" + size);
      } else {
        response.setStatus(200);
      }
    } else {
      response.setStatus(200);
    }
    headers.put(HttpHeader.CONTENT_LENGTH, length);
    if (head || length == 0) {
      response.write(true, null, done);
      return;
    }
    ByteBufferPool pool = request.getComponents().getByteBufferPool();
    Content.Source source =
        Content.Source.from(new ByteBufferPool.Sized(pool, true, (int) Math.min(length, 1 << 16)), f.file(), offset, length);
    Content.copy(source, response, done);
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
      metrics.requests.labelValues(kind, Integer.toString(status)).inc();
      metrics.requestDuration.labelValues(kind).observe(nanos / 1e9);
      metrics.bytesServed.labelValues(kind).inc(bytes);
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
