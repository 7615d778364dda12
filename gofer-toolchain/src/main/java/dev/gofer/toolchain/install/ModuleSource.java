package dev.gofer.toolchain.install;

import dev.gofer.mod.ModException;
import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.goproxy.ClientOptions;
import dev.gofer.mod.goproxy.NotFoundException;
import dev.gofer.mod.goproxy.ProxyChain;
import dev.gofer.mod.goproxy.ProxyException;
import dev.gofer.mod.goproxy.ProxyList;
import dev.gofer.mod.sumdb.Client;
import dev.gofer.mod.sumdb.ClientStore;
import dev.gofer.mod.sumdb.SumdbEnv;
import dev.gofer.mod.sumdb.SumdbRemote;
import dev.gofer.mod.zip.ModuleZip;
import dev.gofer.toolchain.GoferHome;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Toolchains as the go command gets them: the module {@code golang.org/toolchain} at {@code
 * v0.0.1-go<V>.<goos>-<goarch>} through a GOPROXY list, its zip's {@code h1:} proven by the
 * checksum database before anything is unpacked. The only way around the database is Go's: a
 * {@code GOPROXY} that is a single {@code file://} URL.
 *
 * <p>The database is reached at the URL given in {@code GOSUMDB}, else through the first proxy
 * that answers {@code /sumdb/<name>/supported} with 200 (404 and 410 move on to the next), else
 * at {@code https://<name>}. Its latest signed head is kept in {@code $GOFER_HOME/sumdb/<name>/latest}
 * and verified tiles and lookups under {@code $GOFER_HOME/cache/sumdb/}.
 */
public final class ModuleSource implements Source {
  /** The toolchain module's path. */
  public static final String MODULE = "golang.org/toolchain";

  private static final String PREFIX = "v0.0.1-go";

  /**
   * Threads writing the files of a toolchain (about 13,000 files, 250 MB for Go 1.22). The disk
   * and the kernel's file creation are the limit, not the inflating; see bench/RESULTS.md.
   */
  static final int UNZIP_WRITERS = 4;

  private final ProxyList proxies;
  private final ProxyChain chain;
  private final SumdbEnv sumdb;
  private final GoferHome home;
  private final Platform platform;
  private final HttpClient http;

  private ModuleSource(ProxyList proxies, SumdbEnv sumdb, GoferHome home, Platform platform) {
    this.proxies = proxies;
    this.chain = ProxyChain.create(proxies, ClientOptions.defaults());
    this.sumdb = sumdb;
    this.home = home;
    this.platform = platform;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /**
   * A source reading {@code goproxy} (a GOPROXY list) and verifying with {@code gosumdb} (a
   * GOSUMDB value, null for the default).
   *
   * @throws InstallException if either is malformed, GOSUMDB is {@code off} (unless the proxy is
   *     a single file URL), or the list has no proxy at all
   */
  public static ModuleSource create(String goproxy, String gosumdb, GoferHome home, Platform platform) {
    ProxyList list;
    try {
      list = ProxyList.parse(goproxy);
    } catch (ModException e) {
      throw new InstallException("invalid GOPROXY: " + e.getMessage());
    }
    if (list.entries().stream().noneMatch(e -> e instanceof ProxyList.Proxy)) {
      throw new InstallException("GOPROXY=" + goproxy + " has no proxy: gofer installs toolchains only through a module proxy (set --proxy or GOPROXY)");
    }
    SumdbEnv db = list.isSingleFileProxy() ? null : sumdb(gosumdb);
    return new ModuleSource(list, db, home, platform);
  }

  private static SumdbEnv sumdb(String gosumdb) {
    try {
      return SumdbEnv.parse(gosumdb).orElseThrow(() -> new InstallException("checksum database disabled by GOSUMDB=off"));
    } catch (ModException e) {
      throw new InstallException(e.getMessage(), e);
    }
  }

  /** The module version of toolchain {@code version} for this platform. */
  String moduleVersion(String version) {
    return PREFIX + version + "." + platform.goos() + "-" + platform.goarch();
  }

  @Override
  public List<String> available() {
    List<String> tagged;
    try {
      tagged = chain.list(MODULE);
    } catch (ProxyException e) {
      throw new InstallException("listing toolchains: " + e.getMessage(), e);
    }
    String suffix = "." + platform.goos() + "-" + platform.goarch();
    List<String> out = new ArrayList<>();
    for (String v : tagged) {
      if (v.startsWith(PREFIX) && v.endsWith(suffix)) {
        String go = v.substring(PREFIX.length(), v.length() - suffix.length());
        if (dev.gofer.mod.gover.Gover.isValid(go)) {
          out.add(go);
        }
      }
    }
    return out;
  }

  @Override
  public void fetch(String version, Path work, Path root, Listener listener) throws IOException {
    String modVersion = moduleVersion(version);
    String mod = MODULE + "@" + modVersion;
    Path zip = work.resolve("toolchain.zip");
    Listener.Download d = listener.download(mod);
    long bytes;
    try {
      bytes = chain.zip(MODULE, modVersion, zip, d::update);
    } catch (NotFoundException e) {
      throw new InstallException("download go" + version + " for " + platform + ": toolchain not available", e);
    } catch (ProxyException e) {
      throw new InstallException("download " + mod + ": " + e.getMessage(), e);
    }
    d.finished(bytes);
    String got;
    try {
      got = DirHash.hashZip(zip);
    } catch (ModException e) {
      throw new InstallException("download " + mod + ": corrupt zip (truncated or damaged download): " + e.getMessage(), e);
    }
    if (sumdb == null) {
      listener.info("not verifying " + mod + ": GOPROXY is a single file:// URL");
    } else {
      String want = verifiedHash(modVersion);
      if (!want.equals(got)) {
        throw new InstallException("verifying " + mod + ": checksum mismatch: downloaded " + got + ", " + sumdb.name() + " has " + want
            + " (refused before unpacking)");
      }
      listener.info("verified " + mod + " " + got + " with " + sumdb.name());
    }
    try {
      ModuleZip.unzip(root, MODULE, modVersion, zip, new ToolchainPlacement(UNZIP_WRITERS));
    } catch (ModException e) {
      throw new InstallException("unpacking " + mod + ": " + e.getMessage(), e);
    }
    // Gone before the installer flushes the staged tree to disk: its 70 MB need not be written.
    Files.delete(zip);
  }

  private String verifiedHash(String modVersion) throws IOException {
    Client client =
        Client.builder(sumdb.key(), remote(), ClientStore.inDirectories(home.root().resolve("sumdb"), home.root().resolve("cache")))
            .build();
    List<String> lines;
    try {
      lines = client.lookup(MODULE, modVersion);
    } catch (ModException | java.io.UncheckedIOException e) {
      throw new InstallException("verifying " + MODULE + "@" + modVersion + ": " + e.getMessage(), e);
    }
    for (String line : lines) {
      String[] f = line.split(" ");
      if (f.length == 3 && f[2].startsWith("h1:")) {
        return f[2];
      }
    }
    throw new InstallException("verifying " + MODULE + "@" + modVersion + ": " + sumdb.name() + " has no h1: hash for it");
  }

  /** Where the database is reached (see the class comment). */
  private SumdbRemote remote() throws IOException {
    if (sumdb.url().isPresent()) {
      return SumdbRemote.http(http, sumdb.url().get());
    }
    for (ProxyList.Entry e : proxies.entries()) {
      if (!(e instanceof ProxyList.Proxy p) || p.isFile()) {
        break;
      }
      String base = p.url().toString().replaceAll("/+$", "") + "/sumdb/" + sumdb.name();
      int status = status(URI.create(base + "/supported"));
      if (status == 200) {
        return SumdbRemote.http(http, URI.create(base));
      }
      if (status != 404 && status != 410) {
        throw new InstallException("checking " + base + "/supported: HTTP " + status);
      }
    }
    return SumdbRemote.http(http, URI.create("https://" + sumdb.name()));
  }

  private int status(URI uri) throws IOException {
    try {
      HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("checking " + uri + ": interrupted");
    }
  }

  @Override
  public void close() {
    chain.close();
    http.close();
  }

  @Override
  public String toString() {
    return "GOPROXY=" + proxies;
  }
}
