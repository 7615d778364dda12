package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.toolchain.GoferHome;
import dev.gofer.toolchain.install.Platform;
import dev.gofer.toolchain.testing.FixtureToolchains;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code gofer toolchain use|local|shell|current|which|exec|init|rehash}, in-process. */
class ToolchainSwitchTest {
  @TempDir Path tmp;
  GoferHome home;
  Path work;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws IOException {
    home = new GoferHome(tmp.resolve("home"));
    work = Files.createDirectories(tmp.resolve("w/a"));
    install("1.21.5");
    install("1.22.5");
    env = new HashMap<>(Map.of("GOFER_HOME", home.root().toString(), "PATH", "/usr/bin:/bin", "HOME", tmp.toString()));
  }

  void install(String v) throws IOException {
    Path go = Files.createDirectories(home.toolchain(v).resolve("bin")).resolve("go");
    Files.writeString(go, "#!/bin/sh\necho \"go version go" + v + " linux/amd64\"\n");
    Files.setPosixFilePermissions(go, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  GoferTest.Result run(Path dir, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Gofer.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env, new ByteArrayOutputStream(), dir);
    return new GoferTest.Result(code, out.toString(), err.toString());
  }

  @Test
  void useLocalCurrent() throws IOException {
    GoferTest.Result r = run(work, "toolchain", "use", "go1.21.5");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(home.globalVersionFile())).isEqualTo("1.21.5\n");
    assertThat(run(work, "toolchain", "current").out()).isEqualTo("1.21.5 (set by " + home.globalVersionFile() + " (global))\n");

    assertThat(run(work, "toolchain", "local", "1.22.5").code()).isZero();
    assertThat(Files.readString(work.resolve(".go-version"))).isEqualTo("1.22.5\n");
    Path sub = Files.createDirectories(work.resolve("sub"));
    r = run(sub, "toolchain", "current", "--json");
    assertThat(r.out()).isEqualTo("{\"version\":\"1.22.5\",\"source\":\"" + work.resolve(".go-version")
        + "\",\"installed\":true,\"goroot\":\"" + home.toolchain("1.22.5") + "\",\"go\":\""
        + home.toolchain("1.22.5").resolve("bin/go") + "\"}\n");
    // use/local wrote the shims and the version links on the way
    assertThat(home.bin().resolve("go")).isExecutable();
    assertThat(Files.readSymbolicLink(home.bin().resolve("go1.22.5"))).isEqualTo(home.toolchain("1.22.5").resolve("bin/go"));
  }

  @Test
  void currentOfAMissingToolchainSaysHowToInstallAndExits1() throws IOException {
    Files.writeString(work.resolve("go.mod"), "module m\ngo 1.21\ntoolchain go1.23.4\n");
    GoferTest.Result r = run(work, "toolchain", "current");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("1.23.4 (set by " + work.resolve("go.mod") + " toolchain line)\n");
    assertThat(r.err()).contains("run: gofer toolchain install 1.23.4").hasLineCount(1);
  }

  @Test
  void whichPrintsThePathOrExits1() throws IOException {
    Files.writeString(work.resolve("go.mod"), "module m\ngo 1.21\n");
    GoferTest.Result r = run(work, "toolchain", "which");
    assertThat(r.out()).isEqualTo(home.toolchain("1.22.5").resolve("bin/go") + "\n");

    r = run(work, "toolchain", "which", "gopls");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("gofer: go1.22.5 has no gopls").hasLineCount(1);

    Files.writeString(work.resolve("go.mod"), "module m\ngo 1.24\n");
    r = run(work, "toolchain", "which");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("gofer: no installed toolchain is go1.24 or newer (required by "
        + work.resolve("go.mod") + " go line 1.24); run: gofer toolchain install 1.24\n");
  }

  @Test
  void whichWithAutoInstallInstallsTheVerifiedToolchainFirst() throws IOException {
    try (FixtureToolchains up = FixtureToolchains.start(Platform.current().goarch()).publish("1.91.0")) {
      Files.writeString(work.resolve(".go-version"), "1.91.0\n");
      env.put("GOFER_AUTO_INSTALL", "1");
      env.put("GOPROXY", up.proxyUrl());
      env.put("GOSUMDB", up.gosumdb());
      GoferTest.Result r = run(work, "toolchain", "which");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out().trim()).endsWith("go1.91.0/bin/go");
      assertThat(Path.of(r.out().trim())).isExecutable();
    }
  }

  @Test
  void autoInstallOfAVersionTheProxyLacksSaysWhyAndWhere() throws IOException {
    try (FixtureToolchains up = FixtureToolchains.start(Platform.current().goarch())) {
      Files.writeString(work.resolve(".go-version"), "1.23.4\n");
      env.put("GOFER_AUTO_INSTALL", "1");
      env.put("GOPROXY", up.proxyUrl());
      env.put("GOSUMDB", up.gosumdb());
      GoferTest.Result r = run(work, "toolchain", "which");
      assertThat(r.code()).isNotZero();
      // The installer's own one-line reason, then what it meant for this command.
      assertThat(r.err()).contains("gofer: download go1.23.4 for linux/").contains("toolchain not available");
      List<String> lines = r.err().lines().toList();
      assertThat(lines.get(lines.size() - 1))
          .startsWith("gofer: installing go1.23.4 (chosen by " + work.resolve(".go-version"));
    }
  }

  @Test
  void badFileIsOneLineNamingIt() throws IOException {
    Files.writeString(work.resolve(".go-version"), "one.two\n");
    GoferTest.Result r = run(work, "toolchain", "which");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("gofer: " + work.resolve(".go-version")
        + ": invalid Go version \"one.two\": want a version such as 1.22.5 or go1.22.5\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"use", "local", "shell", "exec"})
  void badVersionsAreUsageErrors(String verb) {
    List<String> args = new java.util.ArrayList<>(List.of("toolchain", verb, "1.22.x"));
    if (verb.equals("exec")) {
      args.addAll(List.of("--", "true"));
    }
    GoferTest.Result r = run(work, args.toArray(String[]::new));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("gofer: invalid Go version \"1.22.x\": want a toolchain version such as 1.22.5 or go1.22.5\n");
    assertThat(work.resolve(".go-version")).doesNotExist();
    assertThat(home.globalVersionFile()).doesNotExist();
  }

  @Test
  void shellPrintsTheExportLine() {
    assertThat(run(work, "toolchain", "shell", "go1.22.5").out()).isEqualTo("export GOFER_GO_VERSION=1.22.5\n");
    assertThat(run(work, "toolchain", "shell", "--shell", "fish", "1.22.5").out()).isEqualTo("set -gx GOFER_GO_VERSION 1.22.5\n");
  }

  @Test
  void execPropagatesTheExitCodeWithTheToolchainFirstOnPath() throws IOException {
    Path seen = tmp.resolve("seen");
    GoferTest.Result r = run(work, "toolchain", "exec", "1.21.5", "--", "sh", "-c",
        "{ go version; echo \"$GOROOT\"; echo \"$GOTOOLCHAIN\"; } > '" + seen + "'; exit 7");
    assertThat(r.code()).as(r.err()).isEqualTo(7);
    assertThat(Files.readString(seen)).isEqualTo("go version go1.21.5 linux/amd64\n" + home.toolchain("1.21.5") + "\nlocal\n");
    assertThat(run(work, "toolchain", "exec", "1.22.5", "--", "true").code()).isZero();
  }

  @Test
  void execOfAMissingToolchain() {
    GoferTest.Result r = run(work, "toolchain", "exec", "1.19.1", "--", "true");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("gofer: go1.19.1 is not installed (chosen by GOFER_GO_VERSION); run: gofer toolchain install 1.19.1\n");
  }

  @Test
  void initForEachShellWritesShimsAndPrintsTheSnippet() throws Exception {
    String bash = run(work, "toolchain", "init", "bash").out();
    assertThat(bash).startsWith("export GOFER_HOME='" + home.root() + "'\n").contains("export PATH=\"$GOFER_HOME/bin:$PATH\"");
    assertThat(run(work, "toolchain", "init", "zsh").out()).contains("export PATH=\"$GOFER_HOME/bin:$PATH\"").endsWith("rehash\n");
    assertThat(run(work, "toolchain", "init", "fish").out())
        .isEqualTo("set -gx GOFER_HOME '" + home.root() + "'\nif not contains -- \"$GOFER_HOME/bin\" $PATH\n"
            + "    set -gx PATH \"$GOFER_HOME/bin\" $PATH\nend\n");
    assertThat(run(work, "toolchain", "init", "tcsh").code()).isEqualTo(2);
    env.put("SHELL", "/usr/bin/fish");
    assertThat(run(work, "toolchain", "init").out()).startsWith("set -gx GOFER_HOME");
    for (String prog : List.of("go", "gofmt")) {
      assertThat(home.bin().resolve(prog)).isExecutable();
    }
    // The bash snippet, evaluated twice by a real shell, puts the shims first once; then go is the shim.
    Files.writeString(work.resolve(".go-version"), "1.21.5\n");
    Process p = new ProcessBuilder("bash", "-c", "PATH=/usr/bin:/bin; eval \"$1\"; eval \"$1\"; echo \"$PATH\"; go version", "x", bash)
        .directory(work.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo(home.bin() + ":/usr/bin:/bin\ngo version go1.21.5 linux/amd64\n");
  }

  @Test
  void shimsAskThisJvmForAGoLine() throws Exception {
    env.put("GOFER_CMD", String.join(" ", List.of(
        ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"), Gofer.class.getName())));
    assertThat(run(work, "toolchain", "rehash").code()).isZero();
    Files.writeString(work.resolve("go.mod"), "module m\ngo 1.21.0\n");
    ProcessBuilder pb = new ProcessBuilder("sh", home.bin().resolve("go").toString(), "version").directory(work.toFile());
    pb.environment().putAll(env);
    pb.environment().put("PATH", home.bin() + ":/usr/bin:/bin");
    pb.environment().put("PWD", work.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(err).isZero();
    assertThat(out).isEqualTo("go version go1.22.5 linux/amd64\n");
  }
}
