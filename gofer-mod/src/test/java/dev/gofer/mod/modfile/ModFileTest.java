package dev.gofer.mod.modfile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gofer.mod.modfile.ModFile.Replace;
import dev.gofer.mod.modfile.ModFile.Require;
import dev.gofer.mod.modfile.ModFile.Retract;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModFileTest {
  private static final String FULL = """
      // Deprecated: use example.com/m/v2 instead.
      module example.com/m

      go 1.22.1

      toolchain go1.23.4

      godebug (
      	default=go1.21
      	panicnil=1
      )

      require golang.org/x/text v0.14.0

      require (
      	example.com/a v1.2 // indirect
      	"example.com/b" v2.0.0+incompatible
      	example.com/c/v3 v3.1.0 // indirect; for tests
      )

      exclude example.com/a v1.1.0

      replace (
      	example.com/a v1.2.0 => example.com/fork v1.2.1
      	example.com/c/v3 => ../c
      )

      // bad release
      retract v1.0.1

      retract (
      	[v0.9.0, v0.9.5] // pre-release mistakes
      	v0.8.0
      )
      """;

  @Test
  void parsesEveryDirective() {
    ModFile f = ModFile.parse("go.mod", FULL.getBytes(UTF_8));
    assertThat(f.modulePath()).contains("example.com/m");
    assertThat(f.module().orElseThrow().deprecated()).isEqualTo("use example.com/m/v2 instead.");
    assertThat(f.go()).contains("1.22.1");
    assertThat(f.toolchain()).contains("go1.23.4");
    assertThat(f.godebugs()).extracting(ModFile.Godebug::key).containsExactly("default", "panicnil");
    assertThat(f.requires()).containsExactly(
        new Require("golang.org/x/text", "v0.14.0", false, 13),
        new Require("example.com/a", "v1.2.0", true, 16),
        new Require("example.com/b", "v2.0.0+incompatible", false, 17),
        new Require("example.com/c/v3", "v3.1.0", true, 18));
    assertThat(f.excludes()).extracting(ModFile.Exclude::version).containsExactly("v1.1.0");
    assertThat(f.replaces()).containsExactly(
        new Replace("example.com/a", "v1.2.0", "example.com/fork", "v1.2.1", 24),
        new Replace("example.com/c/v3", "", "../c", "", 25));
    assertThat(f.retracts()).containsExactly(
        new Retract("v1.0.1", "v1.0.1", "bad release", 29),
        new Retract("v0.9.0", "v0.9.5", "pre-release mistakes", 32),
        new Retract("v0.8.0", "v0.8.0", "", 33));
  }

  @Test
  void renderedFilesParseBackToTheSameDirectives() {
    ModFile f = ModFile.parse("go.mod", FULL.getBytes(UTF_8));
    ModFile again = ModFile.parse("go.mod", f.render());
    assertThat(again.modulePath()).isEqualTo(f.modulePath());
    assertThat(again.module().orElseThrow().deprecated()).isEqualTo(f.module().orElseThrow().deprecated());
    assertThat(again.requires()).extracting(Require::path, Require::version, Require::indirect)
        .isEqualTo(f.requires().stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.path(), r.version(), r.indirect())).toList());
    assertThat(again.retracts()).extracting(Retract::low, Retract::high, Retract::rationale)
        .isEqualTo(f.retracts().stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.low(), r.high(), r.rationale())).toList());
    assertThat(again.replaces()).hasSize(2);
    assertThat(again.godebugs()).hasSize(2);
  }

  @Test
  void rendersAMinimalGoMod() {
    assertThat(ModFile.render("example.com/m", "1.21", List.of()))
        .isEqualTo("module example.com/m\n\ngo 1.21\n");
    assertThat(ModFile.render("example.com/m", null,
            List.of(new Require("example.com/a", "v1.0.0", false, 0), new Require("example.com/b", "v1.0.0", true, 0))))
        .isEqualTo("module example.com/m\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0 // indirect\n)\n");
  }

  private static void fails(String text, String message) {
    assertThatThrownBy(() -> ModFile.parse("go.mod", text))
        .isInstanceOf(ModFileException.class)
        .hasMessage(message);
  }

  @Test
  void errorsCarryGoLineNumbersAndWords() {
    fails("module example.com/m\nfoo bar\n", "go.mod:2: unknown directive: foo");
    fails("module a\nmodule b\n", "go.mod:2: repeated module statement");
    fails("go 1.21\ngo 1.22\n", "go.mod:2: repeated go statement");
    fails("go 1.21.x\n", "go.mod:1: invalid go version '1.21.x': must match format 1.23.0");
    fails("toolchain 1.21\n", "go.mod:1: invalid toolchain version '1.21': must match format go1.23.0 or default");
    fails("module example.com/m\n\nrequire example.com/a\n", "go.mod:3: usage: require module/path v1.2.3");
    fails("require example.com/a latest\n",
        "go.mod:1: require example.com/a: version \"latest\" invalid: must be of the form v1.2.3");
    fails("require (\n\texample.com/a v2.0.0\n)\n",
        "go.mod:2:2: require example.com/a: version \"v2.0.0\" invalid: should be v0 or v1, not v2");
    fails("require example.com/a v1.0.0 /* x */\n", "go.mod:1:30: mod files must use // comments (not /* */ comments)");
    fails("module \"example.com/m\n", "go.mod:1:22: unexpected newline in string");
    fails("require (\n\texample.com/a v1.0.0\n", "go.mod:3: syntax error (unterminated block started at go.mod:1:1)");
    fails("go (\n\t1.21\n)\n", "go.mod:1: unknown block type: go");
    fails("replace example.com/a => example.com/b\n",
        "go.mod:1: replacement module without version must be directory path (rooted or starting with . or ..)");
    fails("retract [v1.0.0 v1.1.0]\n", "go.mod:1: expected ',' after version");
    fails("module a\u0001\n", "go.mod:1:9: unexpected input character '\\x01'");
    fails("godebug x\n", "go.mod:1: usage: godebug key=value");
    fails("module 'a'\n", "go.mod:1: invalid quoted string: unquoted string cannot contain quote");
  }

  /** Expected texts are what {@code go mod edit -fmt} (Go 1.26) reports for the same lines. */
  @Test
  void majorVersionSuffixErrorsMatchGoModEdit() {
    fails("module m\nreplace example.com/a/v2 v1.0.0 => ../x\n",
        "go.mod:2: replace example.com/a/v2: version \"v1.0.0\" invalid: should be v2, not v1");
    fails("module m\nrequire example.com/a/v1 v1.0.0\n", "go.mod:2: invalid module path");
    fails("module m\nreplace gopkg.in/yaml v1.0.0 => ../x\n",
        "go.mod:2: replace gopkg.in/yaml: invalid module path");
    fails("module m\nexclude gopkg.in/yaml.v2 v3.0.0\n",
        "go.mod:2: exclude gopkg.in/yaml.v2: version \"v3.0.0\" invalid: should be v2, not v3");
  }

  @Test
  void laxParsingIgnoresWhatDependenciesMayNotSay() {
    ModFile f = ModFile.parseLax("go.mod",
        "module example.com/m\ngo 1.21.0-beta\nreplace x => y\nfrobnicate\nretract [bad\n".getBytes(UTF_8));
    assertThat(f.go()).contains("1.21");
    assertThat(f.replaces()).isEmpty();
    assertThat(f.retracts()).isEmpty();
  }

  @Test
  void multipleProblemsAreAllReported() {
    assertThatThrownBy(() -> ModFile.parse("x/go.mod", "foo\nbar\n"))
        .isInstanceOfSatisfying(ModFileException.class, e -> assertThat(e.problems())
            .extracting(ModFileException.Problem::line).containsExactly(1, 2))
        .hasMessage("x/go.mod:1: unknown directive: foo; x/go.mod:2: unknown directive: bar");
  }
}
