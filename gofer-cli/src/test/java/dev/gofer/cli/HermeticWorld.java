package dev.gofer.cli;

import dev.gofer.mod.modfile.ModFile;
import dev.gofer.mod.note.Keys;
import dev.gofer.mod.sumdb.Log;
import dev.gofer.mod.sumdb.LogRecord;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.FixtureModules.Module;
import dev.gofer.mod.testing.FixtureModules.Written;
import dev.gofer.mod.testing.GoCommand;
import dev.gofer.mod.testing.TestSumdbServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The world {@code gofer serve} is tested in, without the internet: two stores for offline gofer
 * instances to serve as upstreams (the public one, U, and the private one, P) and a test checksum
 * database (a {@link Log} signed by a key made for this run) behind {@link TestSumdbServer}.
 *
 * <ul>
 *   <li>U holds the standard fixtures, {@code big} modules of the sizes asked for, and {@link
 *       #LIAR}, which the checksum database logs with a wrong zip hash.
 *   <li>P holds {@link #SECRET}, which matches {@link #PRIVATE_PATTERN} and is logged nowhere.
 * </ul>
 */
final class HermeticWorld implements AutoCloseable {
  /** The test checksum database's name (and its key's). */
  static final String DB = "sumdb.e2e.test";
  /** Module paths of the big modules: {@code big0}, {@code big1}, ... */
  static final String BIG = "example.com/fixture/big";
  /** A module whose checksum-database record does not match its zip. */
  static final String LIAR = "example.com/fixture/liar";
  /** The private module. */
  static final String SECRET = "example.com/private/secret";
  /** The private pattern, GOPRIVATE syntax. */
  static final String PRIVATE_PATTERN = "example.com/private/*";

  /** The go build cache of these tests (target/ is removed by mvn clean). */
  static final Path SHARED_GOCACHE = Path.of("target", "it-gocache").toAbsolutePath();

  final Keys.KeyPair keys = Keys.generate(DB);
  /** U's modules that the database logs truthfully: the standard set, then the big ones. */
  final List<Written> published;
  final Written liar;
  final Written secret;
  final Path upstreamData;
  final Path privateData;
  final TestSumdbServer sumdb;
  private boolean sumdbStopped;

  private HermeticWorld(Path dir, long[] bigZipSizes) throws IOException {
    upstreamData = dir.resolve("upstream-data");
    privateData = dir.resolve("private-data");
    List<Module> modules = new ArrayList<>(FixtureModules.standard());
    for (int i = 0; i < bigZipSizes.length; i++) {
      modules.add(big(i, bigZipSizes[i]));
    }
    modules.add(new Module(LIAR, "v1.0.0", Instant.parse("2024-06-07T08:09:10Z"), Map.of(
        "go.mod", ModFile.render(LIAR, "1.21", List.of()),
        "liar.go", "package liar\n")));
    List<Written> written = FixtureModules.writeProxyTree(
        Files.createDirectories(upstreamData.resolve("cache/download")), modules);
    published = List.copyOf(written.subList(0, written.size() - 1));
    liar = written.getLast();
    secret = FixtureModules.writeProxyTree(
        Files.createDirectories(privateData.resolve("cache/download")),
        List.of(new Module(SECRET, "v1.0.0", Instant.parse("2024-07-08T09:10:11Z"), Map.of(
            "go.mod", ModFile.render(SECRET, "1.21", List.of()),
            "secret.go", "package secret\n\n// Secret is known to the private side only.\n"
                + "func Secret() string { return \"secret v1.0.0\" }\n")))).getFirst();

    Log log = Log.inMemory(keys.signerKey(), 8);
    List<LogRecord> records = new ArrayList<>();
    for (Written w : published) {
      records.add(new LogRecord(w.module().path(), w.module().version(), w.goSumLines()));
    }
    records.add(new LogRecord(LIAR, "v1.0.0",
        liar.goSumLines().replace(liar.zipHash(), "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")));
    log.append(records);
    sumdb = TestSumdbServer.start(log);
  }

  /**
   * Writes the stores and starts the checksum database, with one {@code big} module per size in
   * {@code bigZipSizes} (its zip about that many bytes).
   */
  static HermeticWorld create(Path dir, long... bigZipSizes) throws IOException {
    return new HermeticWorld(dir, bigZipSizes);
  }

  /**
   * Module {@code big<i>}: a Go package and text files of random characters (which deflate to
   * about three quarters), so its zip is about {@code zipSize} bytes.
   */
  private static Module big(int i, long zipSize) {
    String path = BIG + i;
    Map<String, String> files = new LinkedHashMap<>();
    files.put("go.mod", ModFile.render(path, "1.21", List.of()));
    files.put("big.go", "package big" + i + "\n\n// Name names this module.\nconst Name = \"big" + i + "\"\n");
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    SplittableRandom random = new SplittableRandom(i);
    long text = zipSize * 4 / 3;
    int parts = (int) Math.max(1, text / (8 << 20));
    for (int p = 0; p < parts; p++) {
      char[] chars = new char[(int) (text / parts)];
      for (int c = 0; c < chars.length; c++) {
        chars[c] = (c % 77 == 76) ? '\n' : alphabet.charAt(random.nextInt(64));
      }
      files.put("data/blob" + p + ".txt", new String(chars));
    }
    return new Module(path, "v1.0.0", Instant.parse("2024-08-09T10:11:12Z"), files);
  }

  /** The published modules that match {@code filter}. */
  List<Written> published(Predicate<Written> filter) {
    return published.stream().filter(filter).toList();
  }

  /** Whether {@code w} is one of the big modules. */
  static boolean isBig(Written w) {
    return w.module().path().startsWith(BIG);
  }

  /** {@code --sumdb} of a gofer that verifies against this database: the key and its URL. */
  String sumdbFlag() {
    return keys.verifierKey() + " " + sumdb.url();
  }

  /** {@code path@version} of a written module. */
  static String at(Written w) {
    return w.module().path() + "@" + w.module().version();
  }

  /**
   * A go command with its own empty module cache under {@code work} (and the shared build
   * cache), using the client settings
   * {@code settings} (as printed by {@code gofer serve}); the go command's other private-module
   * settings are cleared, so only what gofer printed decides.
   */
  static GoCommand go(Path work, Map<String, String> settings) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String k : List.of("GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GONOSUMCHECK", "GOINSECURE", "GOSUMDB")) {
      env.put(k, "");
    }
    env.putAll(settings);
    env.remove("GOPROXY");
    // The build cache holds compiled packages, not modules: sharing it keeps the standard
    // library from being compiled again for every empty module cache.
    env.put("GOCACHE", SHARED_GOCACHE.toString());
    return GoCommand.hermetic(work, settings.get("GOPROXY"), env);
  }

  /** Stops the checksum database server (for the offline phase); idempotent. */
  void stopSumdb() {
    if (!sumdbStopped) {
      sumdbStopped = true;
      sumdb.close();
    }
  }

  @Override
  public void close() {
    stopSumdb();
  }
}
