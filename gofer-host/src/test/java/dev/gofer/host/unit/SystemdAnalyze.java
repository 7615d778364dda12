package dev.gofer.host.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code systemd-analyze} on written units, offline: no PID 1 or D-Bus is needed.
 *
 * <p>What works without a running systemd (found on Debian 12, systemd 252): {@code verify}
 * given the unit's <em>file path</em> (its directory joins the unit path, so {@code
 * NAME.service.d/} drop-ins beside it load too), with ExecStart= pointing at a real executable.
 * {@code verify --root=DIR} does not: it needs {@code sysinit.target} and friends inside DIR.
 * {@code security --offline=yes} works on the file path as well. The tool is required: when it is
 * missing the tests fail (CI installs the {@code systemd} package, see {@code .ci/run}).
 */
final class SystemdAnalyze {
  private static final Pattern OVERALL =
      Pattern.compile("Overall exposure level for (\\S+): (\\d+)\\.(\\d) (\\w+)");

  record Run(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }

  /**
   * An overall exposure as printed.
   *
   * @param tenths the exposure 0 to 100 (printed 0.0 to 10.0)
   * @param level PERFECT, SAFE, OK, MEDIUM, EXPOSED, UNSAFE or DANGEROUS
   */
  record Exposure(int tenths, String level, String table) {
    String printed() {
      return tenths / 10 + "." + tenths % 10;
    }
  }

  private SystemdAnalyze() {}

  static Run run(Path work, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("systemd-analyze");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
    // No pager, no colours, no terminal width games in the table.
    pb.environment().putAll(Map.of("SYSTEMD_PAGER", "", "SYSTEMD_COLORS", "0", "COLUMNS", "200", "LANG", "C.UTF-8"));
    Path err = Files.createTempFile(work, "analyze", ".stderr");
    pb.redirectError(err.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("systemd-analyze is required for these tests (apt-get install systemd): " + e.getMessage(), e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    String stderr = Files.readString(err);
    Files.delete(err);
    return new Run(code, out, stderr);
  }

  /** {@code systemd-analyze verify FILE}: asserts exit 0 and no output at all. */
  static void assertVerifies(Path unitFile) throws IOException, InterruptedException {
    Run r = run(unitFile.getParent(), "verify", "--man=no", unitFile.toString());
    assertThat(r.output()).as("systemd-analyze verify %s", unitFile).isEmpty();
    assertThat(r.exitCode()).as("systemd-analyze verify exit code").isZero();
  }

  /** {@code systemd-analyze security --offline=yes FILE}, its overall exposure. */
  static Exposure security(Path unitFile) throws IOException, InterruptedException {
    Run r = run(unitFile.getParent(), "security", "--offline=yes", "--no-pager", unitFile.toString());
    assertThat(r.exitCode()).as("security exit code; stderr: %s", r.stderr()).isZero();
    Matcher m = OVERALL.matcher(r.stdout());
    assertThat(m.find()).as("an overall exposure line in:\n%s", r.stdout()).isTrue();
    return new Exposure(Integer.parseInt(m.group(2)) * 10 + Integer.parseInt(m.group(3)), m.group(4), r.stdout());
  }
}
