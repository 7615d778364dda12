package dev.gofer.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gofer.mod.note.Keys;
import dev.gofer.proxy.ServeConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  static final Path HOME = Path.of("/home/gopher");
  static final String CORP_KEY = Keys.generate("corp.example").verifierKey();

  @TempDir Path tmp;

  static ConfigLoader loader(Map<String, String> env) {
    return new ConfigLoader(env, HOME);
  }

  static Layer flags(Map<ConfigKey, String> values, String... sumdbs) {
    return Layer.flags(values, List.of(sumdbs));
  }

  Path toml(String text) throws Exception {
    Path f = tmp.resolve("gofer.toml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void aLayerCutToSomeKeysLeavesTheOthersToTheirDefaults() throws Exception {
    Layer file = TomlConfig.read(toml("data = \"/srv/gofer\"\nlisten = \"nowhere\"\noffline = true\n"));
    ServeConfig c = loader(Map.of()).load(List.of(file.only(java.util.EnumSet.of(ConfigKey.DATA))));
    assertThat(c.data()).isEqualTo(Path.of("/srv/gofer"));
    assertThat(c.offline()).isFalse();
    assertThat(c.listen().getPort()).isEqualTo(3000);
    assertThat(file.only(java.util.EnumSet.noneOf(ConfigKey.class)).settings()).isEmpty();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    ServeConfig c = loader(Map.of()).load(List.of());
    assertThat(c.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 3000));
    assertThat(c.data()).isEqualTo(HOME.resolve(".gofer/proxy"));
    assertThat(c.upstream().toString()).isEqualTo("https://proxy.golang.org");
    assertThat(c.privatePatterns().isEmpty()).isTrue();
    assertThat(c.privateUpstream()).isEmpty();
    assertThat(c.offline()).isFalse();
    assertThat(c.freshness()).isEqualTo(Duration.ofMinutes(25));
    assertThat(c.negativeTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.sumdbLatestFreshness()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.upstreamTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.upstreamConcurrency()).isEqualTo(32);
    assertThat(c.retries()).isEqualTo(3);
    assertThat(c.sumdbs()).containsExactly(ServeConfig.Sumdb.sumGolangOrg());
    assertThat(c.tls()).isEmpty();
    assertThat(c.logFormat()).isEqualTo(ServeConfig.LogFormat.TEXT);
    assertThat(c.accessLog()).isTrue();
    assertThat(c.jitNice()).isEqualTo(19);
  }

  @Test
  void goferHomeMovesTheDefaultDataDirectory() {
    ServeConfig c = loader(Map.of("GOFER_HOME", "/srv/gofer")).load(List.of());
    assertThat(c.data()).isEqualTo(Path.of("/srv/gofer/proxy"));
  }

  @Test
  void flagBeatsEnvBeatsFileBeatsDefault() throws Exception {
    Path file = toml("freshness = \"1m\"\nnegative-ttl = \"2m\"\nretries = 7\nupstream-concurrency = 5\n");
    Map<String, String> env = Map.of("GOFER_FRESHNESS", "3m", "GOFER_NEGATIVE_TTL", "4m");
    Map<ConfigKey, String> f = new EnumMap<>(ConfigKey.class);
    f.put(ConfigKey.FRESHNESS, "5m");
    ServeConfig c = loader(env).load(List.of(flags(f), Layer.env(env), TomlConfig.read(file)));
    assertThat(c.freshness()).as("flag").isEqualTo(Duration.ofMinutes(5));
    assertThat(c.negativeTtl()).as("env").isEqualTo(Duration.ofMinutes(4));
    assertThat(c.retries()).as("file").isEqualTo(7);
    assertThat(c.upstreamConcurrency()).as("file").isEqualTo(5);
    assertThat(c.upstreamTimeout()).as("default").isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void prefetchIsOnByDefaultAndEveryLayerCanTurnItOff() throws Exception {
    assertThat(loader(Map.of()).load(List.of()).prefetch()).isTrue();
    assertThat(loader(Map.of()).load(List.of()).prefetchZips()).isTrue();
    Map<String, String> zipsOff = Map.of("GOFER_PREFETCH_ZIPS", "false");
    assertThat(loader(zipsOff).load(List.of(Layer.env(zipsOff))).prefetchZips()).isFalse();
    Layer file = TomlConfig.read(toml("prefetch = false\n"));
    assertThat(loader(Map.of()).load(List.of(file)).prefetch()).isFalse();
    Map<String, String> env = Map.of("GOFER_PREFETCH", "true");
    assertThat(loader(env).load(List.of(Layer.env(env), file)).prefetch()).isTrue();
    Map<ConfigKey, String> f = new EnumMap<>(ConfigKey.class);
    f.put(ConfigKey.PREFETCH, "false");
    assertThat(loader(env).load(List.of(flags(f), Layer.env(env), file)).prefetch()).isFalse();
    Map<String, String> bad = Map.of("GOFER_PREFETCH", "sometimes");
    assertThatThrownBy(() -> loader(bad).load(List.of(Layer.env(bad))))
        .hasMessageStartingWith("invalid GOFER_PREFETCH=\"sometimes\"");
  }

  @Test
  void sumdbLatestFreshnessReadsFromEveryLayerAndMayBeZero() throws Exception {
    Layer file = TomlConfig.read(toml("sumdb-latest-freshness = \"90s\"\n"));
    assertThat(loader(Map.of()).load(List.of(file)).sumdbLatestFreshness()).isEqualTo(Duration.ofSeconds(90));
    Map<String, String> env = Map.of("GOFER_SUMDB_LATEST_FRESHNESS", "0");
    assertThat(loader(env).load(List.of(Layer.env(env), file)).sumdbLatestFreshness()).isZero();
    Map<ConfigKey, String> f = new EnumMap<>(ConfigKey.class);
    f.put(ConfigKey.SUMDB_LATEST_FRESHNESS, "5m");
    assertThat(loader(env).load(List.of(flags(f), Layer.env(env), file)).sumdbLatestFreshness())
        .isEqualTo(Duration.ofMinutes(5));
    Map<String, String> bad = Map.of("GOFER_SUMDB_LATEST_FRESHNESS", "-1m");
    assertThatThrownBy(() -> loader(bad).load(List.of(Layer.env(bad))))
        .hasMessageStartingWith("invalid GOFER_SUMDB_LATEST_FRESHNESS=\"-1m\"");
  }

  @Test
  void emptyEnvironmentVariablesCountAsUnset() {
    Map<String, String> env = Map.of("GOFER_LISTEN", "", "GOFER_UPSTREAM", "  ");
    ServeConfig c = loader(env).load(List.of(Layer.env(env)));
    assertThat(c.listen().getPort()).isEqualTo(3000);
    assertThat(c.upstream().toString()).isEqualTo("https://proxy.golang.org");
  }

  @Test
  void everyKeyReadsFromTheFile() throws Exception {
    Files.writeString(tmp.resolve("cert.pem"), "x");
    Path file =
        toml(
            """
            listen = "0.0.0.0:8080"
            data = "store"
            upstream = "https://a.example|https://b.example"
            private = "corp.example/*,*.internal"
            private-upstream = "https://goproxy.corp.example"
            offline = true
            freshness = "1h30m"
            negative-ttl = "0"
            upstream-timeout = "5s"
            upstream-concurrency = 8
            retries = 0
            tls-cert = "cert.pem"
            tls-key = "/etc/gofer/key.pem"
            log-format = "json"
            access-log = false

            [[sumdb]]
            name = "sum.golang.org"

            [[sumdb]]
            key = "%s"
            url = "https://sumdb.corp.example"
            """
                .formatted(CORP_KEY));
    ServeConfig c = loader(Map.of()).load(List.of(TomlConfig.read(file)));
    assertThat(c.listen()).isEqualTo(new InetSocketAddress("0.0.0.0", 8080));
    assertThat(c.data()).as("relative to the file").isEqualTo(tmp.resolve("store").toAbsolutePath());
    assertThat(c.upstream().toString()).isEqualTo("https://a.example|https://b.example");
    assertThat(c.isPrivate("corp.example/x/y")).isTrue();
    assertThat(c.isPrivate("git.internal/y")).isTrue();
    assertThat(c.isPrivate("example.com/x")).isFalse();
    assertThat(c.privateUpstream().orElseThrow().toString()).isEqualTo("https://goproxy.corp.example");
    assertThat(c.offline()).isTrue();
    assertThat(c.freshness()).isEqualTo(Duration.ofMinutes(90));
    assertThat(c.negativeTtl()).isZero();
    assertThat(c.upstreamTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.upstreamConcurrency()).isEqualTo(8);
    assertThat(c.retries()).isZero();
    assertThat(c.tls().orElseThrow().certificate()).isEqualTo(tmp.resolve("cert.pem").toAbsolutePath());
    assertThat(c.tls().orElseThrow().key()).isEqualTo(Path.of("/etc/gofer/key.pem"));
    assertThat(c.logFormat()).isEqualTo(ServeConfig.LogFormat.JSON);
    assertThat(c.accessLog()).isFalse();
    assertThat(c.sumdbs())
        .containsExactly(
            ServeConfig.Sumdb.sumGolangOrg(),
            new ServeConfig.Sumdb("corp.example", CORP_KEY, Optional.of(URI.create("https://sumdb.corp.example"))));
  }

  @Test
  void sumdbFlagsReplaceTheDefaultDatabase() {
    ServeConfig c =
        loader(Map.of()).load(List.of(flags(Map.of(), CORP_KEY + " https://sumdb.corp.example")));
    assertThat(c.sumdbs()).extracting(ServeConfig.Sumdb::name).containsExactly("corp.example");
  }

  @Test
  void sumdbEnvironmentHoldsSeveralEntries() {
    Map<String, String> env = Map.of("GOFER_SUMDB", "sum.golang.org; " + CORP_KEY);
    ServeConfig c = loader(env).load(List.of(Layer.env(env)));
    assertThat(c.sumdbs()).extracting(ServeConfig.Sumdb::name).containsExactly("sum.golang.org", "corp.example");
    assertThat(c.sumdbs().get(1).url()).isEmpty();
  }

  @Test
  void tildeMeansHome() {
    ServeConfig c = loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.DATA, "~/gofer-store"))));
    assertThat(c.data()).isEqualTo(HOME.resolve("gofer-store"));
  }

  @Test
  void listenForms() {
    assertThat(ConfigLoader.listen("127.0.0.1:0").getPort()).isZero();
    assertThat(ConfigLoader.listen("[::1]:3000").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(ConfigLoader.listen(":3000").getAddress().isAnyLocalAddress()).isTrue();
  }

  // Errors: one line, naming the source.

  static String error(Runnable r) {
    try {
      r.run();
    } catch (ConfigException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
      return e.getMessage();
    }
    throw new AssertionError("no ConfigException");
  }

  @Test
  void flagErrorsNameTheFlag() {
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.FRESHNESS, "25x"))))))
        .isEqualTo("invalid --freshness \"25x\": unknown unit \"x\" in duration (units are ns, us, ms, s, m, h)");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.LISTEN, "localhost"))))))
        .startsWith("invalid --listen \"localhost\": want HOST:PORT");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.LISTEN, "127.0.0.1:70000"))))))
        .contains("--listen", "70000");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.UPSTREAM, "https://a.example,direct"))))))
        .startsWith("invalid --upstream").contains("direct");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.UPSTREAM, "ftp://a.example"))))))
        .startsWith("invalid --upstream \"ftp://a.example\": ");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.UPSTREAM_TIMEOUT, "0"))))))
        .startsWith("invalid --upstream-timeout \"0\": must be more than 0");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.UPSTREAM_CONCURRENCY, "0"))))))
        .startsWith("invalid --upstream-concurrency \"0\"");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.RETRIES, "many"))))))
        .startsWith("invalid --retries \"many\"");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.JIT_NICE, "20"))))))
        .startsWith("invalid --jit-nice \"20\"");
    assertThat(error(() -> loader(Map.of("GOFER_JIT_NICE", "-1")).load(List.of(Layer.env(Map.of("GOFER_JIT_NICE", "-1"))))))
        .isEqualTo("invalid GOFER_JIT_NICE=\"-1\": want a whole number from 0 to 19");
    assertThat(loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.JIT_NICE, "0")))).jitNice()).isZero();
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.OFFLINE, "maybe"))))))
        .isEqualTo("invalid --offline \"maybe\": want true or false (or on/off)");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.LOG_FORMAT, "xml"))))))
        .isEqualTo("invalid --log-format \"xml\": want text or json");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.PRIVATE, "a.example, b.example"))))))
        .startsWith("invalid --private");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.TLS_CERT, "cert.pem"))))))
        .isEqualTo("--tls-cert: HTTPS needs both files: set --tls-key (or GOFER_TLS_KEY) too");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(ConfigKey.PRIVATE_UPSTREAM, "https://p.example"))))))
        .startsWith("--private-upstream: a private upstream is set but no private patterns");
  }

  @Test
  void sumdbErrorsNameTheFlag() {
    assertThat(error(() -> flags(Map.of(), "off"))).startsWith("invalid --sumdb \"off\": gofer verifies");
    assertThat(error(() -> flags(Map.of(), "a b c"))).startsWith("invalid --sumdb \"a b c\": want KEY [URL]");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(), "corp.example")))))
        .startsWith("invalid --sumdb \"corp.example\": no key is built in");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(), "corp.example+00000000+AAAA")))))
        .startsWith("invalid --sumdb \"corp.example+00000000+AAAA\": not a verifier key");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(), CORP_KEY + " ftp://x")))))
        .startsWith("invalid --sumdb \"ftp://x\"");
    assertThat(error(() -> loader(Map.of()).load(List.of(flags(Map.of(), CORP_KEY, CORP_KEY)))))
        .isEqualTo("--sumdb: checksum database corp.example is listed twice");
  }

  @Test
  void envErrorsNameTheVariable() {
    Map<String, String> env = Map.of("GOFER_NEGATIVE_TTL", "10");
    assertThat(error(() -> loader(env).load(List.of(Layer.env(env)))))
        .isEqualTo("invalid GOFER_NEGATIVE_TTL=\"10\": missing unit in duration (want e.g. 25m, 90s, 1h30m; units ns, us, ms, s, m, h)");
    Map<String, String> env2 = Map.of("GOFER_SUMDB", "sum.golang.org;off");
    assertThat(error(() -> Layer.env(env2))).startsWith("invalid GOFER_SUMDB=\"off\"");
  }

  @Test
  void fileErrorsNameFileAndLine() throws Exception {
    Path file = toml("# gofer\nlisten = \"127.0.0.1:3000\"\n\nfreshness = \"soon\"\n");
    assertThat(error(() -> loader(Map.of()).load(List.of(TomlConfig.read(file)))))
        .isEqualTo(file + ":4: invalid freshness \"soon\": malformed duration (want e.g. 25m, 90s, 1h30m)");
  }

  @Test
  void unknownFileKeysAreErrors() throws Exception {
    Path file = toml("listen = \"127.0.0.1:3000\"\nfreshnes = \"1m\"\n");
    assertThat(error(() -> TomlConfig.read(file))).startsWith(file + ":2: unknown key \"freshnes\" (known keys: listen");
    Path table = toml("[server]\nlisten = \"x\"\n");
    assertThat(error(() -> TomlConfig.read(table))).startsWith(table + ":1: unknown key \"server\"");
    Path sumdb = toml("[[sumdb]]\nname = \"sum.golang.org\"\n[[sumdb]]\nkey = \"k\"\nuri = \"https://x\"\n");
    assertThat(error(() -> TomlConfig.read(sumdb)))
        .isEqualTo(sumdb + ":5: unknown key \"uri\" in [[sumdb]] (known: name, key, url)");
  }

  @Test
  void fileTypeAndSyntaxErrors() throws Exception {
    Path type = toml("retries = [1, 2]\n");
    assertThat(error(() -> TomlConfig.read(type))).isEqualTo(type + ":1: retries: want a string, number or boolean, not an array".replace(":1: retries:", ":1:"));
    Path syntax = toml("listen = \"127.0.0.1:3000\"\nfreshness = \n");
    assertThat(error(() -> TomlConfig.read(syntax))).startsWith(syntax + ":2: not valid TOML: ");
    Path sumdb = toml("sumdb = \"sum.golang.org\"\n");
    assertThat(error(() -> TomlConfig.read(sumdb))).startsWith(sumdb + ":1: sumdb is an array of tables");
    Path mismatch = toml("[[sumdb]]\nname = \"other.example\"\nkey = \"" + CORP_KEY + "\"\n");
    assertThat(error(() -> loader(Map.of()).load(List.of(TomlConfig.read(mismatch)))))
        .startsWith(mismatch + ":1: invalid sumdb[1] \"" + CORP_KEY + "\": the key is for corp.example, not for the name other.example");
    Path missing = tmp.resolve("nope.toml");
    assertThat(error(() -> TomlConfig.read(missing))).isEqualTo("config file " + missing + " does not exist; check --config or GOFER_CONFIG");
  }
}
