package dev.gofer.toolchain.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.toolchain.GoferHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real shim scripts, run by sh in temporary directories. */
class ShimTest {
  @TempDir Path tmp;
  GoferHome home;
  Path work;
  Path sys;
  Path goferLog;
  Map<String, String> env;
  Shims shims;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void setUp() throws IOException {
    home = new GoferHome(tmp.resolve("home"));
    work = Files.createDirectories(tmp.resolve("w/a/b"));
    sys = tmp.resolve("sys");
    Fakes.script(sys.resolve("go"), "echo \"system go GOROOT=$GOROOT args=$*\"");
    Fakes.install(home, "1.21.5");
    Fakes.install(home, "1.22.5");
    // Stands in for the JVM: records that it was asked, answers like 'gofer toolchain which'.
    goferLog = tmp.resolve("gofer.log");
    Path gofer = Fakes.script(tmp.resolve("fake-gofer"),
        "echo \"$*\" >> '" + goferLog + "'\n"
            + "eval \"$FAKE_DO\"\n"
            + "if [ -n \"$FAKE_WHICH\" ]; then echo \"$FAKE_WHICH\"; else echo 'gofer: fake says no' >&2; exit 1; fi");
    shims = new Shims(home, Shims.quote(gofer.toString()));
    shims.refresh();
    env = new HashMap<>();
    env.put("PATH", home.bin() + ":" + sys + ":/usr/bin:/bin");
    env.put("HOME", tmp.toString());
  }

  Result run(Path dir, String program, String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder();
    pb.command().addAll(List.of("sh", home.bin().resolve(program).toString()));
    pb.command().addAll(List.of(args));
    pb.directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().put("PWD", dir.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out, err);
  }

  boolean jvmAsked() {
    return Files.exists(goferLog);
  }

  @Test
  void goVersionFileWalkingUp() throws Exception {
    Fakes.write(tmp.resolve("w/.go-version"), "# pinned for the team\ngo1.21.5\n");
    Result r = run(work, "go", "version", "-m");
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("go version go1.21.5 linux/amd64 GOROOT=" + home.toolchain("1.21.5")
        + " GOTOOLCHAIN=local args=version -m\n");
    assertThat(jvmAsked()).isFalse();
  }

  @Test
  void gofmtShimRunsTheSameToolchainsGofmt() throws Exception {
    Fakes.write(tmp.resolve("w/a/.go-version"), "1.22.5");
    assertThat(run(work, "gofmt", "-l", ".").out()).isEqualTo("gofmt of go1.22.5 args=-l .\n");
  }

  @Test
  void goModToolchainLineWithoutJvm() throws Exception {
    Fakes.write(tmp.resolve("w/a/go.mod"), "module example.com/m\n\ngo 1.21\n\ntoolchain go1.22.5 // pinned\n\nrequire example.com/x v1.0.0\n");
    Result r = run(work, "go", "build");
    assertThat(r.out()).startsWith("go version go1.22.5 ");
    assertThat(jvmAsked()).isFalse();
  }

  @Test
  void goWorkAboveWinsOverNearerGoMod() throws Exception {
    Fakes.write(tmp.resolve("w/go.work"), "go 1.21\ntoolchain go1.21.5\nuse ./a/b\n");
    Fakes.write(tmp.resolve("w/a/b/go.mod"), "module m\ngo 1.21\ntoolchain go1.22.5\n");
    assertThat(run(work, "go").out()).startsWith("go version go1.21.5 ");
    env.put("GOWORK", "off");
    assertThat(run(work, "go").out()).startsWith("go version go1.22.5 ");
  }

  @Test
  void goLineAsksTheJvm() throws Exception {
    Fakes.write(tmp.resolve("w/go.mod"), "module m\ngo 1.21\n");
    env.put("FAKE_WHICH", home.toolchain("1.22.5").resolve("bin/go").toString());
    Result r = run(work, "go", "env");
    assertThat(r.out()).startsWith("go version go1.22.5 linux/amd64 GOROOT=" + home.toolchain("1.22.5") + " ");
    assertThat(Files.readString(goferLog)).isEqualTo("toolchain which go\n");
  }

  @Test
  void jvmErrorsPassThrough() throws Exception {
    Fakes.write(tmp.resolve("w/.go-version"), "banana\n");
    Result r = run(work, "go");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("gofer: fake says no\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void environmentOverridesFilesAndUserGotoolchainIsKept() throws Exception {
    Fakes.write(tmp.resolve("w/.go-version"), "1.21.5");
    env.put("GOFER_GO_VERSION", "1.22.5");
    env.put("GOTOOLCHAIN", "path");
    assertThat(run(work, "go").out()).startsWith("go version go1.22.5 ").contains("GOTOOLCHAIN=path ");
  }

  @Test
  void toolVersionsAndGlobal() throws Exception {
    Fakes.write(home.globalVersionFile(), "1.21.5\n");
    assertThat(run(work, "go").out()).startsWith("go version go1.21.5 ");
    Fakes.write(tmp.resolve("w/.tool-versions"), "nodejs 20.0.0\ngolang 1.22.5\n");
    assertThat(run(work, "go").out()).startsWith("go version go1.22.5 ");
  }

  @Test
  void notInstalledSaysHowToInstallAndFails() throws Exception {
    Fakes.write(tmp.resolve("w/a/.go-version"), "1.23.4\n");
    Result r = run(work, "go", "version");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("gofer: go1.23.4 is not installed (chosen by " + tmp.resolve("w/a/.go-version")
        + "); run: gofer toolchain install 1.23.4\n");
    assertThat(jvmAsked()).isFalse();
  }

  @Test
  void autoInstallAsksTheJvm() throws Exception {
    Fakes.write(tmp.resolve("w/.go-version"), "1.23.4\n");
    env.put("GOFER_AUTO_INSTALL", "1");
    // The JVM installs and answers the new binary; the shim runs what it answers.
    Path installed = home.toolchain("1.23.4");
    Path template = Fakes.install(new GoferHome(tmp.resolve("elsewhere")), "1.23.4");
    env.put("FAKE_DO", "mkdir -p '" + installed + "/bin' && cp '" + template + "/bin/go' '" + installed + "/bin/go'");
    env.put("FAKE_WHICH", installed.resolve("bin/go").toString());
    Result r = run(work, "go");
    assertThat(r.out()).startsWith("go version go1.23.4 linux/amd64 GOROOT=" + installed + " ");
    assertThat(Files.readString(goferLog)).isEqualTo("toolchain which go\n");
  }

  @Test
  void systemGoWhenNothingChoosesAndGorootOfAManagedToolchainIsDropped() throws Exception {
    env.put("GOROOT", home.toolchain("1.22.5").toString());
    Result r = run(work, "go", "x");
    assertThat(r.out()).isEqualTo("system go GOROOT= args=x\n");
  }

  @Test
  void recursionGuardWhenPathHoldsTheShimDirTwice() throws Exception {
    Path again = tmp.resolve("again");
    Files.createSymbolicLink(again, home.bin());
    env.put("PATH", home.bin() + ":" + again + ":" + home.bin() + ":" + sys);
    assertThat(run(work, "go").out()).startsWith("system go ");

    env.put("PATH", home.bin() + ":" + again + ":" + home.bin() + "/");
    Result r = run(work, "go");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).startsWith("gofer: no Go toolchain chosen (system go on PATH) and no go on PATH besides the gofer shims");
  }

  @Test
  void recursionGuardAgainstACopyOfTheShim() throws Exception {
    Path copy = Files.createDirectories(tmp.resolve("copy"));
    Files.copy(home.bin().resolve("go"), copy.resolve("go"));
    copy.resolve("go").toFile().setExecutable(true);
    env.put("PATH", home.bin() + ":" + copy);
    Result r = run(work, "go");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("runs itself in a loop");
  }

  @Test
  void versionLinksForEveryInstalledToolchain() throws Exception {
    assertThat(Files.readSymbolicLink(home.bin().resolve("go1.21.5"))).isEqualTo(home.toolchain("1.21.5").resolve("bin/go"));
    assertThat(shims.refresh()).isFalse();
    Fakes.install(home, "1.23.0");
    Files.walk(home.toolchain("1.21.5")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    Files.writeString(home.bin().resolve("go.tmp-99"), "left by a crash");
    assertThat(shims.refresh()).isTrue();
    try (var names = Files.list(home.bin())) {
      assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("go", "gofmt", "go1.22.5", "go1.23.0");
    }
    // the link runs the toolchain, as the go command's own switching would
    env.put("PATH", "/usr/bin:/bin");
    Result r = run(work, "go1.23.0", "version");
    assertThat(r.out()).startsWith("go version go1.23.0 ");
  }
}
