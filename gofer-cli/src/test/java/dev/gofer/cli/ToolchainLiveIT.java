package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.toolchain.GoferHome;
import dev.gofer.toolchain.select.Installed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gofer toolchain} against the real public services: installs the newest Go 1.22 and 1.23
 * releases from proxy.golang.org, verified through sum.golang.org (the built-in key; nothing is
 * injected), then builds and runs a hello-world with each through the {@code go} shim in two
 * directories, one pinned by {@code .go-version} and one by a go.mod {@code toolchain} line.
 * Runs only with {@code ./mvnw verify -Plive}; it downloads about 150 MB.
 */
class ToolchainLiveIT {
  static final String HELLO = """
      package main

      import (
      \t"fmt"
      \t"runtime"
      )

      func main() { fmt.Println(runtime.Version()) }
      """;

  @BeforeAll
  static void onlyWhenAskedFor() {
    boolean live = Boolean.getBoolean("gofer.live");
    if (!live) {
      System.err.println(
          "ToolchainLiveIT skipped: it downloads real Go toolchains from proxy.golang.org and verifies them through"
              + " sum.golang.org; run ./mvnw verify -Plive to include it");
    }
    assumeTrue(live, "live tests run with -Plive (they reach proxy.golang.org and sum.golang.org)");
  }

  @TempDir Path tmp;

  GoferTest.Result gofer(Map<String, String> env, Path dir, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Gofer.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env, new ByteArrayOutputStream(), dir);
    return new GoferTest.Result(code, out.toString(), err.toString());
  }

  @Test
  void realGo122And123BuildAndRunHelloThroughTheShims() throws Exception {
    GoferHome home = new GoferHome(tmp.resolve("gofer-home"));
    // The user's view: GOFER_HOME and the default GOPROXY/GOSUMDB (proxy.golang.org, sum.golang.org).
    Map<String, String> env = new HashMap<>(Map.of("GOFER_HOME", home.root().toString(), "HOME", tmp.toString(), "PATH", "/usr/bin:/bin"));
    GoferTest.Result install = gofer(env, tmp, "toolchain", "install", "1.22", "1.23");
    assertThat(install.code()).as(install.err()).isZero();
    assertThat(install.err()).contains("verified");
    List<String> versions = Installed.versions(home);
    assertThat(versions).hasSize(2);
    String v122 = versions.get(0);
    String v123 = versions.get(1);
    assertThat(v122).startsWith("1.22.");
    assertThat(v123).startsWith("1.23.");
    assertThat(install.out()).contains("go" + v122 + " installed in " + home.toolchain(v122))
        .contains("go" + v123 + " installed in " + home.toolchain(v123));
    GoferTest.Result init = gofer(env, tmp, "toolchain", "init", "bash");
    assertThat(init.code()).as(init.err()).isZero();

    Path pinned = Files.createDirectories(tmp.resolve("pinned/cmd"));
    Files.writeString(tmp.resolve("pinned/.go-version"), "go" + v122 + "\n");
    Files.writeString(pinned.resolve("go.mod"), "module example.com/pinned\n\ngo 1.21\n");
    Files.writeString(pinned.resolve("main.go"), HELLO);

    Path modded = Files.createDirectories(tmp.resolve("modded"));
    Files.writeString(modded.resolve("go.mod"), "module example.com/modded\n\ngo 1.22\n\ntoolchain go" + v123 + "\n");
    Files.writeString(modded.resolve("main.go"), HELLO);

    assertThat(buildAndRun(home, pinned)).isEqualTo("go" + v122);
    assertThat(buildAndRun(home, modded)).isEqualTo("go" + v123);

    // list marks what each directory chose, and why.
    assertThat(gofer(env, pinned, "toolchain", "list").out())
        .contains("go" + v122 + "\t" + home.toolchain(v122) + "\t* (set by " + tmp.resolve("pinned/.go-version") + ")");
    assertThat(gofer(env, modded, "toolchain", "list", "--json").out())
        .contains("\"active\":true,\"chosenBy\":\"" + modded.resolve("go.mod") + " toolchain line\"");
  }

  /** {@code go build} then the program, through the shim, in {@code dir}; the program's output. */
  String buildAndRun(GoferHome home, Path dir) throws IOException, InterruptedException {
    Path gocache = tmp.resolve("gocache");
    Map<String, String> env = new HashMap<>();
    env.put("PATH", home.bin() + ":/usr/bin:/bin");
    env.put("GOFER_HOME", home.root().toString());
    // Only sh runs on these paths: a shim that asked the JVM would fail.
    env.put("GOFER_CMD", "false");
    env.put("HOME", tmp.toString());
    env.put("PWD", dir.toString());
    env.put("GOCACHE", gocache.toString());
    env.put("GOPATH", tmp.resolve("gopath").toString());
    env.put("GOFLAGS", "-modcacherw");
    env.put("GOPROXY", "off");
    env.put("GOENV", "off");
    env.put("CGO_ENABLED", "0");
    run(env, dir, home.bin().resolve("go").toString(), "build", "-o", "hello", ".");
    String which = run(env, dir, home.bin().resolve("go").toString(), "env", "GOROOT").strip();
    assertThat(Path.of(which)).startsWith(home.toolchains());
    return run(env, dir, dir.resolve("hello").toString()).strip();
  }

  static String run(Map<String, String> env, Path dir, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", cmd) + ":\n" + out).isZero();
    return out;
  }
}
