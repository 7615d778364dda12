package dev.gofer.host.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.host.HostRoot;
import dev.gofer.host.inspect.BinaryReport;
import dev.gofer.host.inspect.ElfLinking;
import dev.gofer.mod.buildinfo.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupChecksTest {
  static final BuildInfo GO125 = BuildInfo.parse("build\tCGO_ENABLED=0\n").withGoVersion("go1.25.1");
  static final BuildInfo GO125_OLD_GO_LINE = BuildInfo.parse(
      "build\tDefaultGODEBUG=containermaxprocs=0,tlsmlkem=0,updatemaxprocs=0\n").withGoVersion("go1.25.1");
  static final BuildInfo GO124 = BuildInfo.parse("build\tCGO_ENABLED=1\n").withGoVersion("go1.24.6");

  @Test
  void registryOrder() {
    assertThat(CgroupChecks.all()).extracting(Check::id).containsExactly("cgroup.version", "cgroup.memory", "cgroup.cpu");
    assertThat(ProcessChecks.all()).extracting(Check::id)
        .containsExactly("process.seccomp", "process.no-new-privs", "process.capabilities");
  }

  @Test
  void versionPerFixture() throws Exception {
    Finding v2 = new CgroupVersionCheck().run(ctx("container-v2", Profile.CONTAINER, Map.of(), null));
    assertThat(v2.level()).isEqualTo(Level.PASS);
    assertThat(v2.observed()).isEqualTo("cgroup v2 (unified), process in /sys/fs/cgroup");
    assertThat(v2.data()).containsEntry("version", "v2").containsEntry("cgroup", "/sys/fs/cgroup");
    assertThat(v2.data().get("controllers")).isEqualTo(java.util.List.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"));
    Finding v1 = new CgroupVersionCheck().run(ctx("cgroup-v1", Profile.CONTAINER, Map.of(), null));
    assertThat(v1.level()).isEqualTo(Level.WARN);
    assertThat(v1.data()).containsEntry("version", "v1");
    Finding hybrid = new CgroupVersionCheck().run(ctx("cgroup-hybrid", Profile.HOST, Map.of(), null));
    assertThat(hybrid.level()).isEqualTo(Level.WARN);
    assertThat(hybrid.observed()).contains("/sys/fs/cgroup/unified");
    assertThat(hybrid.data()).containsEntry("version", "hybrid");
  }

  @Test
  void memoryContainerV2() throws Exception {
    Finding unset = new CgroupMemoryCheck().run(ctx("container-v2", Profile.CONTAINER, Map.of(), null));
    assertThat(unset.level()).isEqualTo(Level.WARN);
    assertThat(unset.observed()).startsWith("memory limit 536870912 bytes (512 MiB) set on the leaf").endsWith("GOMEMLIMIT unset");
    assertThat(unset.fix()).isEqualTo("GOMEMLIMIT=460MiB in the container's environment (docker run -e GOMEMLIMIT=460MiB, or env: in the Kubernetes pod spec)");
    assertThat(unset.data()).containsEntry("memoryMax", 536870912L).containsEntry("memoryHigh", "max")
        .containsEntry("gomemlimit", 483183820L).containsEntry("gomemlimitMiB", "460MiB")
        .containsEntry("limitSetOn", "leaf").containsEntry("cgroupVersion", "v2");

    assertThat(memory("container-v2", "460MiB").level()).isEqualTo(Level.PASS);
    assertThat(memory("container-v2", "483183820").level()).isEqualTo(Level.PASS);
    assertThat(memory("container-v2", "483183821").level()).isEqualTo(Level.WARN);
    Finding above = memory("container-v2", "512MiB");
    assertThat(above.level()).isEqualTo(Level.FAIL);
    assertThat(above.data()).containsEntry("gomemlimitEnv", "512MiB").containsEntry("gomemlimitEnvBytes", 536870912L);
    assertThat(memory("container-v2", "off").level()).isEqualTo(Level.WARN);
    Finding bad = memory("container-v2", "1.5G");
    assertThat(bad.level()).isEqualTo(Level.WARN);
    assertThat(bad.observed()).contains("GOMEMLIMIT=1.5G is not a byte count");
  }

  @Test
  void memoryNoLimitWarnsExceptInBuildProfile() throws Exception {
    Finding v1 = new CgroupMemoryCheck().run(ctx("cgroup-v1", Profile.CONTAINER, Map.of(), null));
    assertThat(v1.level()).isEqualTo(Level.WARN);
    assertThat(v1.observed()).startsWith("no memory limit");
    assertThat(v1.data()).containsEntry("memoryMax", "max").containsEntry("limitSetOn", "none").doesNotContainKey("gomemlimit")
        .containsEntry("cgroup", "/sys/fs/cgroup/memory/large").containsEntry("cgroupVersion", "v1");
    assertThat(new CgroupMemoryCheck().run(ctx("cgroup-v1", Profile.BUILD, Map.of(), null)).level()).isEqualTo(Level.INFO);
  }

  @Test
  void memoryParentLimitAndHybrid() throws Exception {
    Finding parent = new CgroupMemoryCheck().run(ctx("cgroup-parent-limit", Profile.HOST, Map.of("GOMEMLIMIT", "921MiB"), null));
    assertThat(parent.level()).isEqualTo(Level.PASS);
    assertThat(parent.data()).containsEntry("memoryMax", 1073741824L).containsEntry("gomemlimit", 966367641L)
        .containsEntry("limitSetOn", "parent").containsEntry("limitFile", "/sys/fs/cgroup/system.slice/memory.max");
    Finding hybrid = new CgroupMemoryCheck().run(ctx("cgroup-hybrid", Profile.HOST, Map.of(), null));
    assertThat(hybrid.data()).containsEntry("memoryMax", 1073741824L).containsEntry("cgroupVersion", "v1")
        .containsEntry("limitSetOn", "leaf");
  }

  @Test
  void memoryHighBelowMaxWarns(@TempDir Path root) throws Exception {
    copy("container-v2", root);
    Files.writeString(root.resolve("sys/fs/cgroup/memory.high"), "268435456\n");
    Finding f = new CgroupMemoryCheck().run(new Context(HostRoot.of(root), Profile.CONTAINER,
        Map.of("GOMEMLIMIT", "200MiB"), Optional.empty(), Optional.empty()));
    assertThat(f.level()).isEqualTo(Level.WARN);
    assertThat(f.observed()).contains("memory.high 268435456 < memory.max 536870912");
    assertThat(f.data()).containsEntry("memoryHigh", 268435456L).containsEntry("memoryLimit", 268435456L)
        .containsEntry("gomemlimit", 241591910L);
  }

  @Test
  void cpuContainerV2() throws Exception {
    Finding unknown = new CgroupCpuCheck().run(ctx("container-v2", Profile.CONTAINER, Map.of(), null));
    assertThat(unknown.level()).isEqualTo(Level.INFO);
    assertThat(unknown.observed()).startsWith("CPU quota 0.5 CPUs (cpu.max 50000 100000) set on the leaf");
    assertThat(unknown.fix()).startsWith("GOMAXPROCS=1 in the container's environment (docker run -e GOMAXPROCS=1");
    assertThat(unknown.data()).containsEntry("cpuQuota", 0.5).containsEntry("gomaxprocs", 1L)
        .containsEntry("go125Default", 2L).containsEntry("automaxprocs", 1L).containsEntry("logicalCpus", 8L)
        .containsEntry("cgroupAware", "unknown").containsEntry("limitSetOn", "leaf");

    Finding aware = new CgroupCpuCheck().run(ctx("container-v2", Profile.CONTAINER, Map.of(), GO125));
    assertThat(aware.level()).isEqualTo(Level.PASS);
    assertThat(aware.data()).containsEntry("cgroupAware", true);
    Finding oldLine = new CgroupCpuCheck().run(ctx("container-v2", Profile.CONTAINER, Map.of(), GO125_OLD_GO_LINE));
    assertThat(oldLine.level()).isEqualTo(Level.WARN);
    assertThat(oldLine.data()).containsEntry("cgroupAware", false);
    assertThat(new CgroupCpuCheck().run(ctx("container-v2", Profile.CONTAINER, Map.of(), GO124)).level()).isEqualTo(Level.WARN);

    Finding tooMany = new CgroupCpuCheck().run(ctx("container-v2", Profile.CONTAINER, Map.of("GOMAXPROCS", "4"), GO124));
    assertThat(tooMany.level()).isEqualTo(Level.WARN);
    assertThat(tooMany.data()).containsEntry("gomaxprocsEnv", "4");
    assertThat(new CgroupCpuCheck().run(ctx("container-v2", Profile.CONTAINER, Map.of("GOMAXPROCS", "1"), GO124)).level())
        .isEqualTo(Level.PASS);
    assertThat(new CgroupCpuCheck().run(ctx("container-v2", Profile.CONTAINER, Map.of("GOMAXPROCS", "zero"), null)).level())
        .isEqualTo(Level.WARN);
  }

  @Test
  void cpuGoCannotSeeParentLimitsOrV1MountRoots() throws Exception {
    Finding parent = new CgroupCpuCheck().run(ctx("cgroup-parent-limit", Profile.HOST, Map.of(), GO125));
    assertThat(parent.level()).isEqualTo(Level.WARN);
    assertThat(parent.observed()).contains("golang/go#81180");
    assertThat(parent.data()).containsEntry("cpuQuota", 2.0).containsEntry("gomaxprocs", 2L).containsEntry("limitSetOn", "parent")
        .containsEntry("limitFile", "/sys/fs/cgroup/system.slice/cpu.max");
    Finding v1 = new CgroupCpuCheck().run(ctx("cgroup-v1", Profile.CONTAINER, Map.of(), GO125));
    assertThat(v1.level()).isEqualTo(Level.WARN);
    assertThat(v1.observed()).contains("golang/go#76390");
    assertThat(v1.data()).containsEntry("cpuQuota", 2.5).containsEntry("gomaxprocs", 2L).containsEntry("go125Default", 3L)
        .containsEntry("cgroupVersion", "v1");
    Finding hybrid = new CgroupCpuCheck().run(ctx("cgroup-hybrid", Profile.HOST, Map.of(), GO125));
    assertThat(hybrid.level()).isEqualTo(Level.PASS);
    assertThat(hybrid.data()).containsEntry("cpuQuota", 2.0).containsEntry("logicalCpus", 4L);
  }

  @Test
  void noQuotaPasses(@TempDir Path root) throws Exception {
    copy("container-v2", root);
    Files.writeString(root.resolve("sys/fs/cgroup/cpu.max"), "max 100000\n");
    Finding f = new CgroupCpuCheck().run(new Context(HostRoot.of(root), Profile.CONTAINER, Map.of(), Optional.empty(), Optional.empty()));
    assertThat(f.level()).isEqualTo(Level.PASS);
    assertThat(f.data()).containsEntry("cpuQuota", "max").containsEntry("gomaxprocs", 8L);
  }

  @Test
  void garbageAndMissingFilesSkipNamingTheFile(@TempDir Path root) throws Exception {
    Context empty = new Context(HostRoot.of(root), Profile.HOST, Map.of(), Optional.empty(), Optional.empty());
    for (Check c : CgroupChecks.all()) {
      Finding f = c.run(empty);
      assertThat(f.level()).as(c.id()).isEqualTo(Level.SKIP);
      assertThat(f.observed()).as(c.id()).isEqualTo("/proc/self/cgroup: not present");
    }
    copy("container-v2", root);
    Files.writeString(root.resolve("sys/fs/cgroup/memory.max"), "\u0000\u00ffjunk");
    Files.writeString(root.resolve("sys/fs/cgroup/cpu.max"), "50000 0\n");
    Finding mem = new CgroupMemoryCheck().run(empty);
    assertThat(mem.level()).isEqualTo(Level.SKIP);
    assertThat(mem.observed()).startsWith("/sys/fs/cgroup/memory.max: not a byte count");
    Finding cpu = new CgroupCpuCheck().run(empty);
    assertThat(cpu.level()).isEqualTo(Level.SKIP);
    assertThat(cpu.observed()).isEqualTo("/sys/fs/cgroup/cpu.max: zero period in \"50000 0\"");
    Files.writeString(root.resolve("proc/self/mountinfo"), "garbage\n\n1 2\n");
    assertThat(new CgroupVersionCheck().run(empty).level()).isEqualTo(Level.SKIP);
    assertThat(new CgroupMemoryCheck().run(empty).observed()).contains("no cgroup memory controller");
  }

  @Test
  void theRealMachine() {
    Context sys = new Context(HostRoot.system(), Profile.HOST, System.getenv(), Optional.empty(), Optional.empty());
    for (Check c : CgroupChecks.all()) {
      Finding f = c.run(sys);
      assertThat(f.id()).isEqualTo(c.id());
      assertThat(f.observed()).as(c.id()).isNotBlank();
      if (f.data().get("logicalCpus") instanceof Long n) {
        assertThat(n).isEqualTo(Runtime.getRuntime().availableProcessors());
      }
      if (f.data().get("gomemlimit") instanceof Long g) {
        assertThat(g).isPositive().isLessThan((Long) f.data().get("memoryLimit"));
      }
    }
  }

  static Finding memory(String fixture, String gomemlimit) throws Exception {
    return new CgroupMemoryCheck().run(ctx(fixture, Profile.CONTAINER, Map.of("GOMEMLIMIT", gomemlimit), null));
  }

  /**
   * A context whose binary has the build info {@code info} (none when null). The ELF facts are a
   * stand-in (a static amd64 executable): these tests are about the build info; real binaries are
   * in {@code BinaryChecksIT}.
   */
  static Context ctx(String fixture, Profile profile, Map<String, String> env, BuildInfo info) throws Exception {
    HostRoot host = HostRoot.of(fixture(fixture));
    if (info == null) {
      return new Context(host, profile, env, Optional.empty(), Optional.empty());
    }
    return Context.withBinary(host, profile, env, Path.of("/usr/local/bin/app"), report(info));
  }

  static BinaryReport report(BuildInfo info) {
    ElfLinking staticExe = new ElfLinking(64, false, "amd64", ElfLinking.Type.EXEC, Optional.empty(), List.of(), false, false);
    return new BinaryReport("/usr/local/bin/app", staticExe, info);
  }

  static Path fixture(String name) throws Exception {
    return Path.of(CgroupChecksTest.class.getResource("/hosts/" + name).toURI());
  }

  /** Copies a fixture tree into a temporary root, to change a file for one test. */
  static void copy(String fixture, Path to) throws Exception {
    Path from = fixture(fixture);
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw e;
    }
  }
}
