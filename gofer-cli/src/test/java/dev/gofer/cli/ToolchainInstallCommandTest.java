package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.toolchain.install.Platform;
import dev.gofer.toolchain.testing.FixtureToolchains;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolchainInstallCommandTest {
  static final String ARCH = Platform.current().goarch();

  @TempDir Path tmp;
  FixtureToolchains up;
  Map<String, String> env;

  @BeforeEach
  void start() {
    up = FixtureToolchains.start(ARCH);
    env = new HashMap<>();
    env.put("GOFER_HOME", tmp.resolve("home").toString());
    env.put("GOPROXY", up.proxyUrl());
    env.put("GOSUMDB", up.gosumdb());
  }

  @AfterEach
  void stop() {
    up.close();
  }

  GoferTest.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Gofer.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env, new ByteArrayOutputStream());
    return new GoferTest.Result(code, out.toString(), err.toString());
  }

  @Test
  void installListAndUninstall() throws Exception {
    up.publish("1.91.0").publish("1.91.3").publish("1.92rc1");
    GoferTest.Result r = run("toolchain", "install", "1.91", "go1.92rc1");
    assertThat(r.code()).as(r.err()).isZero();
    Path goroot = tmp.resolve("home/toolchains/go1.91.3");
    assertThat(r.out()).contains("go1.91.3 installed in " + goroot).contains("go1.92rc1 installed in");
    assertThat(r.err()).contains("downloading golang.org/toolchain@v0.0.1-go1.91.3.linux-" + ARCH).contains("MiB/s").contains("verified");
    Process p = new ProcessBuilder(goroot.resolve("bin/go").toString()).start();
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("go version go1.91.3 linux/" + ARCH + "\n");

    GoferTest.Result again = run("toolchain", "install", "1.91.3", "--json");
    assertThat(again.code()).isZero();
    assertThat(again.out().strip()).isEqualTo("[{\"version\":\"1.91.3\",\"goroot\":\"" + goroot + "\",\"alreadyInstalled\":true}]");

    GoferTest.Result list = run("toolchain", "list");
    assertThat(list.out().lines().map(l -> l.split("\t")[0])).containsExactly("go1.92rc1", "go1.91.3");
    assertThat(run("toolchain", "list", "--json").out()).startsWith("[{\"version\":\"1.92rc1\",\"goroot\":");

    GoferTest.Result remote = run("toolchain", "list", "--remote");
    assertThat(remote.code()).as(remote.err()).isZero();
    assertThat(remote.out().lines()).containsExactly("go1.92rc1", "go1.91.3", "go1.91.0");
    assertThat(run("toolchain", "list", "--remote", "--json").out().strip())
        .isEqualTo("[{\"version\":\"1.92rc1\"},{\"version\":\"1.91.3\"},{\"version\":\"1.91.0\"}]");

    // The go command's own switching finds installed toolchains through go1.X.Y links.
    Path link = tmp.resolve("home/bin/go1.91.3");
    assertThat(link).isSymbolicLink();
    assertThat(link.toRealPath()).isEqualTo(goroot.resolve("bin/go").toRealPath());

    GoferTest.Result un = run("toolchain", "uninstall", "go1.91.3");
    assertThat(un.code()).isZero();
    assertThat(link).doesNotExist();
    assertThat(java.nio.file.Files.isSymbolicLink(link)).isFalse();
    assertThat(goroot).doesNotExist();
    GoferTest.Result missing = run("toolchain", "uninstall", "1.91.3");
    assertThat(missing.code()).isEqualTo(Gofer.EXIT_RUNTIME);
    assertThat(missing.err().lines()).containsExactly("gofer: go1.91.3 is not installed (see 'gofer toolchain list')");
  }

  @Test
  void aTamperedToolchainFailsWithOneLineAndLeavesNothing() throws Exception {
    up.publish("1.91.0");
    Map<String, byte[]> evil = new LinkedHashMap<>(up.tree("1.91.0"));
    evil.put("VERSION", "go1.91.0-evil\n".getBytes(StandardCharsets.UTF_8));
    up.serve("1.91.0", up.moduleZip("1.91.0", evil));
    GoferTest.Result r = run("toolchain", "install", "1.91.0", "--quiet");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_RUNTIME);
    assertThat(r.err().lines()).singleElement().asString().startsWith("gofer: verifying golang.org/toolchain@").contains("checksum mismatch");
    try (var s = Files.list(tmp.resolve("home/toolchains"))) {
      assertThat(s.map(x -> x.getFileName().toString())).allMatch(n -> n.startsWith(".lock-"));
    }
  }

  @Test
  void badVersionsAndGosumdbOff() {
    for (String bad : new String[] {"1.x", "go", "1.22.5; rm -rf /"}) {
      GoferTest.Result r = run("toolchain", "install", bad);
      assertThat(r.code()).as(bad).isEqualTo(Gofer.EXIT_USAGE);
      assertThat(r.err().lines()).as(bad).singleElement().asString().startsWith("gofer: invalid Go version");
    }
    assertThat(run("toolchain", "uninstall", "1.x").code()).isEqualTo(Gofer.EXIT_USAGE);
    env.put("GOSUMDB", "off");
    GoferTest.Result off = run("toolchain", "install", "1.91.0");
    assertThat(off.code()).isEqualTo(Gofer.EXIT_RUNTIME);
    assertThat(off.err().strip()).isEqualTo("gofer: checksum database disabled by GOSUMDB=off");
  }

  @Test
  void installsFromAnIndexAndRefusesABadChecksum() {
    up.publishTarball("1.91.0", true, null).publishTarball("1.91.1", true, "cd".repeat(32));
    GoferTest.Result ok = run("toolchain", "install", "1.91.0", "--from-index", up.indexUrl().toString(), "--json");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("\"alreadyInstalled\":false");
    GoferTest.Result bad = run("toolchain", "install", "1.91.1", "--from-index", up.indexUrl().toString());
    assertThat(bad.code()).isEqualTo(Gofer.EXIT_RUNTIME);
    assertThat(bad.err()).contains("SHA-256 mismatch");
    assertThat(tmp.resolve("home/toolchains/go1.91.1")).doesNotExist();
  }
}
