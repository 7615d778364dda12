package dev.gofer.mod.goproxy;

import dev.gofer.mod.module.ModulePath;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Walks a {@link ProxyList} the way cmd/go's {@code TryProxies} does: each request goes to the
 * entries in order until one succeeds. After an entry followed by {@code ,} only a "not found"
 * ({@link NotFoundException}: 404, 410, missing file) moves on; after {@code |} any error does.
 * {@code off} fails with {@code module lookup disabled by GOPROXY=off} (a "not found"), and
 * {@code direct} with {@value DirectModeException#MESSAGE}.
 *
 * <p>When every entry fails, the most helpful error is reported, as cmd/go ranks them: an error
 * from {@code direct} above any proxy error other than "not found", and those above "not found";
 * within a rank the last error wins.
 *
 * <p>A zip streamed into a caller's {@link OutputStream} moves on to the next proxy only if the
 * failed attempt wrote nothing into it (a stream cannot be rewound); the {@link Path} form always
 * can, as each attempt writes its own temporary file.
 *
 * <p>Thread-safe; the entries share one pair of HTTP clients ({@link HttpClients}: metadata, and
 * zips on connections of their own), closed by {@link #close()}.
 */
public final class ProxyChain implements ModuleProxy {
  private static final String OFF = "module lookup disabled by GOPROXY=off";

  private final ProxyList list;
  private final List<ProxyClient> clients; // null for off and direct
  private final HttpClients http;

  private ProxyChain(ProxyList list, ClientOptions options) {
    this.list = list;
    boolean needsHttp =
        list.entries().stream().anyMatch(e -> e instanceof ProxyList.Proxy p && !p.isFile());
    this.http = needsHttp ? new HttpClients(options) : null;
    List<ProxyClient> cs = new ArrayList<>();
    for (ProxyList.Entry e : list.entries()) {
      cs.add(e instanceof ProxyList.Proxy p ? ProxyClient.forEntry(p, options, http) : null);
    }
    this.clients = cs;
  }

  /** A client for {@code list} with {@link ClientOptions#defaults()}. */
  public static ProxyChain create(ProxyList list) {
    return create(list, ClientOptions.defaults());
  }

  /** A client for {@code list}. */
  public static ProxyChain create(ProxyList list, ClientOptions options) {
    return new ProxyChain(Objects.requireNonNull(list, "list"), Objects.requireNonNull(options));
  }

  /** Parses {@code goproxy} ({@link ProxyList#parse}) and makes a client for it. */
  public static ProxyChain create(String goproxy, ClientOptions options) {
    return create(ProxyList.parse(goproxy), options);
  }

  /**
   * The HTTP client this chain's http and https entries read metadata with (and {@link #close()}
   * closes), so that other small reads, the checksum database's, can share its connections too;
   * empty when no entry needs one. Zips travel on connections of their own ({@link HttpClients}).
   */
  public Optional<HttpClient> httpClient() {
    return Optional.ofNullable(http).map(HttpClients::metadata);
  }

  /** The list this client walks. */
  public ProxyList proxies() {
    return list;
  }

  @Override
  public List<String> list(String path) {
    ModulePath.check(path);
    return walk("module " + path + ": ", c -> c.list(path));
  }

  @Override
  public Info info(String path, String query) {
    ModulePath.check(path);
    ModulePath.escapeVersion(query); // fails for a query the protocol cannot carry
    return walk(ProxyClient.versionPrefix(path, query), c -> c.info(path, query));
  }

  @Override
  public Info latest(String path) {
    ModulePath.check(path);
    return walk("module " + path + ": ", c -> c.latest(path));
  }

  @Override
  public byte[] mod(String path, String version) {
    ModulePath.check(path);
    return walk(ProxyClient.versionPrefix(path, version), c -> c.mod(path, version));
  }

  @Override
  public long zip(String path, String version, OutputStream out, Progress progress)
      throws IOException {
    ModulePath.check(path);
    Objects.requireNonNull(out, "out");
    CountingStream counting = new CountingStream(out);
    return walkIo(
        ProxyClient.versionPrefix(path, version),
        c -> {
          long before = counting.count;
          try {
            return c.zip(path, version, counting, progress);
          } catch (ProxyException e) {
            if (counting.count != before) {
              throw new Unrecoverable(e); // bytes are out; the next proxy cannot start clean
            }
            throw e;
          }
        });
  }

  @Override
  public long zip(String path, String version, Path dest, Progress progress) throws IOException {
    ModulePath.check(path);
    return walkIo(ProxyClient.versionPrefix(path, version), c -> c.zip(path, version, dest, progress));
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
  }

  @Override
  public String toString() {
    return "ProxyChain[" + list + "]";
  }

  // --- the walk ------------------------------------------------------------------------------

  private static final int NOT_EXIST_RANK = 0;
  private static final int PROXY_RANK = 1;
  private static final int DIRECT_RANK = 2;

  private interface IoOp<T> {
    T apply(ProxyClient c) throws IOException;
  }

  /** Carries an error out of the walk untouched, with no fall-through. */
  private static final class Unrecoverable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unrecoverable(ProxyException e) {
      super(e);
    }
  }

  private <T> T walk(String prefix, Function<ProxyClient, T> op) {
    try {
      return walkIo(prefix, op::apply);
    } catch (IOException e) {
      throw new AssertionError("no I/O outside the proxy", e);
    }
  }

  private <T> T walkIo(String prefix, IoOp<T> op) throws IOException {
    ProxyException best = null;
    int bestRank = NOT_EXIST_RANK;
    List<ProxyList.Entry> entries = list.entries();
    for (int i = 0; i < entries.size(); i++) {
      ProxyList.Entry entry = entries.get(i);
      ProxyException err;
      boolean fallBackOnError = false;
      switch (entry) {
        case ProxyList.Off off -> err = new NotFoundException(prefix + OFF, 0);
        case ProxyList.Direct direct ->
            err = new DirectModeException(prefix + DirectModeException.MESSAGE, best);
        case ProxyList.Proxy proxy -> {
          fallBackOnError = proxy.fallBackOnError();
          try {
            return op.apply(clients.get(i));
          } catch (Unrecoverable u) {
            throw (ProxyException) u.getCause();
          } catch (ProxyException e) {
            err = e;
          }
        }
      }
      boolean notExist = err.isNotFound();
      if (entry instanceof ProxyList.Direct) {
        best = err;
        bestRank = DIRECT_RANK;
      } else if (bestRank <= PROXY_RANK && !notExist) {
        best = err;
        bestRank = PROXY_RANK;
      } else if (bestRank == NOT_EXIST_RANK) {
        best = err;
      }
      if (!fallBackOnError && !notExist) {
        break;
      }
    }
    throw best;
  }

  /** Counts bytes written, to know whether a failed attempt touched the caller's stream. */
  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
