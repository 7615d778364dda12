package dev.gofer.host.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.gofer.host.HostRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check against the fixture hosts and small trees built in the test. */
class ChecksTest {
  @TempDir Path dir;

  private HostRoot tree(String... pathsAndContents) throws IOException {
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      Path p = dir.resolve(pathsAndContents[i].substring(1));
      Files.createDirectories(p.getParent());
      Files.writeString(p, pathsAndContents[i + 1]);
    }
    return HostRoot.of(dir);
  }

  private static Context ctx(HostRoot h) {
    return Fixtures.context(h, Profile.HOST, Map.of());
  }

  @Test
  void swappinessWarnsAbove60OnlyWithSwapActive() throws IOException {
    Finding weak = new SwappinessCheck().run(Fixtures.context("weak-cmdline"));
    assertThat(weak.level()).isEqualTo(Level.WARN);
    assertThat(weak.observed()).isEqualTo("vm.swappiness = 80, swap active");
    assertThat(weak.data()).contains(entry("swappiness", 80L), entry("swapActive", true));
    assertThat(weak.fix()).contains("gofer sysctl --write");

    HostRoot noSwap = tree("/proc/sys/vm/swappiness", "100\n", "/proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n");
    Finding f = new SwappinessCheck().run(ctx(noSwap));
    assertThat(f.level()).isEqualTo(Level.INFO);
    assertThat(f.data()).contains(entry("swapActive", false));
  }

  @Test
  void swappinessZeroIsInfoWithTheNote() throws IOException {
    Finding f = new SwappinessCheck().run(ctx(tree("/proc/sys/vm/swappiness", "0\n")));
    assertThat(f.level()).isEqualTo(Level.INFO);
    assertThat(f.observed()).contains("swap unknown").contains("only under severe pressure");
    assertThat(f.data().get("swapActive")).isNull();
  }

  @Test
  void swappinessGarbageIsASkipWithTheReason() throws IOException {
    Finding f = new SwappinessCheck().run(ctx(tree("/proc/sys/vm/swappiness", "sixty\n")));
    assertThat(f.level()).isEqualTo(Level.SKIP);
    assertThat(f.observed()).isEqualTo("/proc/sys/vm/swappiness: not an integer: \"sixty\"");
    Finding missing = new SwappinessCheck().run(ctx(HostRoot.of(dir.resolve("nothing"))));
    assertThat(missing.observed()).isEqualTo("/proc/sys/vm/swappiness: not present");
  }

  @Test
  void overcommitStrictModeComparesCommittedWithTheLimit() {
    Finding f = new OvercommitCheck().run(Fixtures.context("alma9"));
    assertThat(f.level()).isEqualTo(Level.WARN);
    assertThat(f.observed()).contains("strict").contains("(88%)");
    assertThat(f.data()).contains(entry("mode", 2L), entry("ratio", 80L), entry("commitLimitKb", 17069032L),
        entry("committedAsKb", 15012200L));
    Finding heuristic = new OvercommitCheck().run(Fixtures.context("rhel9"));
    assertThat(heuristic.level()).isEqualTo(Level.INFO);
    assertThat(heuristic.data()).contains(entry("mode", 0L));
  }

  @Test
  void overcommitStrictBelow80PercentIsInfo() throws IOException {
    HostRoot h = tree("/proc/sys/vm/overcommit_memory", "2\n", "/proc/sys/vm/overcommit_ratio", "50\n",
        "/proc/meminfo", "CommitLimit:    1000 kB\nCommitted_AS:    500 kB\n");
    Finding f = new OvercommitCheck().run(ctx(h));
    assertThat(f.level()).isEqualTo(Level.INFO);
    assertThat(f.observed()).contains("(50%)");
  }

  @Test
  void fileMaxJudgesSystemdsDefaultOnHostsAndTheProcessLimitElsewhere() {
    Finding rhel = new FileMaxCheck().run(Fixtures.context("rhel9"));
    assertThat(rhel.level()).isEqualTo(Level.PASS);
    assertThat(rhel.data()).contains(entry("hard", 524288L), entry("defaultLimitNofile", "1024:524288"),
        entry("fileMax", Long.MAX_VALUE), entry("fileNrAllocated", 3072L), entry("nrOpen", 1073741816L),
        entry("processHard", 524288L), entry("systemd", true));
    assertThat(rhel.why()).contains("LONG_MAX");

    Finding alma = new FileMaxCheck().run(Fixtures.context("alma9"));
    assertThat(alma.level()).isEqualTo(Level.WARN);
    assertThat(alma.observed()).startsWith("NOFILE hard 16384 (DefaultLimitNOFILE in /etc/systemd/system.conf.d/50-nofile.conf)");
    assertThat(alma.fix()).contains("LimitNOFILE=65536");

    Finding container = new FileMaxCheck().run(Fixtures.context("weak-cmdline", Profile.CONTAINER, Map.of()));
    assertThat(container.level()).isEqualTo(Level.WARN);
    assertThat(container.data()).contains(entry("hard", 4096L), entry("defaultLimitNofile", null));
    // the fix is for where the service starts: a container runtime, not a systemd unit
    assertThat(container.fix()).startsWith("start the container with a higher limit: --ulimit nofile=65536:65536")
        .doesNotContain("LimitNOFILE=65536 in the service's unit");
  }

  @Test
  void fileMaxFixWithoutSystemdNamesTheStartScript() throws IOException {
    HostRoot h = tree("/proc/1/comm", "tini\n", "/proc/sys/fs/file-max", "1606124\n",
        "/proc/self/limits", "Max open files            1024                 20000                files\n");
    Finding f = new FileMaxCheck().run(ctx(h));
    assertThat(f.level()).isEqualTo(Level.WARN);
    assertThat(f.fix()).startsWith("raise the hard limit where the service is started: ulimit -Hn 65536")
        .doesNotContain("systemd");
  }

  @Test
  void systemdsCompiledNofileDefaultFollowsTheShippedSystemConf() throws IOException {
    // no system.conf at all: assume a current systemd
    assertThat(FileMaxCheck.compiledDefault(HostRoot.of(dir)).value()).isEqualTo("1024:524288");
    // systemd 240+ documents its raised hard limit
    HostRoot current = tree("/etc/systemd/system.conf", "[Manager]\n#DefaultLimitNOFILE=1024:524288\n");
    assertThat(FileMaxCheck.compiledDefault(current).value()).isEqualTo("1024:524288");
    // systemd 239 and older document nothing and pass on the kernel's 1024:4096
    HostRoot old = tree("/etc/systemd/system.conf", "[Manager]\n#DefaultLimitNOFILE=\n#DefaultLimitAS=\n");
    assertThat(FileMaxCheck.compiledDefault(old).value()).isEqualTo("1024:4096");
    Finding f = new FileMaxCheck().run(ctx(tree("/proc/1/comm", "systemd\n", "/proc/sys/fs/file-max", "1606124\n",
        "/proc/self/limits", "Max open files            1024                 4096                 files\n")));
    assertThat(f.level()).isEqualTo(Level.WARN);
    assertThat(f.data()).contains(entry("hard", 4096L), entry("defaultLimitNofile", "1024:4096"));
    // a comment in another section or an active setting does not count as the compiled default
    HostRoot set = tree("/etc/systemd/system.conf", "[Manager]\n#DefaultLimitNOFILE=\nDefaultLimitNOFILE=65536:65536\n");
    Finding g = new FileMaxCheck().run(Fixtures.context(set, Profile.HOST, Map.of()));
    assertThat(g.level()).isEqualTo(Level.PASS);
    assertThat(g.data()).contains(entry("hard", 65536L));
  }

  @Test
  void fileMaxJudgesTheSoftLimitForBinariesOlderThanGo119() {
    var old = dev.gofer.mod.buildinfo.BuildInfo.parse("path\texample.com/app\n").withGoVersion("go1.18.10");
    Context c = new Context(Fixtures.host("rhel9"), Profile.HOST, Map.of(), java.util.Optional.empty(), java.util.Optional.of(old));
    Finding f = new FileMaxCheck().run(c);
    assertThat(f.level()).isEqualTo(Level.WARN);
    assertThat(f.observed()).startsWith("NOFILE soft (the binary's go1.18.10 does not raise it) 1024");
    assertThat(f.data()).contains(entry("hard", 1024L), entry("softLimitCounts", true));
    var recent = old.withGoVersion("go1.22.5 X:boringcrypto");
    Finding g = new FileMaxCheck().run(new Context(Fixtures.host("rhel9"), Profile.HOST, Map.of(), java.util.Optional.empty(), java.util.Optional.of(recent)));
    assertThat(g.level()).isEqualTo(Level.PASS);
    assertThat(g.data()).contains(entry("softLimitCounts", false));
  }

  @Test
  void fileMaxLimitsParsing() {
    assertThat(FileMaxCheck.hard("Max open files            1024                 unlimited            files"))
        .contains(Long.MAX_VALUE);
    assertThat(FileMaxCheck.limitHard("1024:524288")).contains(524288L);
    assertThat(FileMaxCheck.limitHard("65536")).contains(65536L);
    assertThat(FileMaxCheck.limitHard("infinity")).contains(Long.MAX_VALUE);
    assertThat(FileMaxCheck.limitHard("lots")).isEmpty();
  }

  @Test
  void somaxconnBelow1024Warns() {
    Finding f = new SomaxconnCheck().run(Fixtures.context("weak-cmdline"));
    assertThat(f.level()).isEqualTo(Level.WARN);
    assertThat(f.observed()).isEqualTo("net.core.somaxconn = 128 in this network namespace");
    assertThat(f.data()).contains(entry("somaxconn", 128L), entry("namespaced", true));
    assertThat(f.why()).contains("ProcSubset=pid");
    Finding container = new SomaxconnCheck().run(Fixtures.context("weak-cmdline", Profile.CONTAINER, Map.of()));
    assertThat(container.observed()).contains("container's network namespace");
    assertThat(container.fix()).contains("--sysctl net.core.somaxconn=4096");
  }

  @Test
  void somaxconnHiddenWhileProcIsMountedIsTheProcSubsetTrap() throws IOException {
    Finding f = new SomaxconnCheck().run(ctx(tree("/proc/self/status", "Name:\tgofer\n")));
    assertThat(f.level()).isEqualTo(Level.WARN);
    assertThat(f.observed()).contains("backlog of 128");
    assertThat(f.fix()).contains("ProcSubset=pid");
    assertThat(f.data()).contains(entry("goBacklog", 128L));
  }

  @Test
  void ptraceScopeIsInfoExceptThreeOnBuildMachines() throws IOException {
    Finding ubuntu = new PtraceScopeCheck().run(Fixtures.context("ubuntu2204"));
    assertThat(ubuntu.level()).isEqualTo(Level.INFO);
    assertThat(ubuntu.observed()).contains("= 1 (restricted");
    assertThat(ubuntu.data()).contains(entry("ptraceScope", 1L));

    HostRoot three = tree("/proc/sys/kernel/yama/ptrace_scope", "3\n");
    assertThat(new PtraceScopeCheck().run(ctx(three)).level()).isEqualTo(Level.INFO);
    Finding build = new PtraceScopeCheck().run(Fixtures.context(three, Profile.BUILD, Map.of()));
    assertThat(build.level()).isEqualTo(Level.WARN);
    assertThat(build.fix()).contains("reboot");
  }

  @Test
  void ptraceScopeWithoutYama() throws IOException {
    Finding f = new PtraceScopeCheck().run(ctx(tree("/sys/kernel/security/lsm", "capability,selinux")));
    assertThat(f.level()).isEqualTo(Level.INFO);
    assertThat(f.observed()).contains("Yama not active");
    assertThat(new PtraceScopeCheck().run(ctx(tree("/proc/sys/kernel/yama/ptrace_scope", "7\n"))).level())
        .isEqualTo(Level.SKIP);
  }

  @Test
  void kaslrFailsOnNokaslrPassesWithTheConfigAndIsUnknownWithoutIt() throws IOException {
    Finding weak = new KaslrCheck().run(Fixtures.context("weak-cmdline"));
    assertThat(weak.level()).isEqualTo(Level.FAIL);
    assertThat(weak.observed()).isEqualTo("nokaslr on the kernel command line");
    assertThat(weak.data()).contains(entry("nokaslr", true));

    Finding rhel = new KaslrCheck().run(Fixtures.context("rhel9"));
    assertThat(rhel.level()).isEqualTo(Level.PASS);
    assertThat(rhel.data()).contains(entry("configRandomizeBase", true),
        entry("config", "/boot/config-5.14.0-427.13.1.el9_4.x86_64"));

    Finding container = new KaslrCheck().run(ctx(tree("/proc/cmdline", "console=ttyS0\n")));
    assertThat(container.level()).isEqualTo(Level.INFO);
    assertThat(container.observed()).startsWith("unknown (kernel config not visible)");

    HostRoot off = tree("/proc/cmdline", "ro\n", "/proc/sys/kernel/osrelease", "6.1.0\n",
        "/boot/config-6.1.0", "# CONFIG_RANDOMIZE_BASE is not set\n");
    assertThat(new KaslrCheck().run(ctx(off)).level()).isEqualTo(Level.FAIL);
  }

  @Test
  void kaslrReadsProcConfigGz() throws IOException {
    tree("/proc/cmdline", "ro\n");
    Path gz = dir.resolve("proc/config.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("CONFIG_RANDOMIZE_BASE=y\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Finding f = new KaslrCheck().run(ctx(HostRoot.of(dir)));
    assertThat(f.level()).isEqualTo(Level.PASS);
    assertThat(f.data()).contains(entry("config", "/proc/config.gz"));
  }

  @Test
  void smepAndSmap() throws IOException {
    assertThat(CpuFlagCheck.smep().run(Fixtures.context("rhel9")).level()).isEqualTo(Level.PASS);
    Finding weak = CpuFlagCheck.smap().run(Fixtures.context("weak-cmdline"));
    assertThat(weak.level()).isEqualTo(Level.WARN);
    assertThat(weak.id()).isEqualTo("cpu.smap");
    assertThat(weak.data()).contains(entry("present", false), entry("disabledOnCmdline", false));

    HostRoot nosmep = tree("/proc/cmdline", "ro nosmep\n",
        "/proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse2\n");
    Finding f = CpuFlagCheck.smep().run(ctx(nosmep));
    assertThat(f.level()).isEqualTo(Level.FAIL);
    assertThat(f.observed()).isEqualTo("nosmep on the kernel command line");
  }

  @Test
  void smepIsNotApplicableOnArm() throws IOException {
    HostRoot arm = tree("/proc/cpuinfo", "processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics\n"
        + "CPU implementer\t: 0x41\nCPU architecture: 8\n");
    Finding f = CpuFlagCheck.smep().run(ctx(arm));
    assertThat(f.level()).isEqualTo(Level.SKIP);
    assertThat(f.observed()).isEqualTo("N/A on aarch64 (SMEP is x86 only)");
  }

  @Test
  void vulnerabilitiesAreClassifiedAsTheVectorsSay() {
    for (var c : dev.gofer.mod.Vectors.load("host-examples").get("cpu_vulnerabilities").get("cases")) {
      assertThat(CpuVulnerabilitiesCheck.classify(c.get("content").asText()).name())
          .as(c.get("content").asText()).isEqualTo(c.get("level").asText());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void vulnerabilitiesListEveryFileInData() {
    Finding f = new CpuVulnerabilitiesCheck().run(Fixtures.context("centos-stream9"));
    assertThat(f.level()).isEqualTo(Level.WARN);
    assertThat(f.data().get("vulnerable")).isEqualTo(List.of("mmio_stale_data"));
    Map<String, Object> files = (Map<String, Object>) f.data().get("files");
    assertThat(files).hasSize(13);
    assertThat(files.get("gather_data_sampling")).isEqualTo(
        Map.of("status", "unknown", "text", "Unknown: Dependent on hypervisor status"));
    Finding weak = new CpuVulnerabilitiesCheck().run(Fixtures.context("weak-cmdline"));
    assertThat(weak.data()).contains(entry("mitigationsOff", true));
    assertThat(weak.observed()).contains("mitigations=off");
    assertThat(weak.fix()).isEqualTo("update the CPU microcode and kernel; remove mitigations=off from the kernel command line and reboot");
    assertThat(f.fix()).isEqualTo("update the CPU microcode and kernel");
  }

  @Test
  void lsmFromSecurityfsAndFromFallbacks() throws IOException {
    Finding rhel = new LsmCheck().run(Fixtures.context("rhel9"));
    assertThat(rhel.level()).isEqualTo(Level.PASS);
    assertThat(rhel.data()).contains(entry("major", "selinux"), entry("selinuxEnforcing", true),
        entry("lsms", List.of("lockdown", "capability", "yama", "selinux", "bpf")));
    Finding container = new LsmCheck().run(ctx(tree("/sys/module/apparmor/parameters/enabled", "Y\n",
        "/proc/self/attr/current", "docker-default (enforce)\n")));
    assertThat(container.level()).isEqualTo(Level.PASS);
    assertThat(container.data()).contains(entry("major", "apparmor"), entry("label", "docker-default (enforce)"),
        entry("source", "fallbacks (securityfs not mounted)"));
    Finding none = new LsmCheck().run(ctx(tree("/sys/kernel/security/lsm", "lockdown,capability,yama")));
    assertThat(none.level()).isEqualTo(Level.INFO);
  }

  @Test
  void journaldDefaultsPerDistribution() {
    Finding rhel = new JournaldStorageCheck().run(Fixtures.context("rhel9"));
    assertThat(rhel.level()).isEqualTo(Level.WARN);
    assertThat(rhel.data()).contains(entry("storage", "auto"), entry("effective", "volatile"),
        entry("varLogJournal", false), entry("volatileFiles", true), entry("persistentFiles", false));
    assertThat(rhel.fix()).contains("gofer journald --write");
    Finding debian = new JournaldStorageCheck().run(Fixtures.context("debian12"));
    assertThat(debian.level()).isEqualTo(Level.PASS);
    assertThat(debian.data()).contains(entry("effective", "persistent"), entry("persistentFiles", true));
  }

  @Test
  void journaldDropInsFollowSystemdsPrecedence() {
    Finding f = new JournaldStorageCheck().run(Fixtures.context("journald-precedence"));
    assertThat(f.level()).isEqualTo(Level.WARN);
    assertThat(f.data()).contains(entry("storage", "volatile"), entry("effective", "volatile"),
        entry("source", "/etc/systemd/journald.conf.d/zz.conf"), entry("varLogJournal", true));
    // aa.conf from /run, syslog.conf and zz.conf sorted by name; /etc's zz.conf masks /usr/lib's.
    assertThat(f.data().get("files")).isEqualTo(List.of("/etc/systemd/journald.conf",
        "/run/systemd/journald.conf.d/aa.conf", "/usr/lib/systemd/journald.conf.d/syslog.conf",
        "/etc/systemd/journald.conf.d/zz.conf"));
  }

  @Test
  void journaldSkipsWithoutSystemd() throws IOException {
    assertThat(new JournaldStorageCheck().run(ctx(tree("/etc/os-release", "ID=alpine\n"))).level())
        .isEqualTo(Level.SKIP);
    // A container with the systemd package installed but not running it.
    Finding f = new JournaldStorageCheck().run(ctx(tree("/etc/systemd/journald.conf", "[Journal]\n", "/proc/1/comm", "bash\n")));
    assertThat(f.level()).isEqualTo(Level.SKIP);
    assertThat(f.observed()).endsWith("/etc/systemd/journald.conf is present but unused");
  }

  @Test
  void unitDirectoriesByFamily() throws IOException {
    Finding ubuntu = new SystemdUnitDirCheck().run(Fixtures.context("ubuntu2404"));
    assertThat(ubuntu.level()).isEqualTo(Level.INFO);
    assertThat(ubuntu.data()).contains(entry("distro", "ubuntu"), entry("adminDir", "/etc/systemd/system"),
        entry("vendorDir", "/lib/systemd/system"), entry("vendorDirExists", true), entry("adminDirExists", true));
    Finding rhel = new SystemdUnitDirCheck().run(Fixtures.context("alma9"));
    assertThat(rhel.data()).contains(entry("distro", "rhel"), entry("vendorDir", "/usr/lib/systemd/system"));
    assertThat(new SystemdUnitDirCheck().run(ctx(tree("/etc/os-release", "ID=debian\n"))).level())
        .isEqualTo(Level.SKIP);
  }

  @Test
  void goToolchainFromPathAndVersionFile() {
    Finding f = new GoToolchainCheck().run(Fixtures.context("ubuntu2404"));
    assertThat(f.level()).isEqualTo(Level.PASS);
    assertThat(f.data()).contains(entry("path", "/usr/local/go/bin/go"), entry("version", "go1.22.5"),
        entry("versionSource", "/usr/local/go/VERSION"));
    Finding none = new GoToolchainCheck().run(Fixtures.context("debian12", Profile.BUILD, Map.of("PATH", "/usr/bin:/bin")));
    assertThat(none.level()).isEqualTo(Level.WARN);
    assertThat(new GoToolchainCheck().run(Fixtures.context("debian12")).level()).isEqualTo(Level.INFO);
  }

  @Test
  void goToolchainVersionFromBuildInfoWhenThereIsNoVersionFile() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(dev.gofer.mod.testing.GoCommand.available(), "no go command here");
    Path realGo = null;
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "go"))) {
        realGo = Path.of(d, "go").toRealPath();
        break;
      }
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(realGo != null, "no go on PATH");
    Process p = new ProcessBuilder(realGo.toString(), "env", "GOVERSION").redirectErrorStream(true).start();
    String want = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).isZero();
    // A tree whose go is a link to the real binary and has no VERSION file beside bin/.
    Files.createDirectories(dir.resolve("opt/go/bin"));
    Files.createSymbolicLink(dir.resolve("opt/go/bin/go"), realGo);
    Finding f = new GoToolchainCheck().run(Fixtures.context(HostRoot.of(dir), Profile.BUILD, Map.of("PATH", "/opt/go/bin")));
    Files.delete(dir.resolve("opt/go/bin/go"));
    assertThat(f.level()).isEqualTo(Level.PASS);
    assertThat(f.data()).contains(entry("path", "/opt/go/bin/go"), entry("version", want), entry("versionSource", "build info"));
  }

  @Test
  void goToolchainThatIsAScriptHasAnUnknownVersion() throws IOException {
    tree("/opt/go/bin/go", "#!/bin/sh\nexec gofer toolchain exec go \"$@\"\n");
    dir.resolve("opt/go/bin/go").toFile().setExecutable(true);
    Finding f = new GoToolchainCheck().run(Fixtures.context(HostRoot.of(dir), Profile.BUILD, Map.of("PATH", "relative:/opt/go/bin")));
    assertThat(f.level()).isEqualTo(Level.INFO);
    assertThat(f.observed()).contains("version unknown");
  }

  @Test
  void goEnvRules() {
    assertThat(goEnv(Map.of("GOTOOLCHAIN", "local")).level()).isEqualTo(Level.PASS);
    Finding off = goEnv(Map.of("GOSUMDB", "off", "GOTOOLCHAIN", "local"));
    assertThat(off.level()).isEqualTo(Level.WARN);
    assertThat(off.observed()).contains("GOSUMDB=off");
    Finding bad = goEnv(Map.of("GOSUMDB", "sum.example.com", "GOTOOLCHAIN", "local"));
    assertThat(bad.level()).isEqualTo(Level.WARN);
    assertThat(bad.observed()).contains("GOSUMDB=sum.example.com: invalid GOSUMDB: unknown checksum database sum.example.com");
    assertThat(goEnv(Map.of("GOSUMDB", "sum.golang.google.cn", "GOTOOLCHAIN", "local")).level()).isEqualTo(Level.PASS);
    assertThat(goEnv(Map.of("GOPRIVATE", "github.com", "GOTOOLCHAIN", "local")).observed())
        .contains("GOPRIVATE=github.com covers public modules (github.com/google/uuid)");
    assertThat(goEnv(Map.of("GOPRIVATE", "github.com/mycorp,*.corp.example", "GOTOOLCHAIN", "local")).level())
        .isEqualTo(Level.PASS);
    assertThat(goEnv(Map.of("GONOSUMDB", "*", "GOTOOLCHAIN", "local")).level()).isEqualTo(Level.WARN);
    assertThat(goEnv(Map.of("GOFLAGS", "-mod=mod -trimpath", "GOTOOLCHAIN", "local")).level()).isEqualTo(Level.INFO);
    assertThat(goEnv(Map.of("GOFLAGS", "-insecure", "GOTOOLCHAIN", "local")).level()).isEqualTo(Level.WARN);
    assertThat(goEnv(Map.of("GOPROXY", "direct", "GOTOOLCHAIN", "local")).observed()).contains("version control");
    assertThat(goEnv(Map.of()).level()).isEqualTo(Level.INFO);
    Finding airGap = goEnv(Map.of("GOPROXY", "off"));
    assertThat(airGap.level()).isEqualTo(Level.WARN);
    assertThat(airGap.observed()).contains("fails with GOPROXY=off");
    assertThat(airGap.data().get("vars")).isInstanceOf(Map.class);
  }

  private static Finding goEnv(Map<String, String> env) {
    return new GoEnvCheck().run(Fixtures.context("debian12", Profile.BUILD, env));
  }

  @Test
  void dlvWithTheFileCapability() {
    Finding f = new DlvPtraceCheck().run(Fixtures.context("rhel9"));
    assertThat(f.level()).isEqualTo(Level.PASS);
    assertThat(f.data()).contains(entry("dlv", "/usr/local/bin/dlv"), entry("capSysPtrace", true),
        entry("ptraceScope", 0L), entry("noNewPrivs", false), entry("fileCapabilities", "cap_sys_ptrace=ep"),
        entry("permitted", List.of("SYS_PTRACE")));
  }

  @Test
  void dlvCapabilityIsLostUnderNoNewPrivs() throws IOException {
    HostRoot h = tree("/usr/bin/dlv", "#!/bin/sh\n",
        "/usr/bin/dlv.security.capability", "security.capability=0x0100000200000800000000000000000000000000\n",
        "/proc/sys/kernel/yama/ptrace_scope", "1\n", "/proc/self/status", "Name:\tx\nNoNewPrivs:\t1\n");
    dir.resolve("usr/bin/dlv").toFile().setExecutable(true);
    Finding f = new DlvPtraceCheck().run(Fixtures.context(h, Profile.BUILD, Map.of("PATH", "/usr/bin")));
    assertThat(f.level()).isEqualTo(Level.WARN);
    assertThat(f.fix()).contains("AmbientCapabilities");
  }

  @Test
  void dlvUnderGoferHomeWithScopeTwoAndNoCapability() throws IOException {
    HostRoot h = tree("/home/dev/.gofer/tools/go1.22.5/bin/dlv", "#!/bin/sh\n",
        "/proc/sys/kernel/yama/ptrace_scope", "2\n");
    dir.resolve("home/dev/.gofer/tools/go1.22.5/bin/dlv").toFile().setExecutable(true);
    Finding f = new DlvPtraceCheck().run(Fixtures.context(h, Profile.BUILD, Map.of("HOME", "/home/dev")));
    assertThat(f.level()).isEqualTo(Level.WARN);
    assertThat(f.data()).contains(entry("dlv", "/home/dev/.gofer/tools/go1.22.5/bin/dlv"), entry("capSysPtrace", false));
    assertThat(new DlvPtraceCheck().run(Fixtures.context("debian12")).level()).isEqualTo(Level.SKIP);
  }

  @Test
  void dlvWithAGarbageSidecarReportsCapabilitiesUnknown() throws IOException {
    HostRoot h = tree("/usr/bin/dlv", "#!/bin/sh\n", "/usr/bin/dlv.security.capability", "0x0100000500000800000000000000000000000000",
        "/proc/sys/kernel/yama/ptrace_scope", "1\n");
    dir.resolve("usr/bin/dlv").toFile().setExecutable(true);
    Finding f = new DlvPtraceCheck().run(Fixtures.context(h, Profile.HOST, Map.of("PATH", "/usr/bin")));
    assertThat(f.level()).isEqualTo(Level.INFO);
    assertThat(f.observed()).contains("file capabilities unknown (security.capability: unknown revision 0x05000000)");
  }

  @Test
  void dlvReadsGetcapTextInBothForms() {
    assertThat(DlvPtraceCheck.fromGetcap("/usr/bin/dlv cap_sys_ptrace=ep\n").orElseThrow().permits(19)).isTrue();
    assertThat(DlvPtraceCheck.fromGetcap("/usr/bin/dlv = cap_sys_ptrace+ep\n").orElseThrow().permits(19)).isTrue();
    assertThat(DlvPtraceCheck.fromGetcap("/usr/bin/dlv cap_net_bind_service=ep\n").orElseThrow().permits(19)).isFalse();
    assertThat(DlvPtraceCheck.fromGetcap("/usr/bin/dlv cap_sys_ptrace=p\n").orElseThrow().effective()).isFalse();
    assertThat(DlvPtraceCheck.fromGetcap("")).isEmpty();
    assertThatThrownBy(() -> DlvPtraceCheck.fromGetcap("/usr/bin/dlv cap_bogus=ep")).hasMessageContaining("unknown capability");
  }
}
