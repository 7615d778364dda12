package dev.gofer.mod.note;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gofer.mod.tlog.Hash;
import dev.gofer.mod.tlog.HashReader;
import dev.gofer.mod.tlog.Record;
import dev.gofer.mod.tlog.Tile;
import dev.gofer.mod.tlog.Tlog;
import dev.gofer.mod.tlog.Tree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real go command accepts a key from {@link Keys#generate} as its GOSUMDB key: it downloads a
 * module from a file:// proxy and verifies it against a one-record checksum database served on
 * 127.0.0.1, signed with the generated key and proven with tiles computed by the tlog package.
 * The same database signed with another key is refused.
 */
class GeneratedKeyGoCommandIT {
  private static final String MODULE = "example.com/hello";
  private static final String VERSION = "v1.0.0";
  private static final String GO_MOD = "module example.com/hello\n\ngo 1.21\n";
  private static final String HELLO_GO = "package hello\n\nfunc Hello() string { return \"hello\" }\n";

  @TempDir Path tmp;

  @Test
  void goCommandVerifiesAgainstAGeneratedKey() throws Exception {
    Keys.KeyPair keys = Keys.generate("sum.gofer.test");
    Path proxy = writeProxy(tmp.resolve("proxy"));
    String record = MODULE + " " + VERSION + " " + h1(zipFiles()) + "\n"
        + MODULE + " " + VERSION + "/go.mod " + h1(Map.of("go.mod", GO_MOD)) + "\n";

    try (Database db = new Database(record, Signer.parse(keys.signerKey()))) {
      Result ok = goModDownload(proxy, keys.verifierKey() + " " + db.url(), tmp.resolve("ok"));
      assertThat(ok.exit).as(ok.output).isZero();
      assertThat(ok.output).contains("\"Version\": \"v1.0.0\"");
      assertThat(db.requests).anyMatch(p -> p.startsWith("/lookup/example.com/hello@v1.0.0"));
      assertThat(db.requests).contains("/tile/8/0/000.p/1");
    }

    // The same database signed by a different key must be refused.
    Keys.KeyPair other = Keys.generate("sum.gofer.test");
    try (Database db = new Database(record, Signer.parse(other.signerKey()))) {
      Result bad = goModDownload(proxy, keys.verifierKey() + " " + db.url(), tmp.resolve("bad"));
      assertThat(bad.exit).as(bad.output).isNotZero();
      assertThat(bad.output).contains("reading tree note: note has no verifiable signatures");
    }
  }

  private static Map<String, String> zipFiles() {
    Map<String, String> files = new TreeMap<>();
    String prefix = MODULE + "@" + VERSION + "/";
    files.put(prefix + "go.mod", GO_MOD);
    files.put(prefix + "hello.go", HELLO_GO);
    return files;
  }

  /** dirhash's Hash1 over named files. */
  private static String h1(Map<String, String> files) throws Exception {
    StringBuilder summary = new StringBuilder();
    for (var e : new TreeMap<>(files).entrySet()) {
      byte[] sum = MessageDigest.getInstance("SHA-256").digest(e.getValue().getBytes(UTF_8));
      summary.append(HexFormat.of().formatHex(sum)).append("  ").append(e.getKey()).append('\n');
    }
    byte[] sum = MessageDigest.getInstance("SHA-256").digest(summary.toString().getBytes(UTF_8));
    return "h1:" + Base64.getEncoder().encodeToString(sum);
  }

  private static Path writeProxy(Path root) throws IOException {
    Path v = root.resolve(MODULE).resolve("@v");
    Files.createDirectories(v);
    Files.writeString(v.resolve("list"), VERSION + "\n");
    Files.writeString(v.resolve(VERSION + ".info"), "{\"Version\":\"" + VERSION + "\",\"Time\":\"2024-01-01T00:00:00Z\"}");
    Files.writeString(v.resolve(VERSION + ".mod"), GO_MOD);
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      for (var e : zipFiles().entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(UTF_8));
        z.closeEntry();
      }
    }
    Files.write(v.resolve(VERSION + ".zip"), zip.toByteArray());
    return root;
  }

  private record Result(int exit, String output) {}

  private Result goModDownload(Path proxy, String gosumdb, Path home) throws Exception {
    Files.createDirectories(home);
    ProcessBuilder pb = new ProcessBuilder("go", "mod", "download", "-json", MODULE + "@" + VERSION);
    pb.directory(home.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("GO"));
    env.put("HOME", home.toString());
    // No telemetry child outliving go and writing into the temp dir while it is deleted.
    java.nio.file.Path config = home.resolve(".config");
    java.nio.file.Files.createDirectories(config.resolve("go/telemetry"));
    java.nio.file.Files.writeString(config.resolve("go/telemetry/mode"), "off\n");
    env.put("XDG_CONFIG_HOME", config.toString());
    env.put("GOPATH", home.resolve("gopath").toString());
    env.put("GOMODCACHE", home.resolve("modcache").toString());
    env.put("GOCACHE", home.resolve("cache").toString());
    env.put("GOENV", "off");
    env.put("GOFLAGS", "-modcacherw");
    env.put("GOTOOLCHAIN", "local");
    env.put("GOPROXY", proxy.toUri().toString());
    env.put("GOSUMDB", gosumdb);
    env.put("GONOSUMDB", "");
    env.put("GOPRIVATE", "");
    env.put("GONOSUMCHECK", "");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    return new Result(p.waitFor(), out);
  }

  /** A one-record checksum database (tile height 8) on 127.0.0.1. */
  private static final class Database implements AutoCloseable {
    final HttpServer server;
    final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());

    Database(String recordText, Signer signer) throws IOException {
      List<Hash> stored = new ArrayList<>(Tlog.storedHashes(0, recordText.getBytes(UTF_8), HashReader.of(List.of())));
      Tree tree = new Tree(1, Tlog.treeHash(1, HashReader.of(stored)));
      byte[] sth = Note.of(new String(tree.format(), UTF_8)).sign(signer);
      Map<String, byte[]> files = new HashMap<>();
      ByteArrayOutputStream lookup = new ByteArrayOutputStream();
      lookup.writeBytes(Record.format(0, recordText.getBytes(UTF_8)));
      lookup.writeBytes(sth);
      files.put("/lookup/" + MODULE + "@" + VERSION, lookup.toByteArray());
      files.put("/latest", sth);
      for (Tile t : Tile.newTiles(8, 0, 1)) {
        files.put("/" + t.path(), t.readData(HashReader.of(stored)));
      }
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", ex -> {
        String path = ex.getRequestURI().getPath();
        requests.add(path);
        byte[] body = files.get(path);
        if (body == null) {
          ex.sendResponseHeaders(404, -1);
        } else {
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
          }
        }
        ex.close();
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
