package dev.gofer.cli;

import dev.gofer.host.doctor.Context;
import dev.gofer.host.doctor.Doctor;
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
      "Exit 0: nothing failed (warnings do not count); 1: a check failed; 2: usage error, "
          + "including a --sysroot that is not a directory and a --binary that is not a Go binary.",
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

  @Option(names = "--no-color", description = "No colour in text output (also when NO_COLOR is set or stdout is not a terminal).")
  boolean noColor;

  @Override
  public Integer call() {
    if (!List.of("text", "json", "junit").contains(format)) {
      throw new UserException("--format " + format + ": unknown format (want text, json or junit)", Gofer.EXIT_USAGE);
    }
    Doctor doctor = Doctor.standard();
    Set<String> skipped = new LinkedHashSet<>();
    for (String s : skip) {
      String id = s.strip();
      if (id.isEmpty()) {
        continue;
      }
      if (!doctor.ids().contains(id)) {
        throw new UserException("--skip " + id + ": no such check (see the ids in 'gofer doctor' output)", Gofer.EXIT_USAGE);
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
      case "junit" -> DoctorOutput.junit(report);
      default -> DoctorOutput.text(report, color());
    });
    out.flush();
    return report.failed() ? Gofer.EXIT_PROBLEMS : 0;
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
