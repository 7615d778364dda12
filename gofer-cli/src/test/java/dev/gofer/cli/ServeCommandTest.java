package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.mod.note.Keys;
import dev.gofer.proxy.ServeConfig;
import dev.gofer.proxy.config.ConfigKey;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Gofer.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env, OutputStream.nullOutputStream());
    return new Result(code, out.toString(), err.toString());
  }

  /** The configuration {@code gofer serve args} would run with, under {@code env}. */
  static ServeConfig config(Map<String, String> env, String... args) {
    CommandLine cli = Gofer.commandLine(env, OutputStream.nullOutputStream());
    String[] all = new String[args.length + 1];
    all[0] = "serve";
    System.arraycopy(args, 0, all, 1, args.length);
    cli.parseArgs(all);
    ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
    return serve.config();
  }

  @Test
  void defaultsWithNothingSet() {
    ServeConfig c = config(Map.of("GOFER_HOME", tmp.toString()));
    assertThat(c.listen().getPort()).isEqualTo(3000);
    assertThat(c.listen().getAddress().isLoopbackAddress()).isTrue();
    assertThat(c.data()).isEqualTo(tmp.resolve("proxy"));
    assertThat(c.upstream().toString()).isEqualTo("https://proxy.golang.org");
    assertThat(c.freshness()).isEqualTo(Duration.ofMinutes(25));
    assertThat(c.sumdbs()).containsExactly(ServeConfig.Sumdb.sumGolangOrg());
    assertThat(c.offline()).isFalse();
    assertThat(c.accessLog()).isTrue();
  }

  @Test
  void flagOverEnvOverFileOverDefault() throws Exception {
    Path file =
        Files.writeString(
            tmp.resolve("gofer.toml"),
            "listen = \"127.0.0.1:1001\"\nfreshness = \"1m\"\nretries = 9\nupstream = \"https://file.example\"\noffline = true\n");
    Map<String, String> env = new HashMap<>();
    env.put("GOFER_CONFIG", file.toString());
    env.put("GOFER_LISTEN", "127.0.0.1:1002");
    env.put("GOFER_FRESHNESS", "2m");
    env.put("GOFER_OFFLINE", "false");
    ServeConfig c = config(env, "--listen", "127.0.0.1:1003", "--offline");
    assertThat(c.listen().getPort()).as("flag over env and file").isEqualTo(1003);
    assertThat(c.offline()).as("bare boolean flag over env").isTrue();
    assertThat(c.freshness()).as("env over file").isEqualTo(Duration.ofMinutes(2));
    assertThat(c.retries()).as("file over default").isEqualTo(9);
    assertThat(c.upstream().toString()).as("file over default").isEqualTo("https://file.example");
    assertThat(c.negativeTtl()).as("default").isEqualTo(Duration.ofSeconds(60));
    assertThat(c.sumdbLatestFreshness()).as("default").isEqualTo(Duration.ofMinutes(1));
    assertThat(config(env, "--sumdb-latest-freshness", "10s").sumdbLatestFreshness()).as("flag")
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void configFlagBeatsConfigVariable() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.toml"), "retries = 1\n");
    Path b = Files.writeString(tmp.resolve("b.toml"), "retries = 2\n");
    assertThat(config(Map.of("GOFER_CONFIG", a.toString()), "--config", b.toString()).retries()).isEqualTo(2);
    assertThat(config(Map.of("GOFER_CONFIG", a.toString())).retries()).isEqualTo(1);
  }

  @Test
  void booleanFlagsTakeAnOptionalValue() {
    assertThat(config(Map.of(), "--access-log=false").accessLog()).isFalse();
    assertThat(config(Map.of("GOFER_ACCESS_LOG", "off")).accessLog()).isFalse();
    assertThat(config(Map.of("GOFER_ACCESS_LOG", "off"), "--access-log").accessLog()).isTrue();
    assertThat(config(Map.of(), "--offline=false").offline()).isFalse();
  }

  @Test
  void sumdbFlagsRepeat() {
    String corp = Keys.generate("sumdb.corp.example").verifierKey();
    ServeConfig c = config(Map.of("GOFER_SUMDB", "sum.golang.org"), "--sumdb", corp + " https://sumdb.corp.example", "--sumdb", "sum.golang.org");
    assertThat(c.sumdbs()).extracting(ServeConfig.Sumdb::name).containsExactly("sumdb.corp.example", "sum.golang.org");
    assertThat(c.sumdbs().get(0).url().orElseThrow().toString()).isEqualTo("https://sumdb.corp.example");
  }

  static void assertUsageError(Result r, String message) {
    assertThat(r.code()).as(r.err()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("gofer: " + message);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void everyBadValueIsOneLineAndExit2() throws Exception {
    Map<String, String> none = Map.of();
    assertUsageError(run(none, "serve", "--freshness", "1x"), "invalid --freshness \"1x\": unknown unit");
    assertUsageError(run(none, "serve", "--listen", "nowhere"), "invalid --listen \"nowhere\": want HOST:PORT");
    assertUsageError(run(none, "serve", "--upstream", "direct"), "invalid --upstream \"direct\"");
    assertUsageError(run(none, "serve", "--upstream-concurrency", "-1"), "invalid --upstream-concurrency \"-1\"");
    assertUsageError(run(none, "serve", "--retries", "x"), "invalid --retries \"x\"");
    assertUsageError(run(none, "serve", "--negative-ttl", "-5s"), "invalid --negative-ttl \"-5s\"");
    assertUsageError(run(none, "serve", "--sumdb-latest-freshness", "soon"), "invalid --sumdb-latest-freshness \"soon\"");
    assertUsageError(run(none, "serve", "--upstream-timeout", "0s"), "invalid --upstream-timeout \"0s\"");
    assertUsageError(run(none, "serve", "--log-format", "xml"), "invalid --log-format \"xml\": want text or json");
    assertUsageError(run(none, "serve", "--offline=perhaps"), "invalid --offline \"perhaps\"");
    assertUsageError(run(none, "serve", "--access-log=loud"), "invalid --access-log \"loud\"");
    assertUsageError(run(none, "serve", "--sumdb", "off"), "invalid --sumdb \"off\"");
    assertUsageError(run(none, "serve", "--sumdb", "corp.example"), "invalid --sumdb \"corp.example\": no key is built in");
    assertUsageError(run(none, "serve", "--private-upstream", "https://p.example"), "--private-upstream: a private upstream is set but no private patterns");
    assertUsageError(run(none, "serve", "--tls-key", "key.pem"), "--tls-key: HTTPS needs both files");
    assertUsageError(run(Map.of("GOFER_RETRIES", "lots"), "serve"), "invalid GOFER_RETRIES=\"lots\"");
    assertUsageError(run(Map.of("GOFER_CONFIG", tmp.resolve("none.toml").toString()), "serve"), "config file " + tmp.resolve("none.toml") + " does not exist");
    Path file = Files.writeString(tmp.resolve("bad.toml"), "# comment\nlisten = \"127.0.0.1:3000\"\nlisen = \"x\"\n");
    assertUsageError(run(none, "serve", "--config", file.toString()), file + ":3: unknown key \"lisen\"");
    Path value = Files.writeString(tmp.resolve("value.toml"), "\n\nupstream-timeout = \"forever\"\n");
    assertUsageError(run(none, "serve", "--config", value.toString()), value + ":3: invalid upstream-timeout \"forever\"");
    assertUsageError(
        run(none, "serve", "--tls-cert", tmp.resolve("c.pem").toString(), "--tls-key", tmp.resolve("k.pem").toString()),
        "the certificate file " + tmp.resolve("c.pem") + " does not exist");
  }

  @Test
  void unknownFlagIsAUsageError() {
    Result r = run(Map.of(), "serve", "--lisen", "x");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).contains("--lisen").contains("gofer serve --help");
  }

  @Test
  void helpDocumentsEveryKeyWithItsVariableAndDefault() {
    Result r = run(Map.of(), "serve", "--help");
    assertThat(r.code()).isZero();
    for (ConfigKey k : ConfigKey.values()) {
      assertThat(r.out()).contains(k.flag()).contains(k.env());
    }
    assertThat(r.out())
        .contains("--config", "GOFER_CONFIG")
        .contains("Default: 127.0.0.1:3000", "Default: 25m", "Default: 60s", "Default: 30s", "Default: 32", "Default: 3.")
        .contains("Default: https://proxy.golang.org", "Default: $GOFER_HOME/proxy")
        .contains("[[sumdb]]", "Examples:", "gofer serve --offline")
        .doesNotContain("${");
  }

  @Test
  void addressInUseIsOneLineNamingTheAddressAndFlagExit3() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + taken.getLocalPort();
      Result r = run(Map.of(), "serve", "--listen", address, "--data", tmp.resolve("data").toString(), "--offline");
      assertThat(r.code()).as(r.err()).isEqualTo(Gofer.EXIT_RUNTIME);
      assertThat(r.err().lines()).as(r.err()).hasSize(1);
      assertThat(r.err()).startsWith("gofer: cannot listen on " + address + ": address already in use").contains("--listen");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void shellQuotingOfPrintedSettings() {
    assertThat(ServeCommand.shell("GOPROXY=http://127.0.0.1:3000")).isEqualTo("GOPROXY=http://127.0.0.1:3000");
    assertThat(ServeCommand.shell("GONOSUMDB=corp.example/*")).isEqualTo("'GONOSUMDB=corp.example/*'");
    assertThat(ServeCommand.shell("A=it's")).isEqualTo("'A=it'\\''s'");
  }
}
