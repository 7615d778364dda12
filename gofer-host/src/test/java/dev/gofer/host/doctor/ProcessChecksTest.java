package dev.gofer.host.doctor;

import static dev.gofer.host.doctor.CgroupChecksTest.copy;
import static dev.gofer.host.doctor.CgroupChecksTest.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.host.HostRoot;
import dev.gofer.mod.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessChecksTest {
  static final List<String> DOCKER_DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID",
      "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_CHROOT",
      "CAP_MKNOD", "CAP_AUDIT_WRITE", "CAP_SETFCAP");

  @Test
  void seccompFilteredContainer() throws Exception {
    Finding f = new SeccompCheck().run(ctx("container-v2", Profile.CONTAINER, Map.of(), CgroupChecksTest.GO124));
    assertThat(f.level()).isEqualTo(Level.INFO);
    assertThat(f.observed()).isEqualTo("seccomp filter: filtered, profile unknown (Seccomp: 2, 1 filter); the binary uses cgo or glibc");
    assertThat(f.why()).contains("arch_prctl", "futex", "EPERM", "ENOSYS", "clone3");
    assertThat(f.data()).containsEntry("mode", 2L).containsEntry("modeName", "filter").containsEntry("filters", 1L)
        .containsEntry("cgo", true);
  }

  @Test
  void seccompDisabledAndStrict(@TempDir Path root) throws Exception {
    copy("container-v2", root);
    Path status = root.resolve("proc/self/status");
    Files.writeString(status, Files.readString(status).replace("Seccomp:\t2", "Seccomp:\t0").replace("Seccomp_filters:\t1", "Seccomp_filters:\t0"));
    Context c = new Context(HostRoot.of(root), Profile.CONTAINER, Map.of(), Optional.empty(), Optional.empty());
    Finding off = new SeccompCheck().run(c);
    assertThat(off.level()).isEqualTo(Level.INFO);
    assertThat(off.observed()).contains("Seccomp: 0", "unconfined");
    Files.writeString(status, Files.readString(status).replace("Seccomp:\t0", "Seccomp:\t1"));
    assertThat(new SeccompCheck().run(c).level()).isEqualTo(Level.FAIL);
  }

  @Test
  void noNewPrivsWithoutBinaryPasses() throws Exception {
    Finding f = new NoNewPrivsCheck().run(ctx("container-v2", Profile.CONTAINER, Map.of(), null));
    assertThat(f.level()).isEqualTo(Level.PASS);
    assertThat(f.data()).containsEntry("noNewPrivs", true).doesNotContainKey("fileCapabilities");
  }

  @Test
  void noNewPrivsConflictsWithFileCapabilitiesFromASideCar(@TempDir Path dir) throws Exception {
    Path bin = Files.writeString(dir.resolve("server"), "not really ELF");
    // cap_net_bind_service=ep, from capability-xattr.json
    Files.write(dir.resolve("server.security.capability"), Vectors.hex("0100000200040000000000000000000000000000"));
    Context c = new Context(HostRoot.of(CgroupChecksTest.fixture("container-v2")), Profile.CONTAINER, Map.of(),
        Optional.of(bin), Optional.empty());
    Finding f = new NoNewPrivsCheck().run(c);
    assertThat(f.level()).isEqualTo(Level.FAIL);
    assertThat(f.observed()).contains("cap_net_bind_service=ep", "ignored under no_new_privs");
    assertThat(f.fix()).contains("AmbientCapabilities=CAP_NET_BIND_SERVICE");
    assertThat(f.data()).containsEntry("fileCapabilities", "cap_net_bind_service=ep")
        .containsEntry("fileCapabilitiesSource", "side-car");

    Files.write(dir.resolve("server.security.capability"), new byte[] {1, 2, 3});
    Finding bad = new NoNewPrivsCheck().run(c);
    assertThat(bad.level()).isEqualTo(Level.PASS);
    assertThat(bad.observed()).contains("unreadable", "too short");
    assertThat(bad.data()).containsEntry("fileCapabilitiesUnknown", true);
  }

  @Test
  void noNewPrivsWithAPlainBinaryAsksGetcap(@TempDir Path dir) throws Exception {
    Path bin = Files.writeString(dir.resolve("plain"), "x");
    Context c = new Context(HostRoot.of(CgroupChecksTest.fixture("container-v2")), Profile.CONTAINER, Map.of(),
        Optional.of(bin), Optional.empty());
    Finding f = new NoNewPrivsCheck().run(c);
    assertThat(f.level()).isEqualTo(Level.PASS);
    if (f.data().containsKey("fileCapabilitiesSource")) { // getcap is installed here
      assertThat(f.data()).containsEntry("fileCapabilitiesSource", "getcap").containsEntry("fileCapabilities", "");
    }
  }

  @Test
  void capabilitiesDockerDefaultPass() throws Exception {
    Finding f = new CapabilitiesCheck().run(ctx("container-v2", Profile.CONTAINER, Map.of(), null));
    assertThat(f.level()).isEqualTo(Level.PASS);
    assertThat(f.observed()).startsWith("CapEff 00000000a80425fb = CAP_CHOWN");
    assertThat(f.data()).containsEntry("effective", DOCKER_DEFAULT).containsEntry("bounding", DOCKER_DEFAULT)
        .containsEntry("ambient", List.of()).containsEntry("dangerous", List.of()).containsEntry("capLastCap", 40L)
        .containsEntry("fullSet", false);
  }

  @Test
  void capabilitiesDangerousAndUnknownBits(@TempDir Path root) throws Exception {
    copy("container-v2", root);
    Path status = root.resolve("proc/self/status");
    Files.writeString(status, Files.readString(status).replace("CapEff:\t00000000a80425fb", "CapEff:\t00000600a82425fb"));
    Context c = new Context(HostRoot.of(root), Profile.CONTAINER, Map.of(), Optional.empty(), Optional.empty());
    Finding f = new CapabilitiesCheck().run(c);
    assertThat(f.level()).isEqualTo(Level.WARN);
    assertThat(f.data()).containsEntry("dangerous", List.of("CAP_SYS_ADMIN"));
    assertThat(f.data().get("effective").toString()).contains("CAP_SYS_ADMIN", "cap_41", "cap_42");
    // SYS_PTRACE alone is fine on a build machine, not in a service
    Files.writeString(status, Files.readString(status).replace("CapEff:\t00000600a82425fb", "CapEff:\t00000000a80c25fb"));
    assertThat(new CapabilitiesCheck().run(c).level()).isEqualTo(Level.WARN);
    Context build = new Context(HostRoot.of(root), Profile.BUILD, Map.of(), Optional.empty(), Optional.empty());
    assertThat(new CapabilitiesCheck().run(build).level()).isEqualTo(Level.PASS);
  }

  @Test
  void missingOrGarbageStatusSkips(@TempDir Path root) throws Exception {
    Context c = new Context(HostRoot.of(root), Profile.HOST, Map.of(), Optional.empty(), Optional.empty());
    for (Check check : ProcessChecks.all()) {
      Finding f = check.run(c);
      assertThat(f.level()).as(check.id()).isEqualTo(Level.SKIP);
      assertThat(f.observed()).isEqualTo("/proc/self/status: not present");
    }
    Files.createDirectories(root.resolve("proc/self"));
    Files.writeString(root.resolve("proc/self/status"), "\u0000garbage\nSeccomp:\tmany\nCapEff:\tzz\n");
    for (Check check : ProcessChecks.all()) {
      Finding f = check.run(c);
      assertThat(f.level()).as(check.id()).isEqualTo(Level.SKIP);
      assertThat(f.observed()).startsWith("/proc/self/status: no well-formed");
    }
  }

  @Test
  void theRealMachine() {
    Context sys = new Context(HostRoot.system(), Profile.HOST, System.getenv(), Optional.empty(), Optional.empty());
    for (Check c : ProcessChecks.all()) {
      Finding f = c.run(sys);
      assertThat(f.level()).as(c.id()).isNotEqualTo(Level.SKIP);
      assertThat(f.observed()).isNotBlank();
    }
    Finding caps = new CapabilitiesCheck().run(sys);
    assertThat(caps.data()).containsKeys("effective", "bounding", "dangerous");
  }
}
