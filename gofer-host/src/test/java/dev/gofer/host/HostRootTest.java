package dev.gofer.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRootTest {
  /**
   * On the running kernel, /proc/sys values read whole, as cat reads them: Files.readAllBytes
   * returned "6" for a swappiness of 60 on this machine's kernel.
   */
  @Test
  void procSysValuesReadWholeOnTheRunningSystem() throws Exception {
    for (String p : java.util.List.of("/proc/sys/vm/swappiness", "/proc/sys/fs/file-max", "/proc/sys/fs/nr_open",
        "/proc/sys/net/core/somaxconn", "/proc/sys/kernel/osrelease")) {
      if (!Files.isReadable(Path.of(p))) {
        continue;
      }
      Process cat = new ProcessBuilder("cat", p).start();
      String want = new String(cat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(cat.waitFor()).isZero();
      assertThat(HostRoot.system().read(p).text()).as(p).contains(want);
    }
  }

  @Test
  void aDirectoryIsUnreadableNotAnException(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("proc/cmdline"));
    assertThat(HostRoot.of(root).read("/proc/cmdline")).isInstanceOf(Readout.Unreadable.class);
  }

  @Test
  void readsUnderTheRootAndNamesWhatIsMissing(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("proc/sys/vm"));
    Files.writeString(root.resolve("proc/sys/vm/swappiness"), "60\n");
    HostRoot host = HostRoot.of(root);
    assertThat(host.read("/proc/sys/vm/swappiness").firstLine()).contains("60");
    Readout missing = host.read("/proc/sys/vm/overcommit_memory");
    assertThat(missing).isInstanceOf(Readout.Missing.class);
    assertThat(missing.problem()).isEqualTo("/proc/sys/vm/overcommit_memory: not present");
    assertThat(host.list("/proc/sys")).containsExactly("vm");
    assertThat(host.list("/nope")).isEmpty();
  }

  @Test
  void unreadableIsAReasonNotAnException(@TempDir Path root) throws IOException {
    Path f = Files.writeString(root.resolve("secret"), "x");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
    Readout r = HostRoot.of(root).read("/secret");
    if (Files.isReadable(f)) {
      return; // running as root: permissions do not apply
    }
    assertThat(r).isInstanceOf(Readout.Unreadable.class);
    assertThat(r.problem()).isEqualTo("/secret: permission denied");
  }

  @Test
  void refusesRelativeAndEscapingPaths(@TempDir Path root) {
    HostRoot host = HostRoot.of(root);
    assertThatThrownBy(() -> host.resolve("etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> host.resolve("/../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    assertThat(host.resolve("/etc/../etc/os-release")).isEqualTo(root.toAbsolutePath().resolve("etc/os-release"));
  }

  @Test
  void theRealSystemReadsProc() {
    HostRoot sys = HostRoot.system();
    assertThat(sys.isSystem()).isTrue();
    assertThat(sys.read("/proc/self/status").text()).get().asString().contains("Pid:");
  }

  @Test
  void readsWholeSysctlValuesOnTheRealSystem() throws IOException {
    // proc_dointvec answers EOF to a read at a non-zero offset: a one-byte first read loses the rest
    Path f = Path.of("/proc/sys/kernel/pid_max");
    if (!Files.isReadable(f)) {
      return;
    }
    String expected;
    try (var in = Files.newInputStream(f)) {
      expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(expected.strip()).hasSizeGreaterThan(1);
    assertThat(HostRoot.system().read("/proc/sys/kernel/pid_max").text()).contains(expected);
  }
}
