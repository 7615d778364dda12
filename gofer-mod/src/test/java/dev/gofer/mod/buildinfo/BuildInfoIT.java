package dev.gofer.mod.buildinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.gofer.mod.internal.GoQuote;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.GoCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds small Go programs with the real go command and checks that gofer reads them exactly
 * as {@code go version -m} does, byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildInfoIT {
  @TempDir static Path tmp;
  GoCommand go;
  Path app;

  @BeforeAll
  void writeModules() throws IOException {
    assumeThat(GoCommand.available()).as("the go command is needed on PATH for this test").isTrue();
    // A dependency from a file:// proxy, so a dep line carries an h1: sum ...
    Path proxy = tmp.resolve("proxy");
    FixtureModules.writeProxyTree(
        proxy,
        List.of(FixtureModules.greet()));
    // -mod=mod lets go build write the go.sum lines the app starts without.
    go =
        GoCommand.hermetic(
            tmp.resolve("go"),
            "file://" + proxy,
            Map.of("GOSUMDB", "off", "GOWORK", "off", "GOFLAGS", "-mod=mod -modcacherw"));
    // ... and a local module through a replace, so a => line appears.
    Path lib = Files.createDirectories(tmp.resolve("src/lib"));
    Files.writeString(lib.resolve("go.mod"), "module example.com/lib\n\ngo 1.21\n");
    Files.writeString(lib.resolve("lib.go"), "package lib\n\nfunc Name() string { return \"lib\" }\n");
    app = Files.createDirectories(tmp.resolve("src/app"));
    Files.writeString(
        app.resolve("go.mod"),
        "module example.com/app\n\ngo 1.21\n\n"
            + "require (\n\texample.com/greet v1.4.0\n\texample.com/lib v0.3.0\n)\n\n"
            + "replace example.com/lib v0.3.0 => ../lib\n");
    Files.writeString(
        app.resolve("main.go"),
        "package main\n\nimport (\n\t\"example.com/greet\"\n\t\"example.com/lib\"\n)\n\n"
            + "func main() { println(greet.Hello(), lib.Name()) }\n");
  }

  static Stream<Arguments> builds() {
    return Stream.of(
        Arguments.of("default", Map.of(), List.of()),
        Arguments.of("trimpath", Map.of(), List.of("-trimpath")),
        Arguments.of("stripped", Map.of(), List.of("-ldflags=-s -w")),
        Arguments.of("nocgo", Map.of("CGO_ENABLED", "0"), List.of()),
        Arguments.of("pie", Map.of("CGO_ENABLED", "0"), List.of("-buildmode=pie")),
        Arguments.of(
            "quoted", Map.of(), List.of("-tags=a,b", "-ldflags=-X 'main.msg=say \"hi\"\tthere'")),
        Arguments.of("386", Map.of("GOARCH", "386"), List.of()),
        Arguments.of("arm64", Map.of("GOARCH", "arm64"), List.of("-trimpath")),
        Arguments.of("s390x", Map.of("GOARCH", "s390x"), List.of()),
        Arguments.of("mips", Map.of("GOARCH", "mips", "GOMIPS", "softfloat"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void readsWhatGoVersionMPrints(String name, Map<String, String> env, List<String> flags)
      throws IOException {
    Path out = tmp.resolve("bin").resolve(name);
    Files.createDirectories(out.getParent());
    String[] args =
        Stream.concat(
                Stream.of("build", "-o", out.toString()),
                Stream.concat(flags.stream(), Stream.of(".")))
            .toArray(String[]::new);
    go.output(app, env, args);

    String expected = go.output(app, Map.of(), "version", "-m", out.toString());
    BuildInfo info = BuildInfoReader.readFile(out);

    assertThat(info.goVersionOutput(out.toString())).isEqualTo(expected);
    assertThat(info.path()).isEqualTo("example.com/app");
    assertThat(info.main().path()).isEqualTo("example.com/app");
    assertThat(info.deps())
        .extracting(ModuleInfo::path)
        .containsExactly("example.com/greet", "example.com/lib");
    assertThat(info.deps().get(0).sum()).startsWith("h1:");
    assertThat(info.deps().get(1).effective().path()).isEqualTo("../lib");
    assertThat(info.setting("GOARCH")).contains(env.getOrDefault("GOARCH", hostArch()));
    // The raw text reparses to the same thing after a format round trip.
    assertThat(BuildInfo.parse(info.withGoVersion("").format())).isEqualTo(info.withGoVersion(""));
  }

  @Test
  void readsTheToolchainsOwnBinaries() {
    Path goroot = Path.of(go.output(tmp, Map.of(), "env", "GOROOT").strip());
    for (String tool : List.of("go", "gofmt")) {
      Path bin = goroot.resolve("bin").resolve(tool);
      String expected = go.output(tmp, Map.of(), "version", "-m", bin.toString());
      assertThat(BuildInfoReader.readFile(bin).goVersionOutput(bin.toString()))
          .as(tool)
          .isEqualTo(expected);
    }
  }

  @Test
  void aGoBinaryOutsideModuleModeHasOnlyAVersionAndPath() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("src/plain"));
    Files.writeString(dir.resolve("hello.go"), "package main\n\nfunc main() { println(1) }\n");
    Path out = tmp.resolve("bin/plain");
    go.output(
        dir, Map.of("GO111MODULE", "off", "GOFLAGS", ""), "build", "-o", out.toString(), "hello.go");

    String expected = go.output(tmp, Map.of(), "version", "-m", out.toString());
    BuildInfo info = BuildInfoReader.readFile(out);

    assertThat(info.goVersionOutput(out.toString())).isEqualTo(expected);
    assertThat(info.main().isEmpty()).isTrue();
  }

  /**
   * Differential test of the text format: thousands of generated module information texts,
   * parsed and formatted by Go's own {@code runtime/debug} and by gofer, must give the same
   * text or the same error message.
   */
  @Test
  void parsesAndFormatsModuleInformationExactlyAsRuntimeDebug() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("src/oracle"));
    Files.writeString(dir.resolve("go.mod"), "module example.com/oracle\n\ngo 1.21\n");
    Files.writeString(
        dir.resolve("main.go"),
        """
        package main

        import (
        	"bytes"
        	"io"
        	"os"
        	"runtime/debug"
        )

        func main() {
        	in, _ := io.ReadAll(os.Stdin)
        	for _, text := range bytes.Split(in, []byte{0}) {
        		bi, err := debug.ParseBuildInfo(string(text))
        		if err != nil {
        			os.Stdout.WriteString("ERR " + err.Error())
        		} else {
        			os.Stdout.WriteString(bi.String())
        		}
        		os.Stdout.Write([]byte{0})
        	}
        }
        """);
    Path oracle = tmp.resolve("bin/oracle");
    go.output(dir, Map.of(), "build", "-o", oracle.toString(), ".");

    java.util.Random random = new java.util.Random(20240102);
    List<String> inputs = new java.util.ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      inputs.add(randomModInfo(random));
    }
    Path in = tmp.resolve("oracle-in");
    Files.writeString(in, String.join("\0", inputs));
    Path out = tmp.resolve("oracle-out");
    ProcessBuilder pb = new ProcessBuilder(oracle.toString()).redirectInput(in.toFile()).redirectOutput(out.toFile());
    try {
      assertThat(pb.start().waitFor()).isZero();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    String[] expected = Files.readString(out).split("\0", -1);

    int errors = 0;
    for (int i = 0; i < inputs.size(); i++) {
      String actual;
      try {
        actual = BuildInfo.parse(inputs.get(i)).format();
      } catch (BuildInfoSyntaxException e) {
        actual = "ERR " + e.getMessage();
        errors++;
      }
      assertThat(actual).as("input %s", GoQuote.quote(inputs.get(i))).isEqualTo(expected[i]);
    }
    assertThat(errors).as("both outcomes are exercised").isBetween(400, 3600);
  }

  private static final String[] PREFIXES = {
    "path\t", "mod\t", "dep\t", "=>\t", "build\t", "build\t\"", "build\t`", "go\t", ""
  };
  private static final String ALPHABET = "\\\"`= \txunk014é.\r";

  private static String randomModInfo(java.util.Random random) {
    StringBuilder b = new StringBuilder();
    int lines = random.nextInt(6);
    for (int l = 0; l < lines; l++) {
      b.append(PREFIXES[random.nextInt(PREFIXES.length)]);
      int len = random.nextInt(12);
      for (int c = 0; c < len; c++) {
        b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String hostArch() {
    return switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> System.getProperty("os.arch");
    };
  }
}
