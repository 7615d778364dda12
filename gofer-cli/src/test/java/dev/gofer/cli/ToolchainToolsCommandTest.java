package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.gofer.mod.modfile.ModFile;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.toolchain.tools.Ptrace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gofer toolchain tools}: a fixture tool module served by a GOPROXY over HTTP, built with
 * the machine's real go (linked in as a gofer toolchain), and setcap on a copy of a program.
 */
class ToolchainToolsCommandTest {
  static final String TOOL = "example.com/fixture/tool";
  static final String ONLY_NEW = "example.com/fixture/future";

  @TempDir static Path shared;
  static HttpServer server;
  static String proxyUrl;
  static String goVersion;
  static Path goroot;

  @TempDir Path tmp;
  Map<String, String> env;

  @BeforeAll
  static void upstream() throws Exception {
    Path root = shared.resolve("proxy");
    List<FixtureModules.Module> ms = new ArrayList<>();
    ms.add(tool(TOOL, "v1.0.0", "1.21"));
    ms.add(tool(TOOL, "v1.2.0", "1.22"));
    ms.add(tool(TOOL, "v1.3.0", "1.99")); // too new for any toolchain here: skipped
    ms.add(tool(TOOL, "v1.4.0-rc.1", "1.21")); // a prerelease: never chosen
    ms.add(tool(ONLY_NEW, "v0.1.0", "1.99"));
    FixtureModules.writeProxyTree(root, ms);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", x -> {
      Path f = root.resolve(x.getRequestURI().getPath().substring(1)).normalize();
      byte[] body = f.startsWith(root) && Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
      x.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        try (OutputStream os = x.getResponseBody()) {
          os.write(body);
        }
      }
      x.close();
    });
    server.start();
    proxyUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    if (ToolchainToolsLive.goAvailable()) {
      goVersion = ToolchainToolsLive.goEnv("GOVERSION").substring(2);
      goroot = Path.of(ToolchainToolsLive.goEnv("GOROOT"));
    }
  }

  static FixtureModules.Module tool(String path, String version, String go) {
    return new FixtureModules.Module(path, version, Instant.parse("2024-06-01T00:00:00Z"), Map.of(
        "go.mod", ModFile.render(path, go, List.of()),
        "main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"fixture tool " + version + "\") }\n"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @BeforeEach
  void home() throws IOException {
    env = new HashMap<>();
    env.put("GOFER_HOME", tmp.resolve("home").toString());
    env.put("GOPROXY", proxyUrl);
    env.put("GOSUMDB", "off");
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", tmp.toString());
    env.put("GOCACHE", shared.resolve("gocache").toString()); // shared: each test need not rebuild the runtime
    env.put("GOFER_CMD", "false");
  }

  /** Links the real GOROOT in as gofer toolchain go{@link #goVersion}. */
  Path linkRealToolchain() throws IOException {
    assumeTrue(goVersion != null, "skipped: no go on PATH to use as the toolchain");
    Path tc = tmp.resolve("home/toolchains/go" + goVersion);
    Files.createDirectories(tc.getParent());
    Files.createSymbolicLink(tc, goroot);
    return tc;
  }

  GoferTest.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Gofer.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env, new ByteArrayOutputStream(), tmp);
    return new GoferTest.Result(code, out.toString(), err.toString());
  }

  static String exec(Path program) throws Exception {
    Process p = new ProcessBuilder(program.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    return out;
  }

  @Test
  void installsTheNewestReleaseWhoseGoLineTheToolchainAccepts() throws Exception {
    linkRealToolchain();
    GoferTest.Result r = run("toolchain", "tools", "install", TOOL, "--toolchain", goVersion);
    assertThat(r.code()).as(r.err()).isZero();
    Path bin = tmp.resolve("home/tools/go" + goVersion + "/bin/tool");
    assertThat(r.out()).isEqualTo("tool v1.2.0 installed in " + bin + "\n");
    assertThat(r.err())
        .contains("tool: " + TOOL + "@v1.2.0 (go 1.22) is the newest release go" + goVersion + " can build; skipped v1.3.0 (go 1.99)")
        .contains("building " + TOOL + "@v1.2.0 with go" + goVersion);
    assertThat(exec(bin)).isEqualTo("fixture tool v1.2.0\n");
    // The module cache is gofer's own, and no staging directory is left behind.
    assertThat(tmp.resolve("home/cache/mod/example.com/fixture/tool@v1.2.0")).isDirectory();
    try (Stream<Path> s = Files.list(tmp.resolve("home/tools/go" + goVersion))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("bin");
    }
    // which finds it for the active toolchain.
    env.put("GOFER_GO_VERSION", goVersion);
    GoferTest.Result which = run("toolchain", "which", "tool");
    assertThat(which.out().strip()).isEqualTo(bin.toString());

    // A shim runs the copy built with the toolchain the directory chooses, without a JVM.
    Path shim = tmp.resolve("home/bin/tool");
    assertThat(shim).isExecutable();
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve(".go-version"), goVersion + "\n");
    assertThat(shimRun(shim, project)).isEqualTo("0 fixture tool v1.2.0\n");
    fakeDlv("1.91.3"); // another toolchain, without this tool
    Files.writeString(project.resolve(".go-version"), "1.91.3\n");
    assertThat(shimRun(shim, project)).isEqualTo("3 gofer: go1.91.3 has no tool; run: gofer toolchain tools install tool --toolchain 1.91.3\n");
  }

  String shimRun(Path shim, Path dir) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", shim.toString()).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().remove("GOFER_GO_VERSION");
    pb.environment().put("PWD", dir.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return p.waitFor() + " " + out;
  }

  @Test
  void pinsAVersionDefaultsToTheActiveToolchainAndReportsJson() throws Exception {
    linkRealToolchain();
    env.put("GOFER_GO_VERSION", goVersion);
    Files.createDirectories(tmp.resolve("home/tools/go" + goVersion + "/.tmp-tool-999999999")); // a crashed run's leftover
    GoferTest.Result r = run("toolchain", "tools", "install", TOOL + "@v1.0.0", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    Path bin = tmp.resolve("home/tools/go" + goVersion + "/bin/tool");
    assertThat(r.out().strip()).isEqualTo("[{\"tool\":\"tool\",\"module\":\"" + TOOL + "\",\"version\":\"v1.0.0\",\"goLine\":\"1.21\",\"toolchain\":\""
        + goVersion + "\",\"path\":\"" + bin + "\"}]");
    assertThat(exec(bin)).isEqualTo("fixture tool v1.0.0\n");
    assertThat(tmp.resolve("home/tools/go" + goVersion + "/.tmp-tool-999999999")).doesNotExist();
  }

  @Test
  void noFittingReleaseIsAOneLineError() throws Exception {
    linkRealToolchain();
    GoferTest.Result r = run("toolchain", "tools", "install", ONLY_NEW, "--toolchain", goVersion);
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("gofer: no release of " + ONLY_NEW + " supports go" + goVersion
        + ": the newest 1 need a newer Go (v0.1.0 wants go 1.99); install a newer toolchain or pin an older release with @VERSION\n");
    assertThat(tmp.resolve("home/tools/go" + goVersion + "/bin/future")).doesNotExist();
  }

  @Test
  void badInputIsAUsageError() throws Exception {
    linkRealToolchain();
    GoferTest.Result unknown = run("toolchain", "tools", "install", "vim", "--toolchain", goVersion);
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("gofer: unknown tool \"vim\": want gopls, dlv or the path of a main package\n");
    GoferTest.Result badVersion = run("toolchain", "tools", "install", "gopls@latest", "--toolchain", goVersion);
    assertThat(badVersion.code()).isEqualTo(2);
    assertThat(badVersion.err()).startsWith("gofer: invalid version \"latest\" in gopls@latest");
    GoferTest.Result missing = run("toolchain", "tools", "install", "gopls", "--toolchain", "1.19.3");
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err()).isEqualTo("gofer: go1.19.3 is not installed; run: gofer toolchain install 1.19.3\n");
  }

  /** A fake toolchain and a dlv (a script: setcap works on any regular file) for grant-ptrace. */
  Path fakeDlv(String v) throws IOException {
    Path go = Files.createDirectories(tmp.resolve("home/toolchains/go" + v + "/bin")).resolve("go");
    Files.writeString(go, "#!/bin/sh\necho go version go" + v + "\n");
    Files.setPosixFilePermissions(go, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dlv = Files.createDirectories(tmp.resolve("home/tools/go" + v + "/bin")).resolve("dlv");
    Files.writeString(dlv, "#!/bin/sh\necho dlv\n");
    Files.setPosixFilePermissions(dlv, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dlv;
  }

  Path fakeProc(String scope, String uid, String noNewPrivs) throws IOException {
    Path proc = tmp.resolve("proc");
    Files.createDirectories(proc.resolve("sys/kernel/yama"));
    Files.createDirectories(proc.resolve("self"));
    Files.writeString(proc.resolve("sys/kernel/yama/ptrace_scope"), scope + "\n");
    Files.writeString(proc.resolve("self/status"), "Name:\tjava\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nNoNewPrivs:\t" + noNewPrivs + "\n");
    return proc;
  }

  @Test
  void grantPtraceDryRunPrintsTheCommandAndWhy() throws Exception {
    Path dlv = fakeDlv("1.91.3");
    env.put("GOFER_PROC", fakeProc("1", "1000", "1").toString());
    GoferTest.Result r = run("toolchain", "tools", "grant-ptrace", "--toolchain", "1.91.3", "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("""
        why: dlv attach needs to ptrace a process it did not start; CAP_SYS_PTRACE on the dlv file allows that without running dlv as root
        kernel.yama.ptrace_scope = 1: only descendants can be traced unless the tracer has CAP_SYS_PTRACE: the capability makes dlv attach work
        warning: this process runs with NoNewPrivs=1 (systemd NoNewPrivileges=yes, or a container with no-new-privileges): file capabilities are ignored for programs started from it, so dlv started here gets no CAP_SYS_PTRACE
        dry run, would run: setcap cap_sys_ptrace+ep %s
        """.formatted(dlv));
    assertThat(Ptrace.explain(new Ptrace.Kernel(java.util.Optional.of(3), false)).get(1))
        .isEqualTo("kernel.yama.ptrace_scope = 3: no process may attach, even with CAP_SYS_PTRACE (until reboot): dlv attach will fail, dlv debug/exec still work");
  }

  @Test
  void grantPtraceRefusesWithoutRoot() throws Exception {
    fakeDlv("1.91.3");
    env.put("GOFER_PROC", fakeProc("2", "65534", "0").toString());
    GoferTest.Result r = run("toolchain", "tools", "grant-ptrace", "--toolchain", "1.91.3");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("gofer: setting a file capability needs root; run: sudo gofer toolchain tools grant-ptrace --toolchain 1.91.3\n");
  }

  @Test
  void grantPtraceWithoutDlvNamesTheInstallCommand() throws Exception {
    fakeDlv("1.91.3");
    Files.delete(tmp.resolve("home/tools/go1.91.3/bin/dlv"));
    GoferTest.Result r = run("toolchain", "tools", "grant-ptrace", "--toolchain", "1.91.3", "--dry-run");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).endsWith("; run: gofer toolchain tools install dlv --toolchain 1.91.3\n");
  }

  @Test
  void grantPtraceAsRootSetsTheCapability() throws Exception {
    assumeTrue(ToolchainToolsCommand.GrantPtrace.effectiveUid(Path.of("/proc")) == 0, "skipped: needs root to setcap");
    assumeTrue(Ptrace.onPath("setcap", System.getenv("PATH") + ":/usr/sbin:/sbin").isPresent(),
        "skipped: setcap is missing (Debian: apt-get install -y libcap2-bin)");
    Path dlv = fakeDlv("1.91.3");
    GoferTest.Result r = run("toolchain", "tools", "grant-ptrace", "--toolchain", "1.91.3");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("running: setcap cap_sys_ptrace+ep " + dlv)
        .contains("granted: getcap " + dlv + " = cap_sys_ptrace=ep");
    assertThat(Ptrace.capabilities(dlv)).isEqualTo("cap_sys_ptrace=ep");
  }
}
