package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.toolchain.GoferHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gofer toolchain list} marks the toolchain active in the working directory and says why. */
class ToolchainListCommandTest {
  @TempDir Path tmp;
  GoferHome home;
  Path work;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws IOException {
    home = new GoferHome(tmp.resolve("home"));
    work = Files.createDirectories(tmp.resolve("w/a"));
    for (String v : new String[] {"1.21.5", "1.22.5", "1.23rc1"}) {
      Path go = Files.createDirectories(home.toolchain(v).resolve("bin")).resolve("go");
      Files.writeString(go, "#!/bin/sh\necho \"go version go" + v + " linux/amd64\"\n");
      Files.setPosixFilePermissions(go, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    // No go on PATH: the fallback is "none", never this machine's go.
    env = new HashMap<>(Map.of("GOFER_HOME", home.root().toString(), "PATH", tmp.resolve("empty").toString(), "HOME", tmp.toString()));
  }

  GoferTest.Result list(Path dir, String... more) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = new String[2 + more.length];
    args[0] = "toolchain";
    args[1] = "list";
    System.arraycopy(more, 0, args, 2, more.length);
    int code = Gofer.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env, new ByteArrayOutputStream(), dir);
    return new GoferTest.Result(code, out.toString(), err.toString());
  }

  String line(String v) {
    return "go" + v + "\t" + home.toolchain(v);
  }

  @Test
  void marksTheGoVersionFileChoiceAndNamesTheFile() throws IOException {
    Files.writeString(work.resolve(".go-version"), "go1.21.5\n");
    Path sub = Files.createDirectories(work.resolve("sub"));
    GoferTest.Result r = list(sub);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).containsExactly(
        line("1.23rc1"), line("1.22.5"), line("1.21.5") + "\t* (set by " + work.resolve(".go-version") + ")");
    assertThat(r.err()).isEmpty();

    assertThat(list(sub, "--json").out().strip()).isEqualTo("["
        + "{\"version\":\"1.23rc1\",\"goroot\":\"" + home.toolchain("1.23rc1") + "\",\"active\":false},"
        + "{\"version\":\"1.22.5\",\"goroot\":\"" + home.toolchain("1.22.5") + "\",\"active\":false},"
        + "{\"version\":\"1.21.5\",\"goroot\":\"" + home.toolchain("1.21.5") + "\",\"active\":true,\"chosenBy\":\""
        + work.resolve(".go-version") + "\"}]");
  }

  @Test
  void theVariableWinsOverFilesAndTheGoModLinesAndGlobalChoiceAreNamed() throws IOException {
    Files.writeString(work.resolve("go.mod"), "module m\n\ngo 1.22.0\n\ntoolchain go1.22.5\n");
    assertThat(list(work).out()).contains(line("1.22.5") + "\t* (set by " + work.resolve("go.mod") + " toolchain line)\n");

    env.put("GOFER_GO_VERSION", "go1.23rc1");
    assertThat(list(work).out()).contains(line("1.23rc1") + "\t* (set by GOFER_GO_VERSION)\n")
        .doesNotContain("1.22.5\t*");
    env.remove("GOFER_GO_VERSION");

    Files.writeString(work.resolve("go.mod"), "module m\n\ngo 1.22\n");
    // A go line is a minimum: the newest installed toolchain meets it.
    assertThat(list(work, "--json").out()).contains("{\"version\":\"1.23rc1\",\"goroot\":\"" + home.toolchain("1.23rc1")
        + "\",\"active\":true,\"chosenBy\":\"" + work.resolve("go.mod") + " go line 1.22 (newest installed >= 1.22)\"}");

    Files.delete(work.resolve("go.mod"));
    Files.writeString(home.globalVersionFile(), "1.21.5\n");
    assertThat(list(work).out()).contains(line("1.21.5") + "\t* (set by " + home.globalVersionFile() + " (global))\n");
  }

  @Test
  void aChoiceThatIsNotInstalledMarksNothingAndSaysSoOnStderr() throws IOException {
    Files.writeString(work.resolve(".go-version"), "1.24.1\n");
    GoferTest.Result r = list(work);
    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).containsExactly(line("1.23rc1"), line("1.22.5"), line("1.21.5"));
    assertThat(r.err()).isEqualTo("gofer: active here: go1.24.1 is not installed (chosen by " + work.resolve(".go-version")
        + "); run: gofer toolchain install 1.24.1\n");
    assertThat(list(work, "--json").out()).doesNotContain("\"active\":true").doesNotContain("chosenBy");

    // A broken version file does not stop the listing; the reason is one line on stderr.
    Files.writeString(work.resolve(".go-version"), "one.two\n");
    r = list(work);
    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).hasSize(3);
    assertThat(r.err()).isEqualTo("gofer: active here: " + work.resolve(".go-version")
        + ": invalid Go version \"one.two\": want a version such as 1.22.5 or go1.22.5\n");
  }

  @Test
  void theSystemGoIsNamedWhenNothingPinsAToolchain() throws IOException {
    Path sys = Files.createDirectories(tmp.resolve("sys"));
    Path go = sys.resolve("go");
    Files.writeString(go, "#!/bin/sh\n");
    Files.setPosixFilePermissions(go, PosixFilePermissions.fromString("rwxr-xr-x"));
    env.put("PATH", sys.toString());
    GoferTest.Result r = list(work);
    assertThat(r.out()).doesNotContain("*");
    assertThat(r.err()).isEqualTo("gofer: active here: the system go " + go + " (set by system go on PATH)\n");
  }
}
