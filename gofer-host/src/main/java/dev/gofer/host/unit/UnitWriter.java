package dev.gofer.host.unit;

import dev.gofer.host.Distro;
import dev.gofer.host.cgroup.CpuMax;
import dev.gofer.host.cgroup.Gomaxprocs;
import java.util.List;
import java.util.OptionalLong;

/**
 * Writes the hardened {@code .service} unit for a Go service and its delve debug drop-in. Every
 * directive carries a one-line comment saying what it is for, and a closing block explains the
 * hardening left out on purpose (host reference §8).
 *
 * <p>The unit needs systemd 247 or newer ({@code ProtectProc=}): RHEL 9 (250/252), Debian 12
 * (252), Ubuntu 22.04 (249) and 24.04 (255) all have it; no directive newer than 249 is used.
 */
public final class UnitWriter {
  /** The hard open-file limit: Go raises its soft limit to it; below the default fs.nr_open of 1048576. */
  public static final int LIMIT_NOFILE = 65536;
  /** The drop-in file name of the debug variant, inside {@code NAME.service.d/}. */
  public static final String DEBUG_DROP_IN = "90-gofer-debug.conf";

  private UnitWriter() {}

  /** The admin directory the unit belongs in on every distribution. */
  public static String unitDir(UnitSpec spec) {
    return spec.distro().adminUnitDir();
  }

  /** The {@code .service} file text. */
  public static String service(UnitSpec spec) {
    Text t = new Text();
    String path = unitDir(spec) + "/" + spec.fileName();
    t.line("# " + path + ": a hardened unit for the Go service " + spec.name() + ", written by gofer systemd unit.");
    t.line("# Target: " + target(spec.distro()) + ". Needs systemd 247 or newer (ProtectProc=).");
    t.line("# Check it: systemd-analyze verify " + path);
    t.line("#           systemd-analyze security --offline=yes " + path + "   (systemd 250 or newer)");
    t.line("# Start it: systemctl daemon-reload && systemctl enable --now " + spec.fileName());
    distroNotes(spec, t);
    t.blank();
    t.line("[Unit]");
    t.line("Description=" + spec.name() + " (Go service)");
    t.say("Start once the network is configured, so listening on a specific address works.");
    t.line("After=network-online.target");
    t.line("Wants=network-online.target");
    t.say("Give up after 5 failed starts within 60 s instead of restarting forever.");
    t.line("StartLimitIntervalSec=60");
    t.line("StartLimitBurst=5");
    t.blank();
    t.line("[Service]");
    t.say("exec: a binary that cannot be executed fails the start; use notify if the program calls sd_notify(READY=1).");
    t.line("Type=exec");
    if (spec.go() instanceof GoRuntime.Known k && k.dynamic()) {
      t.say("The binary is " + k.linking() + (k.needed().isEmpty() ? "" : ", needing " + String.join(" ", k.needed())) + ":");
      t.say("the target host must have that loader and those libraries (" + libcNote(spec.distro()) + ");");
      t.say("a CGO_ENABLED=0 build is static and runs on any of them. Check with: gofer doctor --binary " + spec.exec());
    }
    t.line("ExecStart=" + spec.exec());
    user(spec, t);
    t.say("Restart after a crash or a non-zero exit, not after a clean stop, 2 s apart.");
    t.line("Restart=on-failure");
    t.line("RestartSec=2s");
    t.blank();
    resources(spec, t);
    t.blank();
    t.say("Writable directories named after the unit, owned by the service user:");
    t.say("/var/lib/" + spec.name() + " ($STATE_DIRECTORY), /var/log/" + spec.name() + " ($LOGS_DIRECTORY), /var/cache/" + spec.name() + " ($CACHE_DIRECTORY).");
    t.line("StateDirectory=" + spec.name());
    t.line("LogsDirectory=" + spec.name());
    t.line("CacheDirectory=" + spec.name());
    t.blank();
    capabilities(spec, t);
    t.blank();
    hardening(spec, t);
    t.blank();
    leftOut(t);
    t.blank();
    t.line("[Install]");
    t.say("Start at boot with the rest of the multi-user system.");
    t.line("WantedBy=multi-user.target");
    return t.toString();
  }

  private static String target(Distro d) {
    return switch (d) {
      case RHEL -> "RHEL 9 family (systemd 250 in 9.0, 252 later)";
      case DEBIAN -> "Debian 12 (systemd 252)";
      case UBUNTU -> "Ubuntu 22.04 (systemd 249) and 24.04 (systemd 255)";
      case OTHER -> "any distribution with systemd 247 or newer";
    };
  }

  private static String libcNote(Distro d) {
    return switch (d) {
      case RHEL, DEBIAN, UBUNTU -> "glibc on " + d.key() + "; not on Alpine (musl) or distroless/static images";
      case OTHER -> "Alpine has musl, distroless/static images have no libc";
    };
  }

  private static void distroNotes(UnitSpec spec, Text t) {
    switch (spec.distro()) {
      case RHEL -> {
        t.line("# SELinux (enforcing on RHEL): ExecStart= needs an executable label. Keep the binary in");
        t.line("#   /usr/local/bin or /usr/bin, or run 'restorecon -v " + spec.exec() + "'; a binary copied from");
        t.line("#   /home or /tmp keeps user_home_t/tmp_t and the start fails with status 203/EXEC.");
        t.line("# The RPM leaves /var/log/journal uncreated, so journald is volatile: see 'gofer journald'.");
      }
      case UBUNTU -> {
        t.line("# Ubuntu 22.04 has systemd 249: every directive here is supported (none newer than 247),");
        t.line("#   but 'systemd-analyze security --offline' needs 250; there, install the unit and run");
        t.line("#   'systemd-analyze security " + spec.fileName() + "'. AppArmor confines no path here by default.");
      }
      case DEBIAN -> {
        t.line("# Debian 12: packages put units in /lib/systemd/system; this admin unit in /etc/systemd/system");
        t.line("#   overrides a packaged one of the same name and survives upgrades.");
      }
      case OTHER -> t.line("# Ask the host where units go: systemd-analyze unit-paths.");
    }
  }

  private static void user(UnitSpec spec, Text t) {
    if (spec.user().isPresent()) {
      String u = spec.user().get();
      t.say("The dedicated account " + u + " runs the service; create it first:");
      t.say("  useradd --system --no-create-home --shell /usr/sbin/nologin " + u);
      t.line("User=" + u);
      t.line("Group=" + u);
    } else {
      t.say("A transient user made at start (no account to create or leave behind); the directories below");
      t.say("keep their data across restarts. Pass --user NAME for a fixed account that other tools must own files as.");
      t.line("DynamicUser=yes");
    }
  }

  private static void resources(UnitSpec spec, Text t) {
    t.say("Go (1.19+) raises its soft open-file limit to this hard limit at start; systemd's default hard limit is 524288.");
    t.line("LimitNOFILE=" + LIMIT_NOFILE);
    spec.memoryMax().ifPresent(m -> {
      t.say("The cgroup memory cap (memory.max): beyond it the kernel OOM-kills inside the service's cgroup.");
      t.line("MemoryMax=" + m.systemd());
      t.say("Go's soft limit at 90 % of MemoryMax (rounded down to MiB), so the GC works harder before the cap.");
      if (userSets(spec, "GOMEMLIMIT")) {
        t.say("Not written: --env sets GOMEMLIMIT; the derived value would be " + m.gomemlimit() + ".");
      } else {
        t.line("Environment=GOMEMLIMIT=" + m.gomemlimit());
      }
    });
    spec.cpuQuotaPercent().ifPresent(q -> {
      t.say("The cgroup CPU cap (cpu.max): " + q + " % of one CPU per period.");
      t.line("CPUQuota=" + q + "%");
      // CPUQuota=Q% is cpu.max "Q*1000 100000"; the same conservative rule as the doctor's cgroup.cpu
      int procs = Gomaxprocs.recommended(0, new CpuMax(OptionalLong.of(q * 1000L), CpuMax.DEFAULT_PERIOD));
      if (spec.go().cgroupAware()) {
        t.say("No GOMAXPROCS: " + spec.go().explanation() + ".");
      } else if (userSets(spec, "GOMAXPROCS")) {
        t.say("Not written: --env sets GOMAXPROCS; the derived value would be " + procs + ".");
      } else {
        t.say("GOMAXPROCS = max(1, floor(" + q + " / 100)): " + spec.go().explanation() + ".");
        t.line("Environment=GOMAXPROCS=" + procs);
      }
    });
    for (UnitSpec.EnvVar e : spec.env()) {
      t.line("Environment=" + envValue(e));
    }
  }

  private static boolean userSets(UnitSpec spec, String key) {
    return spec.env().stream().anyMatch(e -> e.key().equals(key));
  }

  /** {@code KEY=VALUE}, double-quoted with {@code \} escapes when it holds spaces or quotes, {@code %} doubled. */
  static String envValue(UnitSpec.EnvVar e) {
    String kv = (e.key() + "=" + e.value()).replace("%", "%%");
    if (kv.matches("[^\\s\"'\\\\]*")) {
      return kv;
    }
    return "\"" + kv.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void capabilities(UnitSpec spec, Text t) {
    List<String> caps = spec.ambientCapabilities();
    if (caps.isEmpty()) {
      t.say("No capabilities at all, not even for root-owned helpers the service might exec.");
      t.line("CapabilityBoundingSet=");
      return;
    }
    if (spec.privilegedPort()) {
      t.say("Port " + spec.port().orElseThrow() + " is below 1024: binding it needs CAP_NET_BIND_SERVICE.");
    }
    t.say("Ambient capabilities reach the non-root service even with NoNewPrivileges=yes; capabilities set");
    t.say("on the file (setcap) would be silently ignored under it. The bounding set keeps only these.");
    t.line("AmbientCapabilities=" + String.join(" ", caps));
    t.line("CapabilityBoundingSet=" + String.join(" ", caps));
  }

  private static void hardening(UnitSpec spec, Text t) {
    t.say("Hardening that a Go service does not notice:");
    t.say("no setuid, setgid or file-capability gains for the service and its children.");
    t.line("NoNewPrivileges=yes");
    t.say("the whole file system read-only except the directories above, /dev, /proc and /sys.");
    t.line("ProtectSystem=strict");
    t.say("/home, /root and /run/user invisible.");
    t.line("ProtectHome=yes");
    t.say("a private /tmp (os.TempDir() points into it), removed when the service stops.");
    t.line("PrivateTmp=yes");
    t.say("a minimal /dev without physical devices (null, zero, random, urandom, tty stay).");
    t.line("PrivateDevices=yes");
    t.say("mounts made by the service stay private to it.");
    t.line("PrivateMounts=yes");
    if (spec.ambientCapabilities().isEmpty()) {
      t.say("a user namespace mapping only the service user; left out when capabilities are needed,");
      t.say("because capabilities in it would not count on the host's network namespace.");
      t.line("PrivateUsers=yes");
    } else {
      t.say("PrivateUsers= left out: capabilities inside a user namespace do not count on the host's network.");
    }
    t.say("/proc/sys, /sys and kernel modules, logs and clock read-only or out of reach.");
    t.line("ProtectKernelTunables=yes");
    t.line("ProtectKernelModules=yes");
    t.line("ProtectKernelLogs=yes");
    t.line("ProtectClock=yes");
    t.say("cgroupfs read-only: Go 1.25+ only reads the CPU limit there.");
    t.line("ProtectControlGroups=yes");
    t.say("the host name cannot be changed.");
    t.line("ProtectHostname=yes");
    t.say("other users' processes hidden in /proc; /proc/sys stays readable (see ProcSubset= below).");
    t.line("ProtectProc=invisible");
    t.say("no execution-domain (personality) changes, no realtime scheduling, no new setuid/setgid files.");
    t.line("LockPersonality=yes");
    t.line("RestrictRealtime=yes");
    t.line("RestrictSUIDSGID=yes");
    t.say("no new namespaces of any kind (the service does not start containers).");
    t.line("RestrictNamespaces=yes");
    t.say("IPv4, IPv6 and Unix sockets only (AF_UNIX for sd_notify and local clients).");
    t.line("RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX");
    t.say("only the native system-call ABI (no 32-bit int 0x80 calls).");
    t.line("SystemCallArchitectures=native");
    t.say("the system calls of ordinary services; @system-service keeps setrlimit (Go's open-file bump),");
    t.say("clone3 and the pidfd calls Go's os package probes.");
    t.line("SystemCallFilter=@system-service");
    if (spec.capabilities().isEmpty()) {
      t.say("and none of the privileged ones (setuid, chown, capset, ...), which fail without capabilities anyway.");
      t.line("SystemCallFilter=~@privileged");
    }
    t.say("a filtered call fails with EPERM, which Go handles, instead of killing the process with SIGSYS");
    t.say("(systemd's default, the failure of golang/go#69065).");
    t.line("SystemCallErrorNumber=EPERM");
    t.say("files the service creates are private to its user.");
    t.line("UMask=0077");
    t.say("no shared kernel keyring; System V IPC objects removed when the service stops.");
    t.line("KeyringMode=private");
    t.line("RemoveIPC=yes");
  }

  private static void leftOut(Text t) {
    t.say("Left out on purpose:");
    t.say("MemoryDenyWriteExecute=yes: Go binaries have crashed under it (systemd/systemd#5400,");
    t.say("  go-vikunja/website#218) and upx-packed ones always do; enable it only for a static,");
    t.say("  CGO_ENABLED=0, non-PIE binary after a test start.");
    t.say("ProcSubset=pid: hides /proc/sys, so Go cannot read net.core.somaxconn and every listener");
    t.say("  silently gets a backlog of 128; it also hides /proc/meminfo.");
    t.say("PrivateNetwork=yes: a server needs the host's network.");
    t.say("IPAddressDeny=/IPAddressAllow=: who the clients are is site policy; e.g. IPAddressDeny=any");
    t.say("  with IPAddressAllow=10.0.0.0/8 localhost.");
    t.say("AF_NETLINK: only net.Interfaces() and net.InterfaceAddrs() need it; add it to");
    t.say("  RestrictAddressFamilies= if the program lists interfaces.");
    t.say("SystemCallFilter= without SystemCallErrorNumber=: a denied call would kill the process (SIGSYS).");
    t.say("setcap on the binary: ignored under NoNewPrivileges=yes; AmbientCapabilities= is the way.");
    t.say("CAP_SYS_PTRACE: only in the --debug drop-in (" + DEBUG_DROP_IN + ").");
  }

  /** Where the debug drop-in goes: {@code /etc/systemd/system/NAME.service.d/90-gofer-debug.conf}. */
  public static String debugDropInPath(UnitSpec spec) {
    return unitDir(spec) + "/" + spec.fileName() + ".d/" + DEBUG_DROP_IN;
  }

  /**
   * The drop-in that runs the service under delve's headless server, with what delve needs and
   * nothing more: CAP_SYS_PTRACE as an ambient capability, the {@code @debug} system calls, and
   * no user namespace.
   *
   * @throws IllegalStateException if the spec has no {@link UnitSpec#debug()}
   */
  public static String debugDropIn(UnitSpec spec) {
    UnitSpec.Debug d = spec.debug().orElseThrow(() -> new IllegalStateException("no --debug in the spec"));
    Text t = new Text();
    String path = debugDropInPath(spec);
    t.line("# " + path + ": runs " + spec.fileName() + " under delve, written by gofer systemd unit --debug.");
    t.line("# Attach from the host:   dlv connect " + d.listen());
    t.line("# Done debugging:         rm " + path + " && systemctl daemon-reload && systemctl restart " + spec.fileName());
    t.line("# Not for production: it grants CAP_SYS_PTRACE and opens a debugger port (loopback only by default;");
    t.line("# delve's API has no authentication, so never listen on a public address).");
    t.line("# kernel.yama.ptrace_scope=3 forbids ptrace until reboot; then this cannot work.");
    t.blank();
    t.line("[Service]");
    t.say("The empty ExecStart= clears the unit's command; dlv then starts the binary as its traced child.");
    t.line("ExecStart=");
    t.line("ExecStart=" + d.dlv() + " exec --headless --listen=" + d.listen()
        + " --api-version=2 --accept-multiclient --continue " + spec.exec());
    t.say("dlv traces its child (PTRACE_TRACEME), which kernel.yama.ptrace_scope=2 allows only with");
    t.say("CAP_SYS_PTRACE. Ambient, because NoNewPrivileges=yes ignores setcap on dlv; added to the bounding set.");
    t.line("AmbientCapabilities=CAP_SYS_PTRACE");
    t.line("CapabilityBoundingSet=CAP_SYS_PTRACE");
    t.say("ptrace, process_vm_readv and process_vm_writev are in @debug, which @system-service leaves out.");
    t.line("SystemCallFilter=@debug");
    t.say("The capability must count in the service's own namespace, not in a private user namespace.");
    t.line("PrivateUsers=no");
    t.say("A program stopped at a breakpoint is not a failure to restart from.");
    t.line("Restart=no");
    return t.toString();
  }

  /** Unit text: directives, and comments wrapped as "# " lines. */
  private static final class Text {
    private final StringBuilder b = new StringBuilder(8192);

    void line(String s) {
      b.append(s).append('\n');
    }

    void say(String s) {
      b.append("# ").append(s).append('\n');
    }

    void blank() {
      b.append('\n');
    }

    @Override
    public String toString() {
      return b.toString();
    }
  }
}
