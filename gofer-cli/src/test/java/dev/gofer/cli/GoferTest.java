package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class GoferTest {
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Gofer.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void versionNamesGoferAndTheJavaRuntime() {
    Result r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("gofer ").contains("java ");
    assertThat(r.out().lines().findFirst().orElseThrow()).doesNotContain("${");
  }

  @Test
  void helpListsTheCommandsAndExitCodes() {
    Result r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("serve", "completion", "Exit codes");
  }

  /**
   * picocli formats every help line with {@code String.format}; a bare {@code %} makes it print
   * "[picocli WARN] Could not format ..." to stderr on every {@code --help}.
   */
  @Test
  void everyCommandsHelpRendersWithoutPicocliWarnings() {
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    java.util.List<String> rendered = new java.util.ArrayList<>();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(Gofer.commandLine()));
      while (!todo.isEmpty()) {
        picocli.CommandLine c = todo.pop();
        todo.addAll(c.getSubcommands().values());
        c.getUsageMessage();
        rendered.add(c.getCommandSpec().qualifiedName());
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(rendered).contains("gofer serve", "gofer systemd unit");
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
  }

  @Test
  void noArgumentsPrintsUsage() {
    Result r = run();
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: gofer");
  }

  @Test
  void unknownOptionIsAUsageErrorOnOneLinePlusAHint() {
    Result r = run("--frobnicate");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err().lines()).hasSize(2);
    assertThat(r.err()).startsWith("gofer: Unknown option: '--frobnicate'").contains("gofer --help");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownCommandIsAUsageError() {
    Result r = run("frobnicate");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).contains("frobnicate");
  }

  @Test
  void completionPrintsABashScriptThatCompletesSubcommands() {
    Result r = run("completion");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("complete -F").contains("serve");
  }

  @Test
  void zshCompletionLoadsBashcompinitFirst() {
    Result r = run("completion", "zsh");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("autoload -U +X compinit").contains("bashcompinit");
  }

  @Test
  void completionRejectsAnUnknownShell() {
    Result r = run("completion", "tcsh");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).contains("tcsh");
  }
}
