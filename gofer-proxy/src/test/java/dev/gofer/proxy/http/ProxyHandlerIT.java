package dev.gofer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.proxy.ProxyServer;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.StoreModules;
import dev.gofer.proxy.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stored files over real HTTP: small immutable ones answered from memory ({@link HotFiles}),
 * large ones streamed from disk, both with the same headers and the same conditional and range
 * semantics.
 */
class ProxyHandlerIT {
  static final String MODULE = "example.com/hot";
  static final String SMALL = "/" + MODULE + "/@v/v1.0.0.zip";
  static final String MOD = "/" + MODULE + "/@v/v1.0.0.mod";
  static final String BIG = "/" + MODULE + "/@v/v1.1.0.zip";
  /** Larger than the entry limit and than several read chunks. */
  static final int BIG_SIZE = 3 * ProxyHandler.FILE_CHUNK + 12345;

  @TempDir Path tmp;
  Store store;
  HotFiles hot;
  Metrics metrics;
  ProxyServer server;
  HttpClient client = HttpClient.newHttpClient();
  /** What the handler asks, given the store's own source. */
  java.util.function.UnaryOperator<ModuleSource> source = s -> s;

  void start(Duration revalidateAfter) throws Exception {
    store = Store.open(tmp.resolve("data"));
    write("v1.0.0", "mod", ("module " + MODULE + "\n").getBytes(StandardCharsets.UTF_8));
    write("v1.1.0", "mod", ("module " + MODULE + "\n").getBytes(StandardCharsets.UTF_8));
    write("v1.0.0", "zip", random(40_000, 1));
    write("v1.1.0", "zip", random(BIG_SIZE, 2));
    hot = HotFiles.of(64 * 1024, 1 << 20, revalidateAfter);
    metrics = new Metrics();
    server =
        ProxyServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            new ProxyHandler(
                source.apply(new StoreModules(store)),
                SumdbFront.NONE,
                metrics,
                new AccessLog(AccessLog.Format.OFF, OutputStream.nullOutputStream()),
                () -> true,
                "gofer\n",
                hot),
            null);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    if (server != null) {
      server.close();
    }
  }

  void write(String version, String ext, byte[] body) throws IOException {
    Path f = store.file(MODULE, version, ext);
    Files.createDirectories(f.getParent());
    Files.write(f, body);
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  byte[] stored(String path) throws IOException {
    return Files.readAllBytes(store.download().resolve(path.substring(1)));
  }

  HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    return send("GET", path, headers);
  }

  HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void aSmallImmutableFileIsHeldAndAnsweredFromMemoryWithTheSameHeaders() throws Exception {
    start(Duration.ofHours(1));
    HttpResponse<byte[]> first = get(MOD);
    assertThat(hot.size()).isEqualTo(1);
    HttpResponse<byte[]> second = get(MOD);

    for (HttpResponse<byte[]> r : List.of(first, second)) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(stored(MOD));
      assertThat(header(r, "Content-Type")).isEqualTo(Answer.TEXT);
      assertThat(header(r, "Cache-Control")).isEqualTo(Answer.Caching.IMMUTABLE.header());
      assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(stored(MOD).length));
      assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
      assertThat(r.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
    }
    assertThat(header(second, "ETag")).isEqualTo(header(first, "ETag")).isNotNull();
    assertThat(header(second, "Last-Modified")).isEqualTo(header(first, "Last-Modified")).isNotNull();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    metrics.write(text);
    assertThat(text.toString(StandardCharsets.UTF_8)).contains("gofer_http_requests_total{route=\"mod\",status=\"200\"} 2.0");
  }

  @Test
  void aLargeFileIsStreamedFromDiskAndNotHeld() throws Exception {
    start(Duration.ofHours(1));
    HttpResponse<byte[]> r = get(BIG);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(stored(BIG));
    assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(BIG_SIZE));
    assertThat(header(r, "Content-Type")).isEqualTo(Answer.ZIP);
    assertThat(hot.size()).isZero();
  }

  /** The same semantics whether the file is held (SMALL) or streamed (BIG). */
  @ParameterizedTest
  @ValueSource(strings = {SMALL, BIG})
  void conditionalRangeAndHeadRequests(String path) throws Exception {
    start(Duration.ofHours(1));
    byte[] all = stored(path);
    String etag = header(get(path), "ETag");

    HttpResponse<byte[]> notModified = get(path, "If-None-Match", "\"other\", " + etag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();

    // Across read chunks for the big file.
    int from = 1000;
    int to = Math.min(all.length - 1, ProxyHandler.FILE_CHUNK + 5000);
    HttpResponse<byte[]> partial = get(path, "Range", "bytes=" + from + "-" + to);
    assertThat(partial.statusCode()).isEqualTo(206);
    assertThat(header(partial, "Content-Range")).isEqualTo("bytes " + from + "-" + to + "/" + all.length);
    assertThat(partial.body()).isEqualTo(Arrays.copyOfRange(all, from, to + 1));

    HttpResponse<byte[]> suffix = get(path, "Range", "bytes=-100");
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(all, all.length - 100, all.length));

    HttpResponse<byte[]> unsatisfiable = get(path, "Range", "bytes=" + all.length + "-");
    assertThat(unsatisfiable.statusCode()).isEqualTo(416);
    assertThat(header(unsatisfiable, "Content-Range")).isEqualTo("bytes */" + all.length);

    HttpResponse<byte[]> staleIfRange = get(path, "Range", "bytes=0-9", "If-Range", "\"other\"");
    assertThat(staleIfRange.statusCode()).isEqualTo(200);
    assertThat(staleIfRange.body()).isEqualTo(all);

    HttpResponse<byte[]> head = send("HEAD", path);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(all.length));
    assertThat(header(head, "ETag")).isEqualTo(etag);
  }

  @Test
  void aFileMovedAsideIsNoLongerServedOnceItsWindowIsOver() throws Exception {
    start(Duration.ZERO);
    assertThat(get(SMALL).statusCode()).isEqualTo(200);
    assertThat(hot.size()).isEqualTo(1);
    Path file = store.download().resolve(SMALL.substring(1));
    Files.move(file, file.resolveSibling("quarantined"));

    HttpResponse<byte[]> gone = get(SMALL);

    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(new String(gone.body(), StandardCharsets.UTF_8)).startsWith("not found:");
  }

  @Test
  void concurrentDownloadsOfALargeFileEachGetEveryByte() throws Exception {
    start(Duration.ofHours(1));
    byte[] all = stored(BIG);
    List<CompletableFuture<HttpResponse<byte[]>>> downloads = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      downloads.add(
          client.sendAsync(HttpRequest.newBuilder(server.uri().resolve(BIG)).build(), HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (CompletableFuture<HttpResponse<byte[]>> d : downloads) {
      HttpResponse<byte[]> r = d.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(all);
    }
  }

  @Test
  void errorsAndComputedAnswersStillTakeTheOrdinaryPath() throws Exception {
    start(Duration.ofHours(1));
    HttpResponse<byte[]> list = get("/" + MODULE + "/@v/list");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(new String(list.body(), StandardCharsets.UTF_8)).isEqualTo("v1.0.0\nv1.1.0\n");
    assertThat(get("/" + MODULE + "/@v/v9.9.9.zip").statusCode()).isEqualTo(404);
    assertThat(get("/Bad..Path/@v/list").statusCode()).isBetween(400, 404);
    HttpResponse<byte[]> post = send("POST", SMALL);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(header(post, "Allow")).isEqualTo("GET, HEAD");
    assertThat(hot.size()).isZero();
    URI metrics = server.uri().resolve("/metrics");
    assertThat(client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aFileStillBeingPublishedIsServedFromItsOpenHandleWithTheHeadersItWillHaveAndReleased() throws Exception {
    // The zip an online source would be publishing: a verified temp file, opened, then renamed
    // into place while requests are served from the handle (the rename here stands for the
    // background publish; the descriptor does not notice it).
    Path target = tmp.resolve("data").resolve("cache/download/" + BIG.substring(1));
    Path temp = tmp.resolve("big.zip.tmp-x");
    Files.write(temp, random(BIG_SIZE, 3));
    OpenFile open = OpenFile.open(temp);
    source =
        store ->
            new ModuleSource() {
              @Override public Answer list(String m) { return store.list(m); }
              @Override public Answer info(String m, String q) { return store.info(m, q); }
              @Override public Answer latest(String m) { return store.latest(m); }
              @Override public Answer mod(String m, String v) { return store.mod(m, v); }
              @Override public Answer zip(String m, String v) {
                if (!v.equals("v1.1.0")) {
                  return store.zip(m, v);
                }
                assertThat(open.retain()).isTrue();
                return new Answer.Open(open, Answer.ZIP, Answer.Caching.IMMUTABLE);
              }
            };
    start(Duration.ofHours(1));
    byte[] all = Files.readAllBytes(temp);
    HttpResponse<byte[]> full = get(BIG);
    Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    HttpResponse<byte[]> range = get(BIG, "Range", "bytes=100000-100099");
    HttpResponse<byte[]> head = send("HEAD", BIG);
    HttpResponse<byte[]> notModified = get(BIG, "If-None-Match", header(full, "ETag"));

    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.body()).isEqualTo(all);
    assertThat(header(full, "Content-Length")).isEqualTo(Integer.toString(BIG_SIZE));
    assertThat(header(full, "Content-Type")).isEqualTo(Answer.ZIP);
    assertThat(header(full, "Cache-Control")).isEqualTo(Answer.Caching.IMMUTABLE.header());
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(all, 100000, 100100));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(hot.size()).isZero();
    // the published file answers with the same entity tag (a rename keeps size and mtime)
    assertThat(header(full, "ETag"))
        .isEqualTo(StoredFile.of(Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class), Answer.ZIP, Answer.Caching.IMMUTABLE).etag());
    // every request gives its reference back (the handler may finish just after the client)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (open.references() > 1 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(open.references()).isEqualTo(1);
    open.release();
    assertThat(open.retain()).isFalse();
  }
}
