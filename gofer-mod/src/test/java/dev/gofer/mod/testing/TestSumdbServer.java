package dev.gofer.mod.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gofer.mod.ModException;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.sumdb.Log;
import dev.gofer.mod.sumdb.NotFoundException;
import dev.gofer.mod.tlog.Tile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A checksum database server for tests: serves a {@link Log} over HTTP on 127.0.0.1 with the
 * paths and status codes of {@code golang.org/x/mod/sumdb}'s server: {@code /latest}, {@code
 * /lookup/<escaped path>@<escaped version>} (400 {@code invalid module@version syntax}, 404 for an
 * unknown module), {@code /tile/H/L/NNN[.p/W]} and {@code /tile/H/data/NNN[.p/W]} (400 {@code
 * invalid tile syntax}, 404 beyond the published tree); any other path is 404. It also answers
 * {@code <prefix>/supported} when started with a proxy-style prefix such as {@code
 * /sumdb/<name>}.
 *
 * <p>The hermetic upstream checksum database of gofer's tests: point {@code GOSUMDB="<verifier
 * key> <url()>"} at it. {@link #setLog} swaps the log being served (to simulate a server that
 * changes its story); {@link #requests(String)} counts requests per path.
 */
public final class TestSumdbServer implements AutoCloseable {
  private static final Pattern MOD_VER =
      Pattern.compile("^[^@]+@v[0-9]+\\.[0-9]+\\.[0-9]+(-[^@]*)?(\\+incompatible)?$");

  private final HttpServer server;
  private final ExecutorService executor;
  private final String prefix;
  private final AtomicReference<Log> log;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  private TestSumdbServer(Log log, String prefix) throws IOException {
    this.log = new AtomicReference<>(log);
    this.prefix = prefix;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves {@code log} at the root of a new server on 127.0.0.1 and an ephemeral port. */
  public static TestSumdbServer start(Log log) {
    return start(log, "");
  }

  /**
   * Serves {@code log} below {@code prefix} (for example {@code /sumdb/sum.golang.org}, the path
   * a proxy uses), answering {@code <prefix>/supported} with 200.
   */
  public static TestSumdbServer start(Log log, String prefix) {
    try {
      return new TestSumdbServer(log, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL: {@code http://127.0.0.1:<port><prefix>}. */
  public URI url() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + prefix);
  }

  /** Serves {@code next} from now on. */
  public void setLog(Log next) {
    log.set(next);
  }

  /** The log being served. */
  public Log log() {
    return log.get();
  }

  /** How many requests asked for {@code path} (relative to the prefix, such as {@code /latest}). */
  public int requests(String path) {
    AtomicInteger n = requests.get(path);
    return n == null ? 0 : n.get();
  }

  /** How many requests had a path starting with {@code pathPrefix}. */
  public int requestsStartingWith(String pathPrefix) {
    return requests.entrySet().stream()
        .filter(e -> e.getKey().startsWith(pathPrefix))
        .mapToInt(e -> e.getValue().get())
        .sum();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String full = ex.getRequestURI().getRawPath();
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        send(ex, 405, "text/plain; charset=UTF-8", "method not allowed\n");
        return;
      }
      if (!full.startsWith(prefix + "/")) {
        send(ex, 404, "text/plain; charset=UTF-8", "not found\n");
        return;
      }
      String path = full.substring(prefix.length());
      requests.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      Log l = log.get();
      if (path.equals("/latest")) {
        send(ex, 200, "text/plain; charset=UTF-8", l.signed().note());
      } else if (path.equals("/supported") && !prefix.isEmpty()) {
        send(ex, 200, "text/plain; charset=UTF-8", new byte[0]);
      } else if (path.startsWith("/lookup/")) {
        lookup(ex, l, path.substring("/lookup/".length()));
      } else if (path.startsWith("/tile/")) {
        tile(ex, l, path.substring(1));
      } else {
        send(ex, 404, "text/plain; charset=UTF-8", "not found\n");
      }
    } catch (RuntimeException e) {
      send(ex, 500, "text/plain; charset=UTF-8", e + "\n");
    }
  }

  private void lookup(HttpExchange ex, Log l, String mod) throws IOException {
    if (!MOD_VER.matcher(mod).matches()) {
      send(ex, 400, "text/plain; charset=UTF-8", "invalid module@version syntax\n");
      return;
    }
    int at = mod.indexOf('@');
    String path;
    String version;
    try {
      path = ModulePath.unescape(mod.substring(0, at));
      version = ModulePath.unescapeVersion(mod.substring(at + 1));
    } catch (ModException e) {
      send(ex, 400, "text/plain; charset=UTF-8", e.getMessage() + "\n");
      return;
    }
    try {
      send(ex, 200, "text/plain; charset=UTF-8", l.lookup(path, version));
    } catch (NotFoundException e) {
      send(ex, 404, "text/plain; charset=UTF-8", e.getMessage() + "\n");
    }
  }

  private void tile(HttpExchange ex, Log l, String path) throws IOException {
    Tile t;
    try {
      t = Tile.parsePath(path);
    } catch (ModException e) {
      send(ex, 400, "text/plain; charset=UTF-8", "invalid tile syntax\n");
      return;
    }
    try {
      byte[] data = l.tile(t);
      send(
          ex,
          200,
          t.level() < 0 ? "text/plain; charset=UTF-8" : "application/octet-stream",
          data);
    } catch (NotFoundException e) {
      send(ex, 404, "text/plain; charset=UTF-8", e.getMessage() + "\n");
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
