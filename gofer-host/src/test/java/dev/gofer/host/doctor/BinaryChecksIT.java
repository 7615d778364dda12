package dev.gofer.host.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.gofer.host.HostRoot;
import dev.gofer.host.inspect.BinaryReport;
import dev.gofer.mod.Vectors;
import dev.gofer.mod.testing.GoCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor --binary} with binaries built here by the real go command, against fixture trees
 * and the real machine: a static CGO_ENABLED=0 binary with a {@code go 1.25} line (cgroup-aware
 * GOMAXPROCS), the same program with cgo (dynamic, glibc), and one whose {@code go 1.21} line
 * leaves {@code containermaxprocs=0} in its default GODEBUG.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BinaryChecksIT {
  @TempDir static Path tmp;
  Path aware;
  Path cgo;
  Path oldLine;

  @BeforeAll
  void build() throws IOException {
    assumeThat(GoCommand.available()).as("the go command is needed on PATH for this test").isTrue();
    GoCommand go = GoCommand.hermetic(tmp.resolve("go"), "off",
        Map.of("GOWORK", "off", "GOCACHE", Path.of("target", "it-gocache").toAbsolutePath().toString()));
    Path src125 = module("svc125", "1.25");
    Path src121 = module("svc121", "1.21");
    aware = tmp.resolve("bin/aware");
    cgo = tmp.resolve("bin/cgo");
    oldLine = tmp.resolve("bin/old-line");
    go.output(src125, Map.of("CGO_ENABLED", "0"), "build", "-o", aware.toString(), ".");
    go.output(src125, Map.of("CGO_ENABLED", "1"), "build", "-o", cgo.toString(), ".");
    go.output(src121, Map.of("CGO_ENABLED", "0"), "build", "-o", oldLine.toString(), ".");
  }

  private static Path module(String name, String goLine) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("src/" + name));
    Files.writeString(dir.resolve("go.mod"), "module example.com/" + name + "\n\ngo " + goLine + "\n");
    Files.writeString(dir.resolve("main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\", two()) }\n");
    Files.writeString(dir.resolve("cgo.go"), "//go:build cgo\n\npackage main\n\n// int two(void) { return 2; }\nimport \"C\"\n\nfunc two() int { return int(C.two()) }\n");
    Files.writeString(dir.resolve("nocgo.go"), "//go:build !cgo\n\npackage main\n\nfunc two() int { return 2 }\n");
    return dir;
  }

  private static Map<String, Finding> run(HostRoot host, Profile profile, Path binary) {
    Context c = Context.withBinary(host, profile, Map.of("PATH", "/usr/bin:/bin"), binary, BinaryReport.read(binary));
    Map<String, Finding> byId = new LinkedHashMap<>();
    Doctor.standard().run(c, Set.of()).findings().forEach(f -> byId.put(f.id(), f));
    return byId;
  }

  private static HostRoot fixture(String name) throws Exception {
    return HostRoot.of(CgroupChecksTest.fixture(name));
  }

  @Test
  void cgroupCpuFollowsTheBinarysGoVersionAndGoLine() throws Exception {
    // container-v2: cpu.max 50000 100000 on 8 CPUs
    Finding a = run(fixture("container-v2"), Profile.CONTAINER, aware).get("cgroup.cpu");
    assertThat(a.level()).isEqualTo(Level.PASS);
    assertThat(a.observed()).contains("the runtime sets 2 from the limit itself");
    assertThat(a.data()).containsEntry("cgroupAware", true).containsEntry("automaxprocsLinked", false);
    assertThat((String) a.data().get("binaryGoVersion")).startsWith("go1.");

    Finding o = run(fixture("container-v2"), Profile.CONTAINER, oldLine).get("cgroup.cpu");
    assertThat(o.level()).isEqualTo(Level.WARN);
    assertThat(o.data()).containsEntry("cgroupAware", false).containsEntry("gomaxprocs", 1L);
    assertThat(o.fix()).startsWith("GOMAXPROCS=1 in the container's environment");
    assertThat(BinaryReport.read(oldLine).defaultGodebug("containermaxprocs")).contains("0");
  }

  @Test
  void staticBinariesRunAnywhereDynamicOnesNeedTheirLoader() throws Exception {
    assertThat(BinaryReport.read(aware).linking().isStatic()).isTrue();
    for (String host : List.of("container-v2", "alpine-container", "rhel9")) {
      Finding s = run(fixture(host), Profile.CONTAINER, aware).get("binary.linking");
      assertThat(s.level()).as(host).isEqualTo(Level.PASS);
      assertThat(s.observed()).as(host).contains("statically linked");
    }

    BinaryReport dyn = BinaryReport.read(cgo);
    assertThat(dyn.linking().isStatic()).isFalse();
    assertThat(dyn.linking().interpreter()).isPresent();
    // a Debian container with its glibc loader and libc.so.6
    Finding debian = run(fixture("container-v2"), Profile.CONTAINER, cgo).get("binary.linking");
    assertThat(debian.level()).as(debian.observed()).isEqualTo(Level.PASS);
    assertThat(debian.data()).containsEntry("libc", "glibc").containsEntry("hostLibc", "glibc").containsEntry("missing", List.of());
    // Alpine has musl only: the glibc interpreter is missing, exec would say "no such file or directory"
    Finding alpine = run(fixture("alpine-container"), Profile.CONTAINER, cgo).get("binary.linking");
    assertThat(alpine.level()).isEqualTo(Level.FAIL);
    assertThat(alpine.observed()).contains("the host has musl").contains("missing under the sysroot: " + dyn.linking().interpreter().get());
    assertThat(alpine.fix()).startsWith("build with CGO_ENABLED=0");
    // the real machine built it, so it has what it needs
    Finding here = run(HostRoot.system(), Profile.HOST, cgo).get("binary.linking");
    assertThat(here.level()).as(here.observed()).isEqualTo(Level.PASS);
  }

  @Test
  void aDynamicBinaryMissingOneLibraryFails(@TempDir Path root) throws Exception {
    CgroupChecksTest.copy("container-v2", root);
    Files.delete(root.resolve("lib/x86_64-linux-gnu/libc.so.6"));
    Finding f = run(HostRoot.of(root), Profile.CONTAINER, cgo).get("binary.linking");
    assertThat(f.level()).isEqualTo(Level.FAIL);
    assertThat(f.data()).containsEntry("missing", List.of("libc.so.6"));
    assertThat(f.why()).contains("error while loading shared libraries");
  }

  @Test
  void anotherArchitectureFails(@TempDir Path root) throws Exception {
    CgroupChecksTest.copy("alpine-container", root);
    Files.writeString(root.resolve("proc/sys/kernel/arch"), "aarch64\n");
    Finding f = run(HostRoot.of(root), Profile.CONTAINER, aware).get("binary.linking");
    assertThat(f.level()).isEqualTo(Level.FAIL);
    assertThat(f.observed()).endsWith("is built for amd64, the host is arm64");
  }

  @Test
  void fileCapabilitiesAreNeuteredByNoNewPrivs() throws Exception {
    Path bin = Files.copy(aware, tmp.resolve("bin/with-caps"));
    // cap_net_bind_service=ep (capability-xattr.json), as the raw attribute in a side-car
    byte[] xattr = Vectors.hex("0100000200040000000000000000000000000000");
    Files.write(tmp.resolve("bin/with-caps.security.capability"), xattr);

    Finding nnp = run(fixture("container-v2"), Profile.CONTAINER, bin).get("binary.capabilities"); // NoNewPrivs: 1
    assertThat(nnp.level()).isEqualTo(Level.FAIL);
    assertThat(nnp.observed()).contains("cap_net_bind_service=ep").contains("NoNewPrivs: 1, so the kernel ignores them");
    assertThat(nnp.fix()).contains("AmbientCapabilities=CAP_NET_BIND_SERVICE");
    assertThat(nnp.why()).contains("not knowable from the binary");

    Finding works = run(fixture("rhel9"), Profile.HOST, bin).get("binary.capabilities"); // NoNewPrivs: 0, full bounding set
    assertThat(works.level()).isEqualTo(Level.WARN);
    assertThat(works.observed()).contains("they work here (NoNewPrivs: 0)");
    assertThat(works.data()).containsEntry("source", "side-car").containsEntry("permitted", List.of("CAP_NET_BIND_SERVICE"));

    // no side-car: getcap when installed (no capabilities on a fresh build), else unknown
    Finding none = run(fixture("rhel9"), Profile.HOST, aware).get("binary.capabilities");
    boolean getcap = List.of("/usr/sbin/getcap", "/sbin/getcap", "/usr/bin/getcap", "/bin/getcap").stream()
        .anyMatch(p -> Files.isExecutable(Path.of(p)));
    assertThat(none.level()).as(none.observed()).isEqualTo(getcap ? Level.PASS : Level.INFO);
  }

  @Test
  void withoutBinaryTheBinaryChecksSkip() throws Exception {
    Map<String, Finding> byId = new LinkedHashMap<>();
    Doctor.standard().run(Fixtures.context("rhel9"), Set.of()).findings().forEach(f -> byId.put(f.id(), f));
    assertThat(byId.get("binary.linking").observed()).isEqualTo("no --binary given");
    assertThat(byId.get("binary.capabilities").level()).isEqualTo(Level.SKIP);
  }
}
