package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code ./gofer} launcher script at the repository root. */
class LauncherIT {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  record Result(int code, String out, String err) {}

  static Result launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder();
    pb.command().add("bash");
    pb.command().add(ROOT.resolve("gofer").toString());
    pb.command().addAll(List.of(args));
    pb.environment().remove("JAVA_HOME");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    int code = p.waitFor();
    return new Result(code, new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void findsAJdkByItselfAndRunsGofer() throws Exception {
    // Only the system directories on PATH: whatever `java` is there (maybe an old one), the
    // launcher must still find a JDK 21+ under /usr/lib/jvm or JAVA_HOME.
    Result r = launch(Map.of("PATH", "/usr/bin:/bin"), "--version");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("gofer ");
  }

  @Test
  void withoutAJdk21SaysSoOnOneLineAndExits3(@TempDir Path empty) throws Exception {
    Path bin = Files.createDirectories(empty.resolve("bin"));
    for (String tool : List.of("dirname", "readlink", "sed", "ls", "sort", "find", "mktemp")) {
      for (String dir : List.of("/usr/bin/", "/bin/")) {
        Path real = Path.of(dir + tool);
        if (Files.isExecutable(real) && !Files.exists(bin.resolve(tool))) {
          Files.createSymbolicLink(bin.resolve(tool), real);
        }
      }
    }
    Result r =
        launch(
            Map.of(
                "PATH", bin.toString(),
                "JAVA_HOME", empty.resolve("no-such-jdk").toString(),
                "GOFER_JVM_DIR", empty.resolve("jvm").toString()),
            "--version");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("no JDK 21 or newer found");
  }

  @Test
  void usageErrorsExitWith2() throws Exception {
    Result r = launch(Map.of(), "--no-such-flag");
    assertThat(r.code()).isEqualTo(2);
  }
}
