package dev.gofer.host.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SysctlPlanTest {
  /** sysctl.d(5) syntax as gofer writes it: "# " comments, blank lines, "key = value". */
  static void assertSysctlSyntax(String text) {
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      assertThat(line).matches("# .*|[a-z0-9_]+(\\.[a-z0-9_-]+)+ = [0-9]+");
    }
  }

  @Test
  void aWellTunedHostNeedsNothing() {
    for (String fixture : Fixtures.DISTROS) {
      SysctlPlan plan = SysctlPlan.of(Fixtures.context(fixture));
      assertThat(plan.isEmpty()).as(fixture).isTrue();
    }
  }

  @Test
  void theBadlyTunedHostNeedsSomaxconnAndSwappiness() {
    SysctlPlan plan = SysctlPlan.of(Fixtures.context("weak-cmdline"));
    assertThat(plan.settings()).extracting(SysctlPlan.Setting::key, SysctlPlan.Setting::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("net.core.somaxconn", "4096"),
            org.assertj.core.groups.Tuple.tuple("vm.swappiness", "10"));
    String text = plan.render();
    assertSysctlSyntax(text);
    assertThat(text).contains("# net.core.somaxconn is 128; Go uses it as every listener's backlog (read once at start)\n"
        + "net.core.somaxconn = 4096\n");
    assertThat(text).doesNotContain("fs.file-max");
  }

  @Test
  void rhel8NeedsOnlySomaxconn() {
    SysctlPlan plan = SysctlPlan.of(Fixtures.context("rhel8-cgv1-host"));
    assertThat(plan.settings()).extracting(SysctlPlan.Setting::key, SysctlPlan.Setting::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("net.core.somaxconn", "4096"));
    assertSysctlSyntax(plan.render());
  }

  @Test
  void ptraceScopeOnlyForBuildMachines() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sysctl");
    java.nio.file.Path f = dir.resolve("proc/sys/kernel/yama/ptrace_scope");
    java.nio.file.Files.createDirectories(f.getParent());
    java.nio.file.Files.writeString(f, "2\n");
    var host = dev.gofer.host.HostRoot.of(dir);
    assertThat(SysctlPlan.of(Fixtures.context(host, Profile.HOST, Map.of())).isEmpty()).isTrue();
    SysctlPlan build = SysctlPlan.of(Fixtures.context(host, Profile.BUILD, Map.of()));
    assertThat(build.settings()).extracting(SysctlPlan.Setting::key).isEqualTo(List.of("kernel.yama.ptrace_scope"));
    assertSysctlSyntax(build.render());
  }

  @Test
  void fileMaxOnlyWithoutSystemdAndOnlyWhenNearlyExhausted() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sysctl");
    write(dir, "proc/sys/fs/file-max", "100000\n");
    write(dir, "proc/sys/fs/file-nr", "95000\t0\t100000\n");
    write(dir, "proc/self/limits", "Max open files            1024                 65536                files\n");
    var host = dev.gofer.host.HostRoot.of(dir);
    assertThat(SysctlPlan.of(Fixtures.context(host, Profile.HOST, Map.of())).settings())
        .extracting(SysctlPlan.Setting::key).containsExactly("fs.file-max");
    write(dir, "proc/1/comm", "systemd\n");
    assertThat(SysctlPlan.of(Fixtures.context(host, Profile.HOST, Map.of())).isEmpty()).isTrue();
  }

  private static void write(java.nio.file.Path dir, String rel, String content) throws java.io.IOException {
    java.nio.file.Path p = dir.resolve(rel);
    java.nio.file.Files.createDirectories(p.getParent());
    java.nio.file.Files.writeString(p, content);
  }
}
