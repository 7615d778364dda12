package dev.gofer.mod.goproxy;

import dev.gofer.mod.ModException;
import dev.gofer.mod.internal.GoQuote;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.semver.Pseudo;
import dev.gofer.mod.semver.Semver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A client for one module proxy, {@code http(s)://} or {@code file://}, speaking the GOPROXY
 * protocol as cmd/go's {@code proxyRepo} does. Error messages read like the go command's:
 * {@code module <path>: reading <url>: 404 Not Found} for lists, {@code <path>@<version>: ...} for
 * versions, with {@code invalid version:} when the version is not canonical.
 *
 * <p>Thread-safe; share one instance. Close it to release the HTTP client it created.
 */
public final class ProxyClient implements ModuleProxy {
  private static final int CHUNK = 64 << 10;

  private final URI base;
  private final Fetcher fetcher;
  private final ClientOptions options;
  private final HttpClients ownedHttp;

  private ProxyClient(URI base, Fetcher fetcher, ClientOptions options, HttpClients ownedHttp) {
    this.base = base;
    this.fetcher = fetcher;
    this.options = options;
    this.ownedHttp = ownedHttp;
  }

  /**
   * A client for {@code base} with {@link ClientOptions#defaults()}.
   *
   * @throws ProxyListException if {@code base} is not an http, https or path-only file URL
   */
  public static ProxyClient create(URI base) {
    return create(base, ClientOptions.defaults());
  }

  /**
   * A client for {@code base} with its own HTTP client.
   *
   * @throws ProxyListException if {@code base} is not an http, https or path-only file URL
   */
  public static ProxyClient create(URI base, ClientOptions options) {
    ProxyList.Proxy p = single(base);
    if (p.isFile()) {
      return forEntry(p, options, null);
    }
    HttpClients http = new HttpClients(options);
    return new ProxyClient(p.url(), new HttpFetcher(http, options, p.url()), options, http);
  }

  /** A client sharing {@code http} (which it does not close); null is fine for file URLs. */
  static ProxyClient forEntry(ProxyList.Proxy p, ClientOptions options, HttpClients http) {
    Fetcher f =
        p.isFile()
            ? new FileFetcher(Path.of(p.url()), ProxyList.redact(p.url()))
            : new HttpFetcher(Objects.requireNonNull(http, "http"), options, p.url());
    return new ProxyClient(p.url(), f, options, null);
  }

  static HttpClient newHttpClient(ClientOptions options) {
    return HttpClient.newBuilder()
        .connectTimeout(options.connectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  private static ProxyList.Proxy single(URI base) {
    Objects.requireNonNull(base, "base");
    String s = base.toString();
    if (s.indexOf(',') >= 0 || s.indexOf('|') >= 0) {
      throw new ProxyListException("a proxy URL cannot contain ',' or '|': " + ProxyList.redact(base));
    }
    if (!(ProxyList.parse(s).entries().get(0) instanceof ProxyList.Proxy p)) {
      throw new ProxyListException("not a proxy URL: " + s);
    }
    return p;
  }

  /** The proxy's base URL. */
  public URI base() {
    return base;
  }

  @Override
  public List<String> list(String path) {
    String enc = ModulePath.escape(path);
    return prefixed(
        "module " + path + ": ",
        () -> VersionList.tagged(text(enc + "/@v/list", options.maxMetadataBytes())));
  }

  @Override
  public Info info(String path, String query) {
    String enc = ModulePath.escape(path);
    String encQuery = ModulePath.escapeVersion(query);
    return prefixed(
        versionPrefix(path, query),
        () -> {
          Info info = parseInfo(text(enc + "/@v/" + encQuery + ".info", options.maxMetadataBytes()));
          if (!info.version().equals(query) && isCanonical(query) && fits(path, query)) {
            throw new InvalidResponseException(
                "proxy returned info for version "
                    + info.version()
                    + " instead of requested version");
          }
          return info;
        });
  }

  @Override
  public Info latest(String path) {
    String enc = ModulePath.escape(path);
    String prefix = "module " + path + ": ";
    String body;
    try {
      body = prefixed(prefix, () -> text(enc + "/@latest", options.maxMetadataBytes()));
    } catch (NotFoundException e) {
      return latestFromList(path, enc, prefix);
    }
    return prefixed(prefix, () -> parseInfo(body));
  }

  /** cmd/go's {@code proxyRepo.latest}: the newest untagged version the list names. */
  private Info latestFromList(String path, String enc, String prefix) {
    String body = prefixed(prefix, () -> text(enc + "/@v/list", options.maxMetadataBytes()));
    Optional<VersionList.Newest> newest = VersionList.newestUntagged(body);
    if (newest.isEmpty()) {
      throw new NotFoundException(prefix + "no commits", 0);
    }
    VersionList.Newest n = newest.get();
    if (n.timeFromPseudoVersion()) {
      return info(path, n.version()); // ask for the real time
    }
    String json =
        "{\"Version\":" + jsonString(n.version()) + ",\"Time\":\"" + n.time() + "\"}";
    return new Info(n.version(), Optional.of(n.time()), Optional.empty(), json);
  }

  @Override
  public byte[] mod(String path, String version) {
    requireCanonical(path, version, "GoMod");
    String rel = ModulePath.escape(path) + "/@v/" + ModulePath.escapeVersion(version) + ".mod";
    return prefixed(
        versionPrefix(path, version),
        () -> bytes(rel, options.maxModBytes(), "downloaded go.mod file too large"));
  }

  @Override
  public long zip(String path, String version, OutputStream out, Progress progress)
      throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(progress, "progress");
    requireCanonical(path, version, "Zip");
    String rel = ModulePath.escape(path) + "/@v/" + ModulePath.escapeVersion(version) + ".zip";
    try (Fetcher.Body body = fetcher.open(rel)) {
      return copy(body, out, options.maxZipBytes(), "downloaded zip file too large", progress);
    } catch (ProxyException e) {
      throw e.withPrefix(versionPrefix(path, version));
    }
  }

  @Override
  public long zip(String path, String version, Path dest, Progress progress) throws IOException {
    Path target = dest.toAbsolutePath();
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
    boolean done = false;
    try {
      long n;
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream os = Channels.newOutputStream(ch)) {
        n = zip(path, version, os, progress);
        ch.force(true);
      }
      Files.move(
          tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      done = true;
      return n;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  @Override
  public void close() {
    if (ownedHttp != null) {
      ownedHttp.close();
    }
  }

  @Override
  public String toString() {
    return "ProxyClient[" + fetcher.redactedBase() + "]";
  }

  // --- helpers -------------------------------------------------------------------------------

  private Info parseInfo(String body) {
    Info info;
    try {
      info = Info.parse(body);
    } catch (InvalidResponseException e) {
      throw new InvalidResponseException(
          "invalid response from proxy " + GoQuote.quote(fetcher.redactedBase()) + ": "
              + e.getMessage());
    }
    if (!isCanonical(info.version())) {
      throw new InvalidResponseException(
          "invalid response from proxy "
              + GoQuote.quote(fetcher.redactedBase())
              + ": version "
              + GoQuote.quote(info.version())
              + " is not a canonical version");
    }
    return info;
  }

  private String text(String rel, long cap) {
    return new String(bytes(rel, cap, "response too large"), StandardCharsets.UTF_8);
  }

  private byte[] bytes(String rel, long cap, String tooLarge) {
    try (Fetcher.Body body = fetcher.open(rel)) {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream(body.length() > 0 && body.length() <= cap ? (int) body.length() : 512);
      copy(body, out, cap, tooLarge, Progress.NONE);
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError("in-memory write failed", e);
    }
  }

  /**
   * Copies a body into {@code out}, failing once more than {@code cap} bytes arrive (or are
   * declared). Read failures are the proxy's ({@link ProxyTransportException}); write failures
   * are the caller's and propagate as they are.
   */
  private static long copy(
      Fetcher.Body body, OutputStream out, long cap, String tooLarge, Progress progress)
      throws IOException {
    if (body.length() > cap) {
      throw new InvalidResponseException(tooLarge);
    }
    InputStream in = body.in();
    byte[] buf = new byte[(int) Math.min(CHUNK, cap + 1)];
    long total = 0;
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (IOException e) {
        throw new ProxyTransportException(
            "reading " + body.url() + ": " + HttpFetcher.describe(e), e);
      }
      if (n < 0) {
        return total;
      }
      total += n;
      if (total > cap) {
        throw new InvalidResponseException(tooLarge);
      }
      out.write(buf, 0, n);
      progress.update(total, body.length());
    }
  }

  /** Whether {@code v} is a version in canonical form ({@code module.CanonicalVersion(v) == v}). */
  private static boolean isCanonical(String v) {
    return !v.isEmpty() && v.equals(Semver.canonicalModuleVersion(v));
  }

  /** {@code module.Check(path, v) == nil}: v is valid semver and fits the path's major suffix. */
  private static boolean fits(String path, String v) {
    try {
      ModulePath.checkPathVersion(path, v);
      return true;
    } catch (ModException e) {
      return false;
    }
  }

  private static <T> T prefixed(String prefix, Supplier<T> op) {
    try {
      return op.get();
    } catch (ProxyException e) {
      throw e.withPrefix(prefix);
    }
  }

  /** cmd/go's {@code versionError} prefix: {@code path@v: } or {@code path@v: invalid version: }. */
  static String versionPrefix(String path, String version) {
    if (!version.isEmpty() && !version.equals(Semver.canonicalModuleVersion(version))) {
      return path + "@" + version + ": invalid " + (Pseudo.isPseudo(version) ? "pseudo-version" : "version") + ": ";
    }
    return path + "@" + version + ": ";
  }

  private static void requireCanonical(String path, String version, String what) {
    Objects.requireNonNull(version, "version");
    if (!version.equals(Semver.canonicalModuleVersion(version))) {
      throw new IllegalArgumentException(
          versionPrefix(path, version)
              + "internal error: version passed to "
              + what
              + " is not canonical");
    }
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
