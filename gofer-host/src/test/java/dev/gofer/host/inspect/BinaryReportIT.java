package dev.gofer.host.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.gofer.mod.buildinfo.ModuleInfo;
import dev.gofer.mod.testing.GoCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real binaries built here by the real go command, in the variants a fleet meets: the Go part of
 * the report must equal {@code go version -m} byte for byte, and the linking facts must equal
 * what binutils' {@code readelf} reports for the same file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BinaryReportIT {
  @TempDir static Path tmp;
  GoBuilds builds;

  @BeforeAll
  void writeModules() throws IOException {
    assumeThat(GoCommand.available()).as("the go command is needed on PATH for this test").isTrue();
    builds = new GoBuilds(tmp);
  }

  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of("cgo", Map.of("CGO_ENABLED", "1"), List.of()),
        Arguments.of("nocgo", Map.of("CGO_ENABLED", "0"), List.of()),
        Arguments.of("trimpath", Map.of("CGO_ENABLED", "0"), List.of("-trimpath")),
        Arguments.of("stripped", Map.of("CGO_ENABLED", "0"), List.of("-ldflags=-s -w")),
        Arguments.of("pie", Map.of("CGO_ENABLED", "0"), List.of("-buildmode=pie")),
        Arguments.of("pie-cgo", Map.of("CGO_ENABLED", "1"), List.of("-buildmode=pie")),
        Arguments.of("386", Map.of("GOARCH", "386", "CGO_ENABLED", "0"), List.of()),
        Arguments.of("arm", Map.of("GOARCH", "arm", "GOARM", "7", "CGO_ENABLED", "0"), List.of("-trimpath")),
        Arguments.of("s390x", Map.of("GOARCH", "s390x", "CGO_ENABLED", "0"), List.of()),
        Arguments.of("mips", Map.of("GOARCH", "mips", "GOMIPS", "softfloat", "CGO_ENABLED", "0"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void goPartEqualsGoVersionMAndLinkingEqualsReadelf(String name, Map<String, String> env, List<String> flags)
      throws Exception {
    if ("1".equals(env.get("CGO_ENABLED"))) {
      assumeThat(onPath("gcc")).as("cgo needs gcc (.ci/run installs it)").isTrue();
    }
    Path bin = builds.build(name, env, flags);
    BinaryReport r = BinaryReport.read(bin);

    assertThat(r.goVersionOutput()).isEqualTo(builds.goVersionM(bin));
    assertThat(r.buildInfo().deps()).extracting(ModuleInfo::path).containsExactly("example.com/greet", "example.com/lib");
    assertThat(r.buildInfo().deps().get(1).effective().path()).isEqualTo("../lib");
    assertThat(r.cgoEnabled()).contains("1".equals(env.get("CGO_ENABLED")));
    assertThat(r.trimpath()).isEqualTo(flags.contains("-trimpath"));
    assertThat(r.linking().machine()).isEqualTo(env.getOrDefault("GOARCH", hostArch()));
    assertThat(r.linking().isPie()).isEqualTo(flags.contains("-buildmode=pie"));
    assertThat(r.linking().stripped()).isEqualTo(name.equals("stripped"));
    assertThat(r.linking().upxPacked()).isFalse();
    boolean dynamic = "1".equals(env.get("CGO_ENABLED")) || flags.contains("-buildmode=pie");
    assertThat(r.linking().isStatic()).isEqualTo(!dynamic);
    // The go in this test is 1.21-lined: a 1.25+ toolchain keeps GOMAXPROCS cgroup-unaware.
    assertThat(r.cgroupAwareGomaxprocs()).isFalse();

    assumeThat(onPath("readelf")).as("binutils readelf is the oracle for the linking facts").isTrue();
    Readelf oracle = Readelf.of(bin);
    assertThat(r.linking().bits()).isEqualTo(oracle.bits);
    assertThat(r.linking().bigEndian()).isEqualTo(oracle.bigEndian);
    assertThat(r.linking().type() == ElfLinking.Type.EXEC).isEqualTo(oracle.type.equals("EXEC"));
    assertThat(r.linking().interpreter()).isEqualTo(oracle.interpreter);
    assertThat(r.linking().needed()).isEqualTo(oracle.needed);
    assertThat(r.linking().stripped()).isEqualTo(!oracle.symtab);
    if (dynamic) {
      assertThat(r.linking().libc()).isEqualTo(ElfLinking.Libc.GLIBC);
    } else {
      assertThat(r.linking().libc()).isEqualTo(ElfLinking.Libc.NONE);
    }
  }

  @Test
  void aGo125ModuleIsCgroupAwareUnlessItsGodebugSaysOtherwise() throws Exception {
    String release = BinaryReport.read(builds.build("probe", Map.of("CGO_ENABLED", "0"), List.of())).goRelease().orElseThrow();
    assumeThat(dev.gofer.mod.gover.Gover.compare(release, "1.25")).as("go %s on PATH predates 1.25", release).isPositive();
    Path dir = Files.createDirectories(tmp.resolve("src/modern"));
    Files.writeString(dir.resolve("go.mod"), "module example.com/modern\n\ngo 1.25\n");
    Files.writeString(dir.resolve("main.go"), "package main\n\nfunc main() {}\n");
    Path modern = tmp.resolve("bin/modern");
    builds.go.output(dir, Map.of("CGO_ENABLED", "0"), "build", "-o", modern.toString(), ".");
    assertThat(BinaryReport.read(modern).cgroupAwareGomaxprocs()).isTrue();

    Files.writeString(dir.resolve("main.go"), "//go:debug containermaxprocs=0\npackage main\n\nfunc main() {}\n");
    builds.go.output(dir, Map.of("CGO_ENABLED", "0"), "build", "-o", modern.toString(), ".");
    BinaryReport off = BinaryReport.read(modern);
    assertThat(off.defaultGodebug("containermaxprocs")).contains("0");
    assertThat(off.cgroupAwareGomaxprocs()).isFalse();
  }

  @Test
  void aTruncatedGoBinaryIsOneLineNamingTheFile() throws Exception {
    Path whole = builds.build("whole", Map.of("CGO_ENABLED", "0"), List.of());
    byte[] all = Files.readAllBytes(whole);
    Path half = tmp.resolve("half");
    Files.write(half, java.util.Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> BinaryReport.read(half))
        .isInstanceOf(InspectException.class)
        .hasMessage(half + ": truncated or damaged ELF file (loadable segment past the end of the file)");
    Path header = tmp.resolve("header");
    Files.write(header, java.util.Arrays.copyOf(all, 40));
    assertThatThrownBy(() -> BinaryReport.read(header))
        .isInstanceOf(InspectException.class)
        .hasMessage(header + ": truncated or damaged ELF file (ELF header past the end of the file)");
  }

  @Test
  void aCProgramIsElfButNotGo() throws Exception {
    assumeThat(onPath("gcc")).isTrue();
    Path c = tmp.resolve("hello.c");
    Files.writeString(c, "int main(void) { return 0; }\n");
    Path out = tmp.resolve("hello-c");
    Process p = new ProcessBuilder("gcc", "-o", out.toString(), c.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
    assertThatThrownBy(() -> BinaryReport.read(out))
        .isInstanceOf(InspectException.class)
        .hasMessageStartingWith(out + ": not a Go executable");
  }

  static String hostArch() {
    return switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> System.getProperty("os.arch");
    };
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** What {@code readelf -h -l -d -S} says about a file. */
  record Readelf(int bits, boolean bigEndian, String type, Optional<String> interpreter, List<String> needed, boolean symtab) {
    private static final Pattern INTERP = Pattern.compile("\\[Requesting program interpreter: (.*)]");
    private static final Pattern NEEDED = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[(.*)]");

    static Readelf of(Path file) throws Exception {
      Process p = new ProcessBuilder("readelf", "-W", "-h", "-l", "-d", "-S", file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(out).isZero();
      int bits = out.contains("Class:                             ELF64") ? 64 : 32;
      boolean big = out.contains("big endian");
      Matcher t = Pattern.compile("Type:\\s+(\\w+)").matcher(out);
      assertThat(t.find()).isTrue();
      Matcher i = INTERP.matcher(out);
      Optional<String> interp = i.find() ? Optional.of(i.group(1)) : Optional.empty();
      List<String> needed = new ArrayList<>();
      Matcher n = NEEDED.matcher(out);
      while (n.find()) {
        needed.add(n.group(1));
      }
      boolean symtab = Pattern.compile("\\]\\s+\\S+\\s+SYMTAB\\s").matcher(out).find();
      return new Readelf(bits, big, t.group(1), interp, needed, symtab);
    }
  }
}
