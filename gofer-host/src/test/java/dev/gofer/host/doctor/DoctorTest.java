package dev.gofer.host.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.gofer.host.HostRoot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DoctorTest {
  static Map<String, String> levels(Report r) {
    Map<String, String> m = new LinkedHashMap<>();
    r.findings().forEach(f -> m.put(f.id(), f.level().key()));
    return m;
  }

  /**
   * The levels every fixture is expected to give, in report order (host profile). The six checks
   * in the middle are the cgroup and process ones; every distro fixture stands for a process in
   * {@code system.slice/app.service} with MemoryMax=1G and CPUQuota=200% on two CPUs, run as an
   * unprivileged user without seccomp or no_new_privs: {@code cgroup.version} pass (v2),
   * {@code cgroup.memory} warn (a 1 GiB limit and GOMEMLIMIT unset: set 921MiB),
   * {@code cgroup.cpu} info (a 2-CPU quota, binary unknown without --binary),
   * {@code process.seccomp} info (no filter), {@code process.no-new-privs} info (unset),
   * {@code process.capabilities} pass (no effective capability). journald-precedence has no
   * /proc at all, so they skip there. The last two, binary.linking and binary.capabilities, need
   * --binary and skip.
   */
  static List<Object[]> expectations() {
    String services = " pass warn info info info pass ";
    return List.of(
        new Object[] {"rhel9", "info info pass pass info pass pass pass pass pass" + services + "warn info info info pass skip skip"},
        new Object[] {"alma9", "info warn warn pass info pass pass pass pass pass" + services + "pass info info info skip skip skip"},
        new Object[] {"centos-stream9", "info info pass pass info pass pass pass warn pass" + services + "warn info info info skip skip skip"},
        new Object[] {"ubuntu2204", "info info pass pass info pass pass pass pass pass" + services + "pass info info info skip skip skip"},
        new Object[] {"ubuntu2404", "info info pass pass info pass pass pass pass pass" + services + "pass info pass info skip skip skip"},
        new Object[] {"debian12", "info info pass pass info pass pass pass pass pass" + services + "pass info info info skip skip skip"},
        new Object[] {"weak-cmdline", "warn info pass warn info fail warn warn warn pass" + services + "pass info info info skip skip skip"},
        // RHEL 8.10 (kernel 4.18, systemd 239, cgroup v1 "legacy"), the same service on v1: the kernel's
        // 1024:4096 NOFILE that systemd before 240 passes on warns, as does somaxconn 128 (the default
        // before Linux 5.4) and the v1 hierarchy; swappiness 30 (tuned's virtual-guest) is info;
        // memory and cpu come from memory.limit_in_bytes and cpu.cfs_quota_us as on v2
        new Object[] {"rhel8-cgv1-host", "info info warn warn info pass pass pass pass pass"
            + " warn warn info info info pass " + "warn info info info skip skip skip"},
        new Object[] {"journald-precedence",
            "skip skip skip skip skip skip skip skip skip skip skip skip skip skip skip skip warn warn info info skip skip skip"});
  }

  @Test
  void distroFixturesAgreeOnTheirCpuCountAndGiveTheServiceSizing() {
    for (String name : Fixtures.DISTROS) {
      Report r = Doctor.standard().run(Fixtures.context(name), Set.of());
      Map<String, Finding> byId = new LinkedHashMap<>();
      r.findings().forEach(f -> byId.put(f.id(), f));
      // Cpus_allowed_list and /proc/cpuinfo both say two CPUs; the quota is two CPUs
      assertThat(byId.get("cgroup.cpu").data()).as(name).containsEntry("logicalCpus", 2L)
          .containsEntry("cpuQuota", 2.0).containsEntry("gomaxprocs", 2L).containsEntry("go125Default", 2L);
      // §4.2 worked value: 1 GiB gives 966367641 bytes, 921 MiB
      assertThat(byId.get("cgroup.memory").data()).as(name).containsEntry("gomemlimit", 966367641L)
          .containsEntry("gomemlimitMiB", "921MiB");
      assertThat(byId.get("cgroup.memory").fix()).isEqualTo("Environment=GOMEMLIMIT=921MiB");
    }
  }

  @Test
  void aCgroupV1HostSizesTheServiceFromItsV1Files() {
    Report r = Doctor.standard().run(Fixtures.context("rhel8-cgv1-host"), Set.of());
    Map<String, Finding> byId = new LinkedHashMap<>();
    r.findings().forEach(f -> byId.put(f.id(), f));
    assertThat(r.host()).contains(entry("cgroup", "v1"), entry("version", "8.10"), entry("distro", "rhel"));
    assertThat(byId.get("cgroup.version").data()).containsEntry("version", "v1");
    // MemoryMax=1G on systemd 239 writes memory.limit_in_bytes; the parents are unlimited (LONG_MAX
    // rounded down to a page), and memory.stat's hierarchical_memory_limit agrees
    Finding mem = byId.get("cgroup.memory");
    assertThat(mem.data()).containsEntry("cgroupVersion", "v1").containsEntry("memoryMax", 1073741824L)
        .containsEntry("memoryHigh", "max").containsEntry("limitSetOn", "leaf")
        .containsEntry("cgroup", "/sys/fs/cgroup/memory/system.slice/app.service")
        .containsEntry("gomemlimit", 966367641L).containsEntry("gomemlimitMiB", "921MiB");
    assertThat(mem.fix()).isEqualTo("Environment=GOMEMLIMIT=921MiB");
    // CPUQuota=200% writes cpu.cfs_quota_us 200000 over cpu.cfs_period_us 100000
    Finding cpu = byId.get("cgroup.cpu");
    assertThat(cpu.data()).containsEntry("cgroupVersion", "v1").containsEntry("cpuQuota", 2.0)
        .containsEntry("gomaxprocs", 2L).containsEntry("go125Default", 2L).containsEntry("limitSetOn", "leaf")
        .containsEntry("limitFile", "/sys/fs/cgroup/cpu,cpuacct/system.slice/app.service/cpu.cfs_quota_us");
    assertThat(cpu.observed()).startsWith("CPU quota 2 CPUs (cpu.cfs_quota_us 200000, cpu.cfs_period_us 100000) set on the leaf")
        .doesNotContain("cpu.max");
    // systemd 239 documents "#DefaultLimitNOFILE=" without a value: services get the kernel's 1024:4096
    Finding nofile = byId.get("kernel.file-max");
    assertThat(nofile.level()).isEqualTo(Level.WARN);
    assertThat(nofile.data()).containsEntry("hard", 4096L).containsEntry("defaultLimitNofile", "1024:4096")
        .containsEntry("processHard", 4096L);
    assertThat(nofile.observed()).startsWith("NOFILE hard 4096 (systemd before 240");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expectations")
  void eachFixtureGivesItsExpectedLevels(String fixture, String expected) {
    Report r = Doctor.standard().run(Fixtures.context(fixture), Set.of());
    assertThat(r.findings()).extracting(Finding::id).containsExactlyElementsOf(Doctor.standard().ids());
    assertThat(String.join(" ", levels(r).values())).isEqualTo(expected);
    assertThat(r.failed()).isEqualTo(expected.contains("fail"));
    for (Finding f : r.findings()) {
      assertThat(f.observed()).as(f.id()).isNotBlank();
      if (f.level() == Level.WARN || f.level() == Level.FAIL) {
        assertThat(f.fix()).as(f.id() + " has a fix").isNotBlank();
      }
    }
  }

  @Test
  void hostFactsComeFromTheTree() {
    Report r = Doctor.standard().run(Fixtures.context("rhel9"), Set.of());
    assertThat(r.host()).contains(
        entry("os", "rhel"), entry("version", "9.4"), entry("prettyName", "Red Hat Enterprise Linux 9.4 (Plow)"),
        entry("distro", "rhel"), entry("kernel", "5.14.0-427.13.1.el9_4.x86_64"), entry("arch", "x86_64"),
        entry("cgroup", "v2"), entry("systemd", true), entry("profile", "host"),
        entry("sysroot", Fixtures.path("rhel9").toString()));
  }

  @Test
  void skipListTurnsChecksIntoSkips() {
    Report r = Doctor.standard().run(Fixtures.context("weak-cmdline"), Set.of("kernel.kaslr", "cpu.smep"));
    Map<String, Finding> byId = new LinkedHashMap<>();
    r.findings().forEach(f -> byId.put(f.id(), f));
    assertThat(byId.get("kernel.kaslr").level()).isEqualTo(Level.SKIP);
    assertThat(byId.get("kernel.kaslr").observed()).isEqualTo("skipped by --skip");
    assertThat(byId.get("cpu.smep").level()).isEqualTo(Level.SKIP);
    assertThat(byId.get("cpu.smap").level()).isEqualTo(Level.WARN);
    assertThat(r.failed()).isFalse();
  }

  @Test
  void aThrowingCheckBecomesASkipAndTheRestStillRuns() {
    Check boom = new Check() {
      @Override
      public String id() {
        return "test.boom";
      }

      @Override
      public Finding run(Context context) {
        throw new IllegalStateException("probe exploded\nsecond line");
      }
    };
    Report r = Doctor.of(List.of(boom, new SomaxconnCheck())).run(Fixtures.context("rhel9"), Set.of());
    assertThat(r.findings().get(0).level()).isEqualTo(Level.SKIP);
    assertThat(r.findings().get(0).observed()).isEqualTo("check failed: IllegalStateException: probe exploded");
    assertThat(r.findings().get(1).level()).isEqualTo(Level.PASS);
  }

  @Test
  void anEmptyTreeGivesSkipsNotExceptions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path empty) {
    Report r = Doctor.standard().run(Fixtures.context(HostRoot.of(empty), Profile.HOST, Map.of()), Set.of());
    assertThat(r.findings()).allSatisfy(f -> assertThat(f.level()).as(f.id()).isIn(Level.SKIP, Level.INFO));
    assertThat(r.host().get("os")).isNull();
  }

  @Test
  void theRealMachineRunsWithoutThrowingAndEveryLevelIsValid() {
    Map<String, String> env = System.getenv();
    for (Profile p : Profile.values()) {
      Report r = Doctor.standard().run(Fixtures.context(HostRoot.system(), p, env), Set.of());
      assertThat(r.findings()).hasSize(Checks.all().size());
      assertThat(r.findings()).allSatisfy(f -> {
        assertThat(f.level()).isNotNull();
        assertThat(f.observed()).as(f.id()).doesNotStartWith("check failed");
      });
      assertThat(r.host().get("sysroot")).isEqualTo("/");
    }
  }
}
