package dev.gofer.host.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.host.Distro;
import dev.gofer.host.inspect.BinaryReport;
import dev.gofer.host.inspect.ElfLinking;
import dev.gofer.mod.Vectors;
import dev.gofer.mod.buildinfo.BuildInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitSpecTest {
  static UnitSpec spec(Optional<Integer> cpu, GoRuntime go, List<UnitSpec.EnvVar> env) {
    return new UnitSpec("app", "/usr/local/bin/app", Optional.empty(), Optional.empty(),
        Optional.of(MemorySize.parse("512M")), cpu, env, List.of(), go, Distro.DEBIAN, Optional.empty());
  }

  @ParameterizedTest(name = "{0} = {1} bytes")
  @CsvSource({
    "1073741824, 1073741824", "512M, 536870912", "1G, 1073741824", "1.5G, 1610612736",
    "256m, 268435456", "4GiB, 4294967296", "64K, 65536", "1T, 1099511627776", "100B, 100",
  })
  void sizes(String text, long bytes) {
    assertThat(MemorySize.parse(text).bytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "0G", "-1G", "1.5", "1X", "G", "1 G B", "12345678901234567890", "9000000T", "1.0000000001K"})
  void badSizesAreOneLineErrors(String text) {
    assertThatThrownBy(() -> MemorySize.parse(text)).isInstanceOf(SpecException.class)
        .hasMessageStartingWith("invalid size").hasMessageNotContaining("\n");
  }

  @Test
  void gomemlimitIsNinetyPercentRoundedDownToMibAsTheVectorsSay() {
    JsonNode cases = Vectors.load("host-examples").get("gomemlimit").get("cases");
    int checked = 0;
    for (JsonNode c : cases) {
      if (c.get("automemlimit_gomemlimit_bytes").isNull()) {
        continue;
      }
      MemorySize m = MemorySize.parse(c.get("memory_max").asText());
      assertThat(m.gomemlimit()).isEqualTo(c.get("rounded_down_to_mib").asText());
      checked++;
    }
    assertThat(checked).isEqualTo(4);
    assertThat(MemorySize.parse("1.5G").gomemlimit()).isEqualTo("1382MiB"); // floor(1610612736*0.9)=1449551462
    assertThat(MemorySize.parse("1000").gomemlimit()).isEqualTo("900");
    assertThat(MemorySize.parse("1610612736").systemd()).isEqualTo("1536M");
    assertThat(MemorySize.parse("1000").systemd()).isEqualTo("1000");
  }

  @ParameterizedTest(name = "CPUQuota={0}% -> GOMAXPROCS={1}")
  @CsvSource({"50, 1", "100, 1", "150, 1", "250, 2", "1600, 16"})
  void gomaxprocsIsFloorOfQuotaAtLeastOneForUnawareRuntimes(int quota, int procs) {
    String unit = UnitWriter.service(spec(Optional.of(quota), new GoRuntime.Unknown(), List.of()));
    assertThat(unit).contains("CPUQuota=" + quota + "%\n").contains("Environment=GOMAXPROCS=" + procs + "\n")
        .contains("Go version is unknown");
  }

  @Test
  void cgroupAwarenessFromVersionAndDefaultGodebug() {
    assertThat(GoRuntime.of(info("go1.26.8", "DefaultGODEBUG=tlsrsakex=1")).cgroupAware()).isTrue();
    assertThat(GoRuntime.of(info("go1.25.0 X:boringcrypto", null)).cgroupAware()).isTrue();
    assertThat(GoRuntime.of(info("go1.25rc1", null)).cgroupAware()).isTrue();
    assertThat(GoRuntime.of(info("go1.24.6", null)).cgroupAware()).isFalse();
    assertThat(GoRuntime.of(info("go1.26.8", "DefaultGODEBUG=asynctimerchan=1,containermaxprocs=0,updatemaxprocs=0"))
        .cgroupAware()).isFalse();
    assertThat(GoRuntime.of(info("devel go1.27-abcdef", null)).cgroupAware()).isFalse();
    assertThat(new GoRuntime.Unknown().cgroupAware()).isFalse();

    assertThat(GoRuntime.of(info("go1.24.6", null)).explanation())
        .isEqualTo("go1.24.6: built by go 1.24.6; cgroup-aware from 1.25, so the unit sets GOMAXPROCS");
    assertThat(GoRuntime.of(info("go1.26.8", "DefaultGODEBUG=containermaxprocs=0")).explanation()).isEqualTo(
        "go1.26.8: DefaultGODEBUG has containermaxprocs=0: the main module's go line is before 1.25, so the unit sets GOMAXPROCS");
    assertThat(GoRuntime.of(info("devel go1.27-abcdef", null)).explanation()).contains("development toolchain devel go1.27-abcdef");
    GoRuntime aware = GoRuntime.of(info("go1.26.8", null));
    String unit = UnitWriter.service(spec(Optional.of(200), aware, List.of()));
    assertThat(unit).contains("CPUQuota=200%").doesNotContain("Environment=GOMAXPROCS").contains("# No GOMAXPROCS: go1.26.8");
  }

  /** A report for a hand-written build info; the ELF facts stand in for a static amd64 executable. */
  private static BinaryReport info(String version, String godebug) {
    String text = "path\texample.com/app\nmod\texample.com/app\t(devel)\t\n"
        + (godebug == null ? "" : "build\t" + godebug + "\n");
    return new BinaryReport("/usr/local/bin/app", staticExe(), BuildInfo.parse(text).withGoVersion(version));
  }

  private static ElfLinking staticExe() {
    return new ElfLinking(64, false, "amd64", ElfLinking.Type.EXEC, Optional.empty(), List.of(), false, false);
  }

  @Test
  void aDynamicBinaryIsNamedInTheUnitWithTheLibrariesItNeeds() {
    BuildInfo cgo = BuildInfo.parse("path\texample.com/app\nbuild\tCGO_ENABLED=1\n").withGoVersion("go1.26.8");
    ElfLinking glibc = new ElfLinking(64, false, "amd64", ElfLinking.Type.EXEC, Optional.of("/lib64/ld-linux-x86-64.so.2"),
        List.of("libc.so.6"), false, false);
    GoRuntime go = GoRuntime.of(new BinaryReport("/usr/local/bin/app", glibc, cgo));
    assertThat(go).isInstanceOfSatisfying(GoRuntime.Known.class, k -> {
      assertThat(k.dynamic()).isTrue();
      assertThat(k.linking()).isEqualTo("dynamically linked (glibc, /lib64/ld-linux-x86-64.so.2)");
    });
    String unit = UnitWriter.service(spec(Optional.empty(), go, List.of()));
    assertThat(unit).contains("# The binary is dynamically linked (glibc, /lib64/ld-linux-x86-64.so.2), needing libc.so.6:");
    assertThat(UnitWriter.service(spec(Optional.empty(), GoRuntime.of(info("go1.26.8", null)), List.of())))
        .doesNotContain("dynamically linked");
  }

  @Test
  void userEnvWinsOverDerivedValuesAndIsQuoted() {
    String unit = UnitWriter.service(spec(Optional.of(300), new GoRuntime.Unknown(), List.of(
        UnitSpec.EnvVar.parse("GOMEMLIMIT=400MiB"), UnitSpec.EnvVar.parse("GOMAXPROCS=4"),
        UnitSpec.EnvVar.parse("GREETING=hello \"big\" world 100%"))));
    assertThat(unit).contains("Environment=GOMEMLIMIT=400MiB\n").doesNotContain("Environment=GOMEMLIMIT=460MiB")
        .contains("Environment=GOMAXPROCS=4\n").doesNotContain("Environment=GOMAXPROCS=3")
        .contains("Environment=\"GREETING=hello \\\"big\\\" world 100%%\"\n");
  }

  @Test
  void lowPortGetsAmbientBindCapabilityAndNoUserNamespace() {
    UnitSpec s = new UnitSpec("web", "/usr/local/bin/web", Optional.of("web"), Optional.of(443), Optional.empty(),
        Optional.empty(), List.of(), List.of("cap_sys_nice"), new GoRuntime.Unknown(), Distro.RHEL, Optional.empty());
    String unit = UnitWriter.service(s);
    assertThat(unit).contains("User=web\nGroup=web\n").doesNotContain("DynamicUser")
        .contains("AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_SYS_NICE\n")
        .contains("CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_SYS_NICE\n")
        .contains("NoNewPrivileges=yes").doesNotContain("\nPrivateUsers=yes")
        .doesNotContain("SystemCallFilter=~@privileged").contains("restorecon");
    assertThat(unit).doesNotContain("\nMemoryDenyWriteExecute=").doesNotContain("\nProcSubset=")
        .contains("SystemCallFilter=@system-service\n").contains("SystemCallErrorNumber=EPERM\n");
    UnitSpec high = new UnitSpec("web", "/usr/local/bin/web", Optional.empty(), Optional.of(8080), Optional.empty(),
        Optional.empty(), List.of(), List.of(), new GoRuntime.Unknown(), Distro.UBUNTU, Optional.empty());
    assertThat(UnitWriter.service(high)).contains("DynamicUser=yes").contains("CapabilityBoundingSet=\n")
        .doesNotContain("\nAmbientCapabilities=").contains("PrivateUsers=yes").contains("systemd 249");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-app", ".app", "my app", "a/b", "tmpl@", "app@x", "ä", "x.service.service/"})
  void badUnitNames(String name) {
    assertThatThrownBy(() -> UnitSpec.unitName(name)).isInstanceOf(SpecException.class)
        .hasMessageStartingWith("invalid unit name");
  }

  @Test
  void goodUnitNames() {
    assertThat(UnitSpec.unitName("my-app_2.api")).isEqualTo("my-app_2.api");
    assertThat(UnitSpec.unitName("app.service")).isEqualTo("app");
    assertThatThrownBy(() -> UnitSpec.unitName("a".repeat(248))).isInstanceOf(SpecException.class);
    assertThat(UnitSpec.unitName("a".repeat(247))).hasSize(247);
  }

  @ParameterizedTest
  @ValueSource(strings = {"app", "./app", "bin/app", "/usr/bin/my app", "/usr/../bin/app", "/usr/bin/", "/usr//bin/app",
      "/usr/bin/a%n", "/usr/bin/\"x\""})
  void badExecPaths(String path) {
    assertThatThrownBy(() -> new UnitSpec("app", path, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), List.of(), new GoRuntime.Unknown(), Distro.OTHER, Optional.empty()))
        .isInstanceOf(SpecException.class).hasMessageStartingWith("invalid --exec");
  }

  @Test
  void otherBadValues() {
    assertThatThrownBy(() -> UnitSpec.capability("CAP_FLY")).hasMessageStartingWith("unknown capability");
    assertThat(UnitSpec.capability("net_bind_service")).isEqualTo("CAP_NET_BIND_SERVICE");
    assertThat(UnitSpec.capability("CAP_CHECKPOINT_RESTORE")).isEqualTo("CAP_CHECKPOINT_RESTORE");
    for (String q : List.of("0", "0%", "-5%", "1.5%", "abc", "%", "")) {
      assertThatThrownBy(() -> UnitSpec.cpuQuota(q)).as(q).hasMessageStartingWith("invalid --cpu-quota");
    }
    assertThat(UnitSpec.cpuQuota("150%")).isEqualTo(150);
    assertThat(UnitSpec.cpuQuota("50")).isEqualTo(50);
    assertThatThrownBy(() -> UnitSpec.EnvVar.parse("NOEQUALS")).hasMessageStartingWith("invalid --env");
    assertThatThrownBy(() -> UnitSpec.EnvVar.parse("1X=y")).hasMessageStartingWith("invalid environment variable name");
    assertThatThrownBy(() -> UnitSpec.EnvVar.parse("X=a\nb")).hasMessageContaining("control characters");
    for (int port : List.of(0, -1, 65536)) {
      assertThatThrownBy(() -> new UnitSpec("app", "/a", Optional.empty(), Optional.of(port), Optional.empty(),
          Optional.empty(), List.of(), List.of(), new GoRuntime.Unknown(), Distro.OTHER, Optional.empty()))
          .hasMessageStartingWith("invalid --port");
    }
    for (String user : List.of("root", "Bad", "a b", "x".repeat(33))) {
      assertThatThrownBy(() -> new UnitSpec("app", "/a", Optional.of(user), Optional.empty(), Optional.empty(),
          Optional.empty(), List.of(), List.of(), new GoRuntime.Unknown(), Distro.OTHER, Optional.empty()))
          .isInstanceOf(SpecException.class);
    }
    assertThatThrownBy(() -> new UnitSpec.Debug("dlv", "127.0.0.1:2345")).hasMessageStartingWith("invalid --dlv");
    assertThatThrownBy(() -> new UnitSpec.Debug("/usr/bin/dlv", "nowhere")).hasMessageStartingWith("invalid --dlv-listen");
  }
}
