package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real gopls and dlv, chosen from proxy.golang.org for the machine's go (linked in as a gofer
 * toolchain), verified by sum.golang.org and built by that go. Runs only with {@code ./mvnw verify
 * -Plive}: it needs the network and minutes of compiling, so the default build skips it and says
 * why.
 */
class ToolsLiveIT {
  @TempDir Path tmp;

  @Test
  void installsRealGoplsAndDlvForTheMachinesGo() throws Exception {
    boolean live = Boolean.getBoolean("gofer.live");
    if (!live) {
      System.err.println("ToolsLiveIT skipped: it builds gopls and dlv from proxy.golang.org; run ./mvnw verify -Plive to include it");
    }
    assumeTrue(live, "live tests run with -Plive (they reach proxy.golang.org and sum.golang.org)");
    assumeTrue(ToolchainToolsLive.goAvailable(), "go is not on PATH");
    String v = ToolchainToolsLive.goEnv("GOVERSION").substring(2);
    Path home = tmp.resolve("home");
    Files.createDirectories(home.resolve("toolchains"));
    Files.createSymbolicLink(home.resolve("toolchains/go" + v), Path.of(ToolchainToolsLive.goEnv("GOROOT")));

    Map<String, String> env = new HashMap<>();
    env.put("GOFER_HOME", home.toString());
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", tmp.toString());
    env.put("GOFER_CMD", "false");
    env.put("GOFER_GO_VERSION", v);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Gofer.run(new String[] {"toolchain", "tools", "install", "gopls", "dlv"},
        new PrintWriter(out, true), new PrintWriter(err, true), env, new ByteArrayOutputStream(), tmp);
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("is the newest release go" + v + " can build");

    Path tools = home.resolve("tools/go" + v + "/bin");
    assertThat(run(tools.resolve("gopls"), "version")).contains("golang.org/x/tools/gopls");
    assertThat(run(tools.resolve("dlv"), "version")).contains("Delve Debugger");
    assertThat(home.resolve("bin/gopls")).isExecutable();
    assertThat(home.resolve("bin/dlv")).isExecutable();
  }

  static String run(Path program, String arg) throws Exception {
    Process p = new ProcessBuilder(program.toString(), arg).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }
}
