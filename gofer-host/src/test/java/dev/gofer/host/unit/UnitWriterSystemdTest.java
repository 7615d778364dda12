package dev.gofer.host.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.host.Distro;
import dev.gofer.host.inspect.BinaryReport;
import dev.gofer.mod.testing.GoCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every distribution profile and variant through the real {@code systemd-analyze verify} and
 * {@code systemd-analyze security --offline=yes}: no output from verify, overall exposure at
 * most 2.0. The service binaries are real Go programs built here by the local go command, one
 * from a module whose {@code go} line is 1.24 (not cgroup-aware) and one at 1.25.
 */
class UnitWriterSystemdTest {
  @TempDir static Path work;
  static Path awareBinary;
  static Path unawareBinary;

  @BeforeAll
  static void buildGoBinaries() throws Exception {
    GoCommand go = GoCommand.hermetic(work.resolve("go"), "off", Map.of("CGO_ENABLED", "0"));
    awareBinary = build(go, "1.25", "aware");
    unawareBinary = build(go, "1.24", "unaware");
  }

  private static Path build(GoCommand go, String goLine, String name) throws IOException {
    Path mod = Files.createDirectories(work.resolve("src-" + name));
    Files.writeString(mod.resolve("go.mod"), "module example.com/" + name + "\n\ngo " + goLine + "\n");
    Files.writeString(mod.resolve("main.go"), "package main\n\nfunc main() { println(\"hello\") }\n");
    Path out = work.resolve("bin/" + name);
    go.output(mod, Map.of(), "build", "-o", out.toString(), ".");
    return out;
  }

  record Variant(String label, Distro distro, Optional<Integer> port, Optional<String> memory,
      Optional<Integer> cpu, Optional<String> binary, boolean debug) {
    @Override
    public String toString() {
      return distro.key() + " " + label;
    }
  }

  static Stream<Arguments> variants() {
    List<Arguments> all = new ArrayList<>();
    for (Distro d : List.of(Distro.RHEL, Distro.DEBIAN, Distro.UBUNTU)) {
      Optional<Integer> none = Optional.empty();
      Optional<String> no = Optional.empty();
      all.add(Arguments.of(new Variant("plain", d, none, no, none, no, false)));
      all.add(Arguments.of(new Variant("port 443", d, Optional.of(443), no, none, no, false)));
      all.add(Arguments.of(new Variant("memory+cpu", d, none, Optional.of("1.5G"), Optional.of(250), no, false)));
      all.add(Arguments.of(new Variant("go 1.25 binary", d, none, Optional.of("512M"), Optional.of(150), Optional.of("aware"), false)));
      all.add(Arguments.of(new Variant("go 1.24 binary", d, Optional.of(8080), Optional.of("512M"), Optional.of(150), Optional.of("unaware"), false)));
      all.add(Arguments.of(new Variant("debug", d, Optional.of(443), Optional.of("1G"), Optional.of(200), no, true)));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void verifiesCleanAndScoresAtMost2(Variant v) throws Exception {
    Path dir = Files.createDirectories(work.resolve(v.distro().key() + "-" + v.label().replace(' ', '-')));
    Path exec = Files.copy(awareBinary, dir.resolve("app"));
    Path dlv = Files.copy(awareBinary, dir.resolve("dlv"));
    GoRuntime runtime = v.binary()
        .map(b -> GoRuntime.of(BinaryReport.read(b.equals("aware") ? awareBinary : unawareBinary)))
        .orElse(new GoRuntime.Unknown());
    UnitSpec spec = new UnitSpec("myapp", exec.toString(), Optional.empty(), v.port(),
        v.memory().map(MemorySize::parse), v.cpu(), List.of(new UnitSpec.EnvVar("APP_MODE", "production")),
        List.of(), runtime, v.distro(),
        v.debug() ? Optional.of(new UnitSpec.Debug(dlv.toString(), UnitSpec.Debug.DEFAULT_LISTEN)) : Optional.empty());
    Path unit = dir.resolve(spec.fileName());
    AtomicWrite.write(unit, UnitWriter.service(spec), false);
    if (v.debug()) {
      AtomicWrite.write(dir.resolve(spec.fileName() + ".d").resolve(UnitWriter.DEBUG_DROP_IN), UnitWriter.debugDropIn(spec), false);
    }

    SystemdAnalyze.assertVerifies(unit);
    SystemdAnalyze.Exposure e = SystemdAnalyze.security(unit);
    System.err.printf("exposure %-22s %s %s%n", v, e.printed(), e.level());
    assertThat(e.tenths()).as("overall exposure of %s\n%s", v, e.table()).isLessThanOrEqualTo(20);

    String text = Files.readString(unit);
    boolean expectMaxProcs = v.cpu().isPresent() && !"aware".equals(v.binary().orElse(""));
    assertThat(text.contains("Environment=GOMAXPROCS=")).as("GOMAXPROCS written").isEqualTo(expectMaxProcs);
    if (v.debug()) {
      // The drop-in beside the file was loaded: the ptrace capability now shows in the score.
      assertThat(e.table()).containsPattern("✗ CapabilityBoundingSet=~CAP_SYS_PTRACE");
    }
  }
}
