package dev.gofer.host.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.host.HostRoot;
import dev.gofer.mod.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and resolution, against host-examples.json (copied from the shared reference vectors). */
class CgroupFactsTest {
  private static final JsonNode V = Vectors.load("host-examples");

  @Test
  void procSelfCgroupVectors() {
    for (JsonNode c : V.get("proc_self_cgroup")) {
      List<CgroupLine> lines = CgroupLine.parse(c.get("line").asText());
      assertThat(lines).as(c.get("line").asText()).hasSize(1);
      CgroupLine l = lines.getFirst();
      String meaning = c.get("meaning").asText();
      assertThat(l.unified()).as(meaning).isEqualTo(meaning.startsWith("cgroup v2"));
      assertThat(c.get("line").asText()).endsWith(":" + l.path());
    }
    assertThat(CgroupLine.parse("2:cpu,cpuacct:/docker").getFirst().controllers()).containsExactly("cpu", "cpuacct");
    assertThat(CgroupLine.parse("3:memory:/docker/large").getFirst().has("memory")).isTrue();
  }

  @Test
  void procSelfCgroupSkipsJunkAndKeepsColonsInPaths() {
    List<CgroupLine> lines = CgroupLine.parse("garbage\n\nx:cpu:/a\n1:name=systemd:/a:b\n0::relative\n0::/\n");
    assertThat(lines).extracting(CgroupLine::path).containsExactly("/a:b", "/");
    assertThat(lines.get(0).controllers()).containsExactly("name=systemd");
  }

  @Test
  void mountinfoVector() {
    JsonNode v = V.get("mountinfo");
    Mount m = Mount.parseLine(v.get("line").asText()).orElseThrow();
    JsonNode f = v.get("fields");
    assertThat(m.mountId()).isEqualTo(f.get("mount_id").asInt());
    assertThat(m.parentId()).isEqualTo(f.get("parent_id").asInt());
    assertThat(m.majorMinor()).isEqualTo(f.get("major_minor").asText());
    assertThat(m.root()).isEqualTo(f.get("root").asText());
    assertThat(m.mountPoint()).isEqualTo(f.get("mount_point").asText());
    assertThat(m.options()).isEqualTo(f.get("mount_options").asText());
    assertThat(m.optionalFields()).containsExactly(f.get("optional_fields").get(0).asText());
    assertThat(m.fstype()).isEqualTo(f.get("fstype").asText());
    assertThat(m.source()).isEqualTo(f.get("source").asText());
    assertThat(m.superOptions()).isEqualTo(f.get("super_options").asText());
  }

  @Test
  void mountinfoOctalEscapesNoOptionalFieldsAndJunk() {
    List<Mount> ms = Mount.parse("""
        not a mount line
        40 31 0:38 /a\\040b /sys/fs/cgroup/my\\040dir\\011x\\134y rw - cgroup2 cgroup2 rw
        41 31 0:39 / /x rw shared:1 master:2 - cgroup cgroup rw,cpu,cpuacct
        42 31 0:40 / /y rw no-separator-here cgroup cgroup rw
        """);
    assertThat(ms).hasSize(2);
    assertThat(ms.get(0).root()).isEqualTo("/a b");
    assertThat(ms.get(0).mountPoint()).isEqualTo("/sys/fs/cgroup/my dir\tx\\y");
    assertThat(ms.get(0).optionalFields()).isEmpty();
    assertThat(ms.get(1).optionalFields()).containsExactly("shared:1", "master:2");
    assertThat(ms.get(1).superOptionList()).contains("cpu", "cpuacct");
    assertThat(Mount.unescape("a\\04")).isEqualTo("a\\04");
  }

  @Test
  void modeFromFstypes() {
    Mount v2 = Mount.parseLine("1 0 0:1 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw").orElseThrow();
    Mount v1 = Mount.parseLine("2 0 0:2 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu").orElseThrow();
    Mount nsfs = Mount.parseLine("3 0 0:4 net:[4026531840] /run/netns/x rw - nsfs nsfs rw").orElseThrow();
    assertThat(CgroupMode.of(List.of(nsfs, v2))).isEqualTo(CgroupMode.V2);
    assertThat(CgroupMode.of(List.of(v1))).isEqualTo(CgroupMode.V1);
    assertThat(CgroupMode.of(List.of(v1, v2))).isEqualTo(CgroupMode.HYBRID);
    assertThat(CgroupMode.of(List.of(nsfs))).isEqualTo(CgroupMode.NONE);
  }

  @Test
  void resolvesRelativeToTheMountRootAndRefusesEscapes() {
    Mount docker = Mount.parseLine("3 2 0:18 /docker /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory").orElseThrow();
    assertThat(CgroupDir.resolve(docker, "/docker/large").orElseThrow().path()).isEqualTo("/sys/fs/cgroup/memory/large");
    assertThat(CgroupDir.resolve(docker, "/docker").orElseThrow().path()).isEqualTo("/sys/fs/cgroup/memory");
    assertThat(CgroupDir.resolve(docker, "/")).isEmpty();
    assertThat(CgroupDir.resolve(docker, "/dockerx")).isEmpty();
    assertThat(CgroupDir.resolve(docker, "/docker/../etc")).isEmpty();
    assertThat(CgroupDir.resolve(docker, "/../docker")).isEmpty();
    Mount root = Mount.parseLine("1 0 0:1 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw").orElseThrow();
    CgroupDir d = CgroupDir.resolve(root, "/system.slice/app.service").orElseThrow();
    assertThat(d.upToMount()).extracting(CgroupDir::path)
        .containsExactly("/sys/fs/cgroup/system.slice/app.service", "/sys/fs/cgroup/system.slice", "/sys/fs/cgroup");
  }

  @Test
  void cpuMaxParsingVectors() {
    for (JsonNode c : V.get("cpu_max_parsing")) {
      String content = c.get("content").asText();
      if (c.has("quota")) {
        CpuMax m = CpuMax.parseV2(content);
        assertThat(m.quota()).as(content).isEqualTo(c.get("quota").isNull()
            ? OptionalLong.empty() : OptionalLong.of(c.get("quota").asLong()));
        assertThat(m.period()).as(content).isEqualTo(c.get("period").asLong());
      }
    }
    // "1 2 3": the third field (burst) is ignored, as the reference allows
    assertThat(CpuMax.parseV2("1 2 3")).isEqualTo(new CpuMax(OptionalLong.of(1), 2));
    assertThatThrownBy(() -> CpuMax.parseV2("50000 0")).hasMessageContaining("zero period");
    for (String bad : List.of("", "1 2 3 4", "abc 100000", "50000 -1", "0 100000", "-5 100000", "max max")) {
      assertThatThrownBy(() -> CpuMax.parseV2(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(CpuMax.parseV2("50000 100000").cpusDecimal().toPlainString()).isEqualTo("0.5");
  }

  @Test
  void cpuV1Pairs() {
    assertThat(CpuMax.parseV1("-1\n", "100000\n").limited()).isFalse();
    assertThat(CpuMax.parseV1("250000", "100000").cpus()).isEqualTo(2.5);
    assertThatThrownBy(() -> CpuMax.parseV1("250000", "0")).hasMessageContaining("zero period");
    assertThatThrownBy(() -> CpuMax.parseV1("lots", "100000")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void memoryValues() {
    assertThat(Cgroups.bytesV2("max")).isEmpty();
    assertThat(Cgroups.bytesV2("536870912")).contains(536870912L);
    assertThatThrownBy(() -> Cgroups.bytesV2("-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cgroups.bytesV2("99999999999999999999")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Cgroups.bytesV1("9223372036854771712")).isEmpty(); // LONG_MAX rounded to 4 KiB
    assertThat(Cgroups.bytesV1("9223372036854710272")).isEmpty(); // ... to 64 KiB
    assertThat(Cgroups.bytesV1("18446744073709551615")).isEmpty();
    assertThat(Cgroups.bytesV1("1073741824")).contains(1073741824L);
  }

  @Test
  void cpuLists() {
    assertThat(CpuCount.countList("0-3,8")).hasValue(5);
    assertThat(CpuCount.countList("0")).hasValue(1);
    assertThat(CpuCount.countList("0-1,1-2\n")).hasValue(3);
    assertThat(CpuCount.countList("")).isEmpty();
    assertThat(CpuCount.countList("3-1")).isEmpty();
    assertThat(CpuCount.countList("a-b")).isEmpty();
  }

  @Test
  void cpuCountPrefersAffinityThenOnlineThenCpuinfo(@TempDir Path root) throws IOException {
    HostRoot host = HostRoot.of(root);
    assertThat(CpuCount.read(host)).isEmpty();
    write(root, "proc/cpuinfo", "processor\t: 0\nflags: x\n\nprocessor\t: 1\n");
    assertThat(CpuCount.read(host).orElseThrow().count()).isEqualTo(2);
    write(root, "sys/devices/system/cpu/online", "0-3,8\n");
    assertThat(CpuCount.read(host).orElseThrow()).isEqualTo(new CpuCount(5, "/sys/devices/system/cpu/online"));
    write(root, "proc/self/status", "Name:\tx\nCpus_allowed_list:\t0-1\n");
    assertThat(CpuCount.read(host).orElseThrow().count()).isEqualTo(2);
  }

  @Test
  void fixtureContainerV2() throws Exception {
    HostRoot host = fixture("container-v2");
    Cgroups cg = Cgroups.read(host);
    assertThat(cg.mode()).isEqualTo(CgroupMode.V2);
    MemoryLimits mem = cg.memory(host).orElseThrow();
    assertThat(mem.version()).isEqualTo("v2");
    assertThat(mem.limit()).hasValue(536870912L);
    assertThat(mem.max().where()).isEqualTo("leaf");
    assertThat(mem.high().effective()).isEmpty();
    CpuLimits cpu = cg.cpu(host).orElseThrow();
    assertThat(cpu.quota().effective().orElseThrow().value().cpus()).isEqualTo(0.5);
  }

  @Test
  void fixtureV1ContainerWithDockerMountRoot() throws Exception {
    HostRoot host = fixture("cgroup-v1");
    Cgroups cg = Cgroups.read(host);
    assertThat(cg.mode()).isEqualTo(CgroupMode.V1);
    assertThat(cg.v1Dir("memory").orElseThrow().path()).isEqualTo("/sys/fs/cgroup/memory/large");
    assertThat(cg.v1Dir("cpu").orElseThrow().path()).isEqualTo("/sys/fs/cgroup/cpu,cpuacct");
    assertThat(cg.memory(host).orElseThrow().limit()).isEmpty(); // LONG_MAX rounded: no limit
    CpuLimits cpu = cg.cpu(host).orElseThrow();
    assertThat(cpu.version()).isEqualTo("v1");
    assertThat(cpu.quota().effective().orElseThrow().value()).isEqualTo(new CpuMax(OptionalLong.of(250000), 100000));
    // cpuset:/ lies above the mount root /docker: refused, not resolved to a wrong directory
    assertThatThrownBy(() -> cg.v1Dir("cpuset")).isInstanceOf(CgroupException.class).hasMessageContaining("outside the root /docker");
  }

  @Test
  void fixtureHybridReadsV1ControllersWhenUnifiedHasNone() throws Exception {
    HostRoot host = fixture("cgroup-hybrid");
    Cgroups cg = Cgroups.read(host);
    assertThat(cg.mode()).isEqualTo(CgroupMode.HYBRID);
    assertThat(cg.unifiedDir().orElseThrow().path()).isEqualTo("/sys/fs/cgroup/unified/system.slice/app.service");
    MemoryLimits mem = cg.memory(host).orElseThrow();
    assertThat(mem.version()).isEqualTo("v1");
    assertThat(mem.limit()).hasValue(1073741824L);
    CpuLimits cpu = cg.cpu(host).orElseThrow();
    assertThat(cpu.version()).isEqualTo("v1");
    assertThat(cpu.quota().effective().orElseThrow().value().cpus()).isEqualTo(2.0);
    assertThat(cpu.quota().where()).isEqualTo("leaf");
  }

  @Test
  void fixtureParentLimitIsFoundOnTheWayUp() throws Exception {
    HostRoot host = fixture("cgroup-parent-limit");
    Cgroups cg = Cgroups.read(host); // the nsfs line before the cgroup2 mount does not disturb detection
    assertThat(cg.mode()).isEqualTo(CgroupMode.V2);
    MemoryLimits mem = cg.memory(host).orElseThrow();
    assertThat(mem.limit()).hasValue(1073741824L);
    assertThat(mem.max().leaf()).isEmpty();
    assertThat(mem.max().setOnParent()).isTrue();
    assertThat(mem.max().effective().orElseThrow().file()).isEqualTo("/sys/fs/cgroup/system.slice/memory.max");
    CpuLimits cpu = cg.cpu(host).orElseThrow();
    assertThat(cpu.quota().where()).isEqualTo("parent");
    assertThat(cpu.quota().effective().orElseThrow().value().cpus()).isEqualTo(2.0);
  }

  @Test
  void tighterLeafWinsAndTiesStayOnTheLeaf(@TempDir Path root) throws Exception {
    write(root, "proc/self/cgroup", "0::/a/b\n");
    write(root, "proc/self/mountinfo", "1 0 0:1 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
    write(root, "sys/fs/cgroup/a/memory.max", "1000\n");
    write(root, "sys/fs/cgroup/a/b/memory.max", "1000\n");
    write(root, "sys/fs/cgroup/a/memory.high", "2000\n");
    write(root, "sys/fs/cgroup/a/b/memory.high", "500\n");
    HostRoot host = HostRoot.of(root);
    MemoryLimits mem = Cgroups.read(host).memory(host).orElseThrow();
    assertThat(mem.max().where()).isEqualTo("leaf");
    assertThat(mem.high().where()).isEqualTo("leaf");
    assertThat(mem.limit()).hasValue(500L);
  }

  @Test
  void garbageAndMissingFilesNameTheFile(@TempDir Path root) throws Exception {
    HostRoot host = HostRoot.of(root);
    assertThatThrownBy(() -> Cgroups.read(host)).hasMessage("/proc/self/cgroup: not present");
    write(root, "proc/self/cgroup", "0::/\n");
    assertThatThrownBy(() -> Cgroups.read(host)).hasMessage("/proc/self/mountinfo: not present");
    write(root, "proc/self/mountinfo", "1 0 0:1 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
    write(root, "sys/fs/cgroup/memory.max", "lots\n");
    write(root, "sys/fs/cgroup/cpu.max", "50000 0\n");
    Cgroups cg = Cgroups.read(host);
    assertThatThrownBy(() -> cg.memory(host)).hasMessage("/sys/fs/cgroup/memory.max: not a byte count: \"lots\"");
    assertThatThrownBy(() -> cg.cpu(host)).hasMessageStartingWith("/sys/fs/cgroup/cpu.max: zero period");
  }

  @Test
  void theRealMachine() throws Exception {
    HostRoot host = HostRoot.system();
    Cgroups cg = Cgroups.read(host);
    assertThat(cg.lines()).isNotEmpty();
    if (cg.mode() == CgroupMode.NONE) {
      return;
    }
    cg.memory(host).ifPresent(m -> m.limit().ifPresent(l -> assertThat(l).isPositive()));
    cg.cpu(host).ifPresent(c -> c.quota().effective().ifPresent(q -> assertThat(q.value().cpus()).isPositive()));
    assertThat(CpuCount.read(host).orElseThrow().count()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  static HostRoot fixture(String name) throws Exception {
    return HostRoot.of(Path.of(CgroupFactsTest.class.getResource("/hosts/" + name).toURI()));
  }

  static void write(Path root, String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }
}
