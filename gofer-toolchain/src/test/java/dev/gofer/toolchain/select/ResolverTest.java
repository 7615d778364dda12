package dev.gofer.toolchain.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gofer.toolchain.GoferHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResolverTest {
  @TempDir Path tmp;
  GoferHome home;
  Path work;
  Path sys;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws IOException {
    home = new GoferHome(tmp.resolve("home"));
    work = Files.createDirectories(tmp.resolve("w/a/b/c"));
    sys = tmp.resolve("sys");
    Fakes.script(sys.resolve("go"), "echo system");
    for (String v : List.of("1.21.5", "1.22.5", "1.23.1")) {
      Fakes.install(home, v);
    }
    env = new HashMap<>(Map.of("PATH", home.bin() + ":" + sys));
  }

  /** A file to write (relative to tmp/w), an env var, and the resolution expected in w/a/b/c. */
  record Case(String name, Map<String, String> files, Map<String, String> env, String version, String source) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case("nothing: system go", Map.of(), Map.of(), "system", "system go on PATH"),
            new Case("global", Map.of("@home/version", "1.22.5\n"), Map.of(), "1.22.5", "home/version (global)"),
            new Case("tool-versions golang over global",
                Map.of("a/.tool-versions", "nodejs 20.1.0\ngolang 1.21.5\n", "@home/version", "1.22.5"),
                Map.of(), "1.21.5", "w/a/.tool-versions"),
            new Case("tool-versions go", Map.of(".tool-versions", "go go1.23.1 # pinned\n"), Map.of(), "1.23.1", "w/.tool-versions"),
            new Case("tool-versions without go: global",
                Map.of("a/.tool-versions", "nodejs 20.1.0\n", "@home/version", "1.22.5"), Map.of(), "1.22.5", "(global)"),
            new Case("go.mod go line over tool-versions: newest installed >= it",
                Map.of("a/go.mod", "module m\n\ngo 1.21\n", "a/b/.tool-versions", "golang 1.21.5"),
                Map.of(), "1.23.1", "w/a/go.mod go line 1.21 (newest installed >= 1.21)"),
            new Case("go.mod go line no installed toolchain meets",
                Map.of("go.mod", "module m\ngo 1.24.0\n"), Map.of(), ">=1.24.0", "w/go.mod go line 1.24.0"),
            new Case("toolchain line over go line",
                Map.of("a/b/go.mod", "module m\n\ngo 1.21\n\ntoolchain go1.22.5 // pinned\n"), Map.of(), "1.22.5", "w/a/b/go.mod toolchain line"),
            new Case("toolchain default: the go line",
                Map.of("go.mod", "module m\ngo 1.22.0\ntoolchain default\n"), Map.of(), "1.23.1", "w/go.mod go line 1.22.0 (newest installed >= 1.22.0)"),
            new Case("go.work above wins over a nearer go.mod",
                Map.of("go.work", "go 1.21\ntoolchain go1.21.5\nuse ./a/b/c\n", "a/b/c/go.mod", "module m\ngo 1.21\ntoolchain go1.23.1\n"),
                Map.of(), "1.21.5", "w/go.work toolchain line"),
            new Case("GOWORK=off: go.mod",
                Map.of("go.work", "go 1.21\ntoolchain go1.21.5\n", "a/b/c/go.mod", "module m\ntoolchain go1.23.1\n"),
                Map.of("GOWORK", "off"), "1.23.1", "c/go.mod toolchain line"),
            new Case(".go-version far up beats go.mod here",
                Map.of(".go-version", "go1.21.5\n", "a/b/c/go.mod", "module m\ntoolchain go1.23.1\n"), Map.of(), "1.21.5", "w/.go-version"),
            new Case(".go-version nearest wins, comments skipped",
                Map.of(".go-version", "1.21.5", "a/b/.go-version", "# team pin\n\n  1.22.5  extra words\n"), Map.of(), "1.22.5", "w/a/b/.go-version"),
            new Case(".go-version system",
                Map.of("a/.go-version", "system\n", "@home/version", "1.22.5"), Map.of(), "system", "w/a/.go-version"),
            new Case("env over everything",
                Map.of(".go-version", "1.21.5", "go.mod", "module m\ntoolchain go1.23.1\n"),
                Map.of("GOFER_GO_VERSION", "go1.22.5"), "1.22.5", "GOFER_GO_VERSION"),
            new Case("env: version not installed is still the choice",
                Map.of(), Map.of("GOFER_GO_VERSION", "1.19.1"), "1.19.1", "GOFER_GO_VERSION"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resolvesInOrder(Case c) throws IOException {
    for (var f : c.files().entrySet()) {
      Path p = f.getKey().startsWith("@home/") ? home.root().resolve(f.getKey().substring(6)) : tmp.resolve("w").resolve(f.getKey());
      Fakes.write(p, f.getValue());
    }
    env.putAll(c.env());
    Resolution r = new Resolver(home).resolve(work, env);
    assertThat(r.version()).isEqualTo(c.version());
    assertThat(r.source().replace(tmp + "/", "")).endsWith(c.source());
  }

  @Test
  void systemGoSkipsTheShimsAndLinksToThem() throws IOException {
    new Shims(home, "false").refresh();
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.createSymbolicLink(other.resolve("go"), home.bin().resolve("go"));
    env.put("PATH", home.bin() + ":" + other + ":" + home.bin() + "/:" + sys);
    Resolution r = new Resolver(home).resolve(work, env);
    assertThat(r).isEqualTo(new Resolution.System(sys.resolve("go"), "system go on PATH"));
  }

  @Test
  void noGoAnywhereIsNone() {
    env.put("PATH", home.bin().toString());
    assertThat(new Resolver(home).resolve(work, env)).isInstanceOf(Resolution.None.class);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"1.22.x", "latest\n", "# only a comment\n", ""})
  void badGoVersionIsOneLineNamingTheFile(String content) throws IOException {
    Path f = Fakes.write(tmp.resolve("w/a/.go-version"), content);
    assertThatThrownBy(() -> new Resolver(home).resolve(work, env))
        .isInstanceOfSatisfying(SelectException.class, e -> {
          assertThat(e.kind()).isEqualTo(SelectException.Kind.BAD_FILE);
          assertThat(e.getMessage()).startsWith(f.toString()).doesNotContain("\n");
        });
  }

  @Test
  void badToolchainLineNamesTheFile() throws IOException {
    Path f = Fakes.write(tmp.resolve("w/go.mod"), "module m\ntoolchain 1.22.5\n");
    assertThatThrownBy(() -> new Resolver(home).resolve(work, env)).hasMessageStartingWith(f + ": invalid toolchain");
  }

  @Test
  void badEnvVersion() {
    env.put("GOFER_GO_VERSION", "banana");
    assertThatThrownBy(() -> new Resolver(home).resolve(work, env)).hasMessageContaining("GOFER_GO_VERSION=banana");
  }

  @Test
  void stagingDirectoriesAreNotInstalled() throws IOException {
    Fakes.install(home, "1.24.0");
    Files.move(home.toolchain("1.24.0"), home.toolchains().resolve("go1.24.0.tmp-123"));
    assertThat(Installed.versions(home)).containsExactly("1.21.5", "1.22.5", "1.23.1");
  }

  @Test
  void versionsAcceptBothSpellingsAndRejectOthers() {
    assertThat(Versions.parse("1.22.5")).isEqualTo("1.22.5");
    assertThat(Versions.parse("go1.23rc1")).isEqualTo("1.23rc1");
    for (String bad : List.of("", "go", "1.22.x", "v1.22.5", "latest", "1.22.5 ")) {
      assertThatThrownBy(() -> Versions.parse(bad))
          .isInstanceOfSatisfying(SelectException.class, e -> assertThat(e.kind()).isEqualTo(SelectException.Kind.BAD_VERSION));
    }
  }
}
