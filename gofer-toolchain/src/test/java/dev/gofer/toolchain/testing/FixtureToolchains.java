package dev.gofer.toolchain.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.note.Keys;
import dev.gofer.mod.sumdb.Log;
import dev.gofer.mod.sumdb.LogRecord;
import dev.gofer.mod.testing.TestSumdbServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Fixture Go toolchains and a hermetic upstream for them: tiny toolchain module zips ({@code
 * bin/go} is a shell script printing {@code go version go<V> linux/<arch>}) served as a GOPROXY
 * on 127.0.0.1, their go.sum lines in a test checksum database, and go.dev/dl-style release
 * tarballs with an index. Point {@code --proxy} at {@link #proxyUrl()} and {@code GOSUMDB} at
 * {@link #gosumdb()}.
 */
public final class FixtureToolchains implements AutoCloseable {
  /** The toolchain module. */
  public static final String MODULE = "golang.org/toolchain";
  /** Its go.mod, the same for every version. */
  public static final byte[] GO_MOD = "module golang.org/toolchain\n".getBytes(StandardCharsets.UTF_8);

  private final String arch;
  private final Keys.KeyPair keys = Keys.generate("sum.fixture.example");
  private final Log log = Log.inMemory(keys.signerKey(), 8);
  private final TestSumdbServer sumdb = TestSumdbServer.start(log);
  private final Map<String, byte[]> zips = new ConcurrentHashMap<>(); // module version -> served bytes
  private final Map<String, byte[]> files = new ConcurrentHashMap<>(); // dl file name -> bytes
  private final Map<String, String> index = new LinkedHashMap<>(); // go version -> release JSON
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpServer server;

  private FixtureToolchains(String arch) throws IOException {
    this.arch = arch;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** An empty upstream for toolchains of {@code arch} (a GOARCH). */
  public static FixtureToolchains start(String arch) {
    try {
      return new FixtureToolchains(arch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The module version of Go {@code version}: {@code v0.0.1-go<V>.linux-<arch>}. */
  public String moduleVersion(String version) {
    return "v0.0.1-go" + version + ".linux-" + arch;
  }

  /** The files of fixture toolchain {@code version}, relative to its GOROOT. */
  public Map<String, byte[]> tree(String version) {
    Map<String, byte[]> t = new LinkedHashMap<>();
    t.put("VERSION", ("go" + version + "\ntime 2026-01-01T00:00:00Z\n").getBytes(StandardCharsets.UTF_8));
    t.put("bin/go", ("#!/bin/sh\necho 'go version go" + version + " linux/" + arch + "'\n").getBytes(StandardCharsets.UTF_8));
    t.put("bin/gofmt", "#!/bin/sh\ncat\n".getBytes(StandardCharsets.UTF_8));
    t.put("pkg/tool/linux_" + arch + "/compile", "#!/bin/sh\necho compile\n".getBytes(StandardCharsets.UTF_8));
    t.put("src/_go.mod", "module std\n\ngo 1.91\n".getBytes(StandardCharsets.UTF_8));
    t.put("src/cmd/_go.mod", "module cmd\n\ngo 1.91\n".getBytes(StandardCharsets.UTF_8));
    t.put("src/fmt/print.go", "package fmt\n".getBytes(StandardCharsets.UTF_8));
    return t;
  }

  /** The module zip of {@code version} with {@code tree} under the module prefix. */
  public byte[] moduleZip(String version, Map<String, byte[]> tree) {
    String prefix = MODULE + "@" + moduleVersion(version) + "/";
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(buf)) {
      for (var e : tree.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey().startsWith("RAW:") ? e.getKey().substring(4) : prefix + e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  /** Publishes fixture toolchain {@code version}: its zip on the proxy, its hashes in the log. */
  public FixtureToolchains publish(String version) {
    return publish(version, moduleZip(version, tree(version)));
  }

  /** Publishes {@code zip} as toolchain {@code version}, logging its true hash. */
  public FixtureToolchains publish(String version, byte[] zip) {
    String mv = moduleVersion(version);
    log.append(LogRecord.of(MODULE, mv, h1(zip), DirHash.hashGoMod(GO_MOD)));
    zips.put(mv, zip);
    return this;
  }

  /** Serves {@code zip} for {@code version} from now on, without touching the log (tampering). */
  public void serve(String version, byte[] zip) {
    zips.put(moduleVersion(version), zip);
  }

  /** Adds {@code version} to the release index with a tarball of its tree ({@code go/} prefix). */
  public FixtureToolchains publishTarball(String version, boolean stable, String sha256Override) {
    return publishTarball(version, stable, sha256Override, tarGz(tree(version), true));
  }

  /** Adds {@code version} to the release index with {@code tgz} as its archive. */
  public FixtureToolchains publishTarball(String version, boolean stable, String sha256Override, byte[] tgz) {
    String dlArch = arch.equals("arm") ? "armv6l" : arch;
    String file = "go" + version + ".linux-" + dlArch + ".tar.gz";
    files.put(file, tgz);
    String sha = sha256Override != null ? sha256Override : sha256(tgz);
    synchronized (index) {
      index.put(version, """
          {"version":"go%s","stable":%s,"files":[
           {"filename":"go%s.src.tar.gz","os":"","arch":"","version":"go%s","sha256":"%s","size":1,"kind":"source"},
           {"filename":"%s","os":"linux","arch":"%s","version":"go%s","sha256":"%s","size":%d,"kind":"archive"}]}"""
          .formatted(version, stable, version, version, "0".repeat(64), file, dlArch, version, sha, tgz.length));
    }
    return this;
  }

  /** Serves {@code bytes} as the tarball of {@code version} from now on; the index is unchanged. */
  public void serveTarball(String version, byte[] bytes) {
    String dlArch = arch.equals("arm") ? "armv6l" : arch;
    files.put("go" + version + ".linux-" + dlArch + ".tar.gz", bytes);
  }

  /**
   * A {@code .tar.gz} of {@code tree} under {@code go/} (names starting {@code RAW:} are taken as
   * they are); files under {@code bin/} and {@code pkg/tool/} get mode 0755, others 0644.
   */
  public static byte[] tarGz(Map<String, byte[]> tree, boolean complete) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
      for (var e : tree.entrySet()) {
        String name = e.getKey().startsWith("RAW:") ? e.getKey().substring(4) : "go/" + e.getKey();
        boolean exec = e.getKey().startsWith("bin/") || e.getKey().startsWith("pkg/tool/");
        char type = '0';
        byte[] data = e.getValue();
        String link = "";
        if (name.contains("->")) { // "go/x->target" is a symbolic link
          link = name.substring(name.indexOf("->") + 2);
          name = name.substring(0, name.indexOf("->"));
          type = '2';
          data = new byte[0];
        }
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "%07o".formatted(exec ? 0755 : 0644));
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, "%011o".formatted(data.length));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 157, link);
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
          h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
          sum += b & 0xff;
        }
        put(h, 148, "%06o".formatted(sum));
        h[154] = 0;
        gz.write(h);
        gz.write(data);
        gz.write(new byte[(512 - data.length % 512) % 512]);
      }
      if (complete) {
        gz.write(new byte[1024]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, off, b.length);
  }

  /** The GOPROXY URL of this upstream. */
  public String proxyUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/proxy";
  }

  /** The URL of the release index. */
  public URI indexUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dl/index.json");
  }

  /** {@code GOSUMDB} for the test checksum database: {@code "<verifier key> <url>"}. */
  public String gosumdb() {
    return keys.verifierKey() + " " + sumdb.url();
  }

  /** The log behind the test checksum database (to serve it elsewhere too, e.g. behind a proxy prefix). */
  public Log log() {
    return log;
  }

  /** The verifier key of the test checksum database. */
  public String verifierKey() {
    return keys.verifierKey();
  }

  /** How many requests reached {@code path} (e.g. {@code /proxy/golang.org/toolchain/@v/list}). */
  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** The {@code h1:} hash of a zip's bytes. */
  public static String h1(byte[] zip) {
    try {
      Path f = Files.createTempFile("fixture-toolchain", ".zip");
      try {
        Files.write(f, zip);
        return DirHash.hashZip(f);
      } finally {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lowercase hex SHA-256 of {@code data}. */
  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      String listPath = "/proxy/" + MODULE + "/@v/list";
      String vPrefix = "/proxy/" + MODULE + "/@v/";
      if (path.equals(listPath)) {
        send(ex, 200, String.join("\n", zips.keySet()).concat("\n").getBytes(StandardCharsets.UTF_8));
      } else if (path.startsWith(vPrefix) && path.endsWith(".zip") && zips.containsKey(strip(path, vPrefix, ".zip"))) {
        send(ex, 200, zips.get(strip(path, vPrefix, ".zip")));
      } else if (path.startsWith(vPrefix) && path.endsWith(".mod") && zips.containsKey(strip(path, vPrefix, ".mod"))) {
        send(ex, 200, GO_MOD);
      } else if (path.startsWith(vPrefix) && path.endsWith(".info") && zips.containsKey(strip(path, vPrefix, ".info"))) {
        send(ex, 200, ("{\"Version\":\"" + strip(path, vPrefix, ".info") + "\",\"Time\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("/dl/index.json")) {
        String body;
        synchronized (index) {
          body = "[\n" + String.join(",\n", index.values().stream().toList().reversed()) + "\n]\n";
        }
        send(ex, 200, body.getBytes(StandardCharsets.UTF_8));
      } else if (path.startsWith("/dl/") && files.containsKey(path.substring(4))) {
        send(ex, 200, files.get(path.substring(4)));
      } else {
        send(ex, 404, "not found\n".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static String strip(String path, String prefix, String suffix) {
    return path.substring(prefix.length(), path.length() - suffix.length());
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
    sumdb.close();
  }
}
