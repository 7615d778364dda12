package dev.gofer.cli;

import dev.gofer.host.doctor.Context;
import dev.gofer.host.doctor.Doctor;
import dev.gofer.host.doctor.Level;
import dev.gofer.host.doctor.Report;
import dev.gofer.host.inspect.BinaryReport;
import dev.gofer.host.inspect.InspectException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gofer doctor}: is this host or container fit for Go services, and what to fix. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Check whether a host or container is fit for Go services.",
    description = {
      "",
      "Reads kernel, cgroup, security, journald and Go settings (through --sysroot, so a copy of "
          + "a host's /proc, /sys and /etc works too) and reports each check as pass, info, warn, "
          + "fail or skip, with why and the fix. Nothing is changed and nothing is executed, except "
          + "getfattr/getcap to read dlv's (and --binary's) file capabilities on the running system.",
      "",
      "Examples:",
      "  gofer doctor                          # this host, as a systemd host",
      "  gofer doctor --profile container      # inside the service's container",
      "  gofer doctor --binary /usr/local/bin/web --skip cpu.smep,cpu.smap",
      "  gofer doctor --sysroot /mnt/web1 --format json | jq '.checks[]|select(.level==\"warn\")'",
      "  gofer doctor --format junit --fail-on warn > doctor.xml   # CI gate",
      "",
    },
    footer = {
      "",
      "Checks (ids for --skip):",
      "  kernel.swappiness     vm.swappiness, and whether swap is active",
      "  kernel.overcommit     overcommit mode and ratio, CommitLimit vs Committed_AS",
      "  kernel.file-max       the NOFILE hard limit a service gets, fs.file-max",
      "  kernel.somaxconn      net.core.somaxconn: Go's listen backlog (per netns)",
      "  kernel.ptrace-scope   Yama ptrace_scope: can delve attach",
      "  kernel.kaslr          KASLR: kernel config and command line",
      "  cpu.smep, cpu.smap    CPU flags in /proc/cpuinfo",
      "  cpu.vulnerabilities   /sys/devices/system/cpu/vulnerabilities",
      "  kernel.lsm            active security modules (SELinux, AppArmor, ...)",
      "  cgroup.version        cgroup v2, v1 or hybrid",
      "  cgroup.memory         the cgroup memory limit against GOMEMLIMIT (90 %% of it)",
      "  cgroup.cpu            the cgroup CPU quota against GOMAXPROCS",
      "  process.seccomp       seccomp mode and filters",
      "  process.no-new-privs  no_new_privs, and file capabilities it would void",
      "  process.capabilities  effective and bounding capabilities",
      "  journald.storage      persistent or volatile journal, with drop-ins",
      "  systemd.unit-dir      where units go on this distribution",
      "  go.toolchain          a go on PATH and its version",
      "  go.env                GOPROXY, GOSUMDB, GOPRIVATE, GOFLAGS, GOTOOLCHAIN sanity",
      "  dlv.ptrace            delve: CAP_SYS_PTRACE, ptrace_scope, no_new_privs",
      "  binary.linking        --binary: static, or the loader and libraries it needs",
      "  binary.capabilities   --binary: its file capabilities against no_new_privs",
      "",
      "Exit 0: nothing at or above --fail-on (by default warnings do not count); 1: a check "
          + "failed (or warned, with --fail-on warn); 2: usage error, including a --sysroot that is "
          + "not a directory and a --binary that is not a Go binary.",
    })
final class DoctorCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin HostOptions hostOptions;

  @Option(names = "--binary", paramLabel = "PATH",
      description = "A Go binary the service runs: adds binary-aware findings (cgroup-aware GOMAXPROCS by Go "
          + "version, static or dynamic against the host's libc, file capabilities).")
  Path binary;

  @Option(names = "--skip", paramLabel = "ID", split = ",", description = "Check ids to skip, e.g. cpu.smep,kernel.kaslr.")
  List<String> skip = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, json or junit (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "fail",
      description = "fail or warn: the lowest level that makes the exit code 1 (default: ${DEFAULT-VALUE}).")
  String failOn;

  @Option(names = "--no-color", description = "No colour in text output (also when NO_COLOR is set or stdout is not a terminal).")
  boolean noColor;

  @Override
  public Integer call() {
    if (!List.of("text", "json", "junit").contains(format)) {
      throw new UserException("--format " + format + ": unknown format (want text, json or junit)", Gofer.EXIT_USAGE);
    }
    Level threshold = switch (failOn) {
      case "fail" -> Level.FAIL;
      case "warn" -> Level.WARN;
      default -> throw new UserException("--fail-on " + failOn + ": unknown level (want fail or warn)", Gofer.EXIT_USAGE);
    };
    Doctor doctor = Doctor.standard();
    Set<String> skipped = new LinkedHashSet<>();
    for (String s : skip) {
      String id = s.strip();
      if (id.isEmpty()) {
        continue;
      }
      if (!doctor.ids().contains(id)) {
        throw new UserException("--skip " + id + ": no such check (the ids are listed in 'gofer doctor --help')", Gofer.EXIT_USAGE);
      }
      skipped.add(id);
    }
    Context context = report()
        .map(r -> Context.withBinary(hostOptions.host(), hostOptions.profile(), System.getenv(), binary, r))
        .orElseGet(() -> new Context(hostOptions.host(), hostOptions.profile(), System.getenv(), Optional.empty(), Optional.empty()));
    Report report = doctor.run(context, skipped);
    PrintWriter out = spec.commandLine().getOut();
    out.print(switch (format) {
      case "json" -> DoctorOutput.json(report);
      case "junit" -> DoctorOutput.junit(report, threshold);
      default -> DoctorOutput.text(report, threshold, color());
    });
    out.flush();
    return report.reaches(threshold) ? Gofer.EXIT_PROBLEMS : 0;
  }

  /**
   * What {@code gofer inspect} reads from the binary (linking and build info); a usage error when
   * it is missing, not ELF or not a Go binary.
   */
  private Optional<BinaryReport> report() {
    if (binary == null) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(binary)) {
      throw new UserException("--binary " + binary + ": " + (Files.exists(binary) ? "not a regular file" : "no such file"),
          Gofer.EXIT_USAGE);
    }
    try {
      return Optional.of(BinaryReport.read(binary));
    } catch (InspectException e) {
      throw new UserException("--binary " + e.getMessage(), Gofer.EXIT_USAGE);
    }
  }

  private boolean color() {
    return !noColor && System.getenv("NO_COLOR") == null && System.console() != null
        && CommandLine.Help.Ansi.AUTO.enabled();
  }
}
