package dev.gofer.cli;

import dev.gofer.host.Distro;
import dev.gofer.host.HostRoot;
import dev.gofer.host.OsRelease;
import dev.gofer.host.inspect.BinaryReport;
import dev.gofer.host.inspect.InspectException;
import dev.gofer.host.unit.AtomicWrite;
import dev.gofer.host.unit.GoRuntime;
import dev.gofer.host.unit.MemorySize;
import dev.gofer.host.unit.SpecException;
import dev.gofer.host.unit.UnitSpec;
import dev.gofer.host.unit.UnitWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gofer systemd}: systemd configuration for Go services. */
@Command(
    name = "systemd",
    mixinStandardHelpOptions = true,
    header = "Write systemd configuration for Go services.",
    subcommands = {SystemdCommand.Unit.class})
final class SystemdCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code gofer systemd unit NAME --exec PATH ...}. */
  @Command(
      name = "unit",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      header = "Write a hardened .service unit for a Go service.",
      description = {
        "",
        "Prints (or with --output writes) NAME.service for /etc/systemd/system: a dedicated user "
            + "(DynamicUser=yes, or --user), Restart=on-failure, LimitNOFILE=65536, MemoryMax= with "
            + "GOMEMLIMIT at 90 %% of it, CPUQuota= with GOMAXPROCS only where the binary's Go cannot "
            + "read the cgroup limit (before Go 1.25, or an older go line; without --binary it is set), "
            + "ambient capabilities instead of setcap (which NoNewPrivileges=yes ignores), state/log/cache "
            + "directories, and every hardening directive that is safe for Go. Each directive is "
            + "explained in a comment in the unit, and so is each one left out (MemoryDenyWriteExecute=, "
            + "ProcSubset=pid, ...). systemd-analyze security scores it 1.2 (1.5 with a port below 1024).",
        "",
        "Examples:",
        "  gofer systemd unit myapp --exec /usr/local/bin/myapp",
        "  gofer systemd unit web --exec /usr/local/bin/web --port 443 \\",
        "      --memory-max 1G --cpu-quota 200%% --binary ./web \\",
        "      --output /etc/systemd/system",
        "  gofer systemd unit api --exec /opt/api/bin/api --user api \\",
        "      --env APP_ENV=prod --debug --output /etc/systemd/system",
        "  systemd-analyze verify /etc/systemd/system/web.service",
        "  systemctl daemon-reload && systemctl enable --now web",
      },
      footer = {"", "Exit codes: 0 written, 2 bad option, 3 could not write (or a different file exists)."})
  static final class Unit implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Unit name, e.g. myapp (.service is added).")
    String name;

    @Option(names = "--exec", required = true, paramLabel = "PATH", description = "Absolute path of the service binary on the target host.")
    String exec;

    @Option(names = "--user", paramLabel = "USER", description = "Run as this existing system user (User=/Group=) instead of DynamicUser=yes.")
    String user;

    @Option(names = "--port", paramLabel = "N", description = "Port the service listens on; below 1024 adds CAP_NET_BIND_SERVICE (ambient).")
    Integer port;

    @Option(names = "--memory-max", paramLabel = "SIZE", description = "Memory cap, e.g. 512M, 1G, 1.5G or bytes; sets GOMEMLIMIT to 90 %% of it.")
    String memoryMax;

    @Option(names = "--cpu-quota", paramLabel = "PCT", description = "CPU cap in percent of one CPU, e.g. 50%% or 200%%.")
    String cpuQuota;

    @Option(names = "--env", paramLabel = "K=V", description = "Extra environment variable (repeatable); wins over derived GOMEMLIMIT/GOMAXPROCS.")
    List<String> env = new ArrayList<>();

    @Option(names = "--capability", paramLabel = "CAP", description = "Extra ambient capability, e.g. CAP_SYS_NICE (repeatable).")
    List<String> capabilities = new ArrayList<>();

    @Option(names = "--binary", paramLabel = "PATH", description = "The service binary here, read for its Go version (GOMAXPROCS decision).")
    Path binary;

    @Option(names = "--distro", paramLabel = "D", defaultValue = "auto", description = "auto, rhel, debian, ubuntu or other (comments and notes only). Default: ${DEFAULT-VALUE}.")
    String distro;

    @Option(names = "--sysroot", paramLabel = "DIR", defaultValue = "/", description = "Host root for --distro auto (its etc/os-release). Default: ${DEFAULT-VALUE}.")
    Path sysroot;

    @Option(names = "--output", paramLabel = "DIR", description = "Write NAME.service (and NAME.service.d/ for --debug) into DIR instead of printing.")
    Path output;

    @Option(names = "--force", description = "With --output, replace a file that differs.")
    boolean force;

    @Option(names = "--debug", description = "Also a drop-in that runs the service under dlv's headless server.")
    boolean debug;

    @Option(names = "--dlv", paramLabel = "PATH", defaultValue = "/usr/local/bin/dlv", description = "dlv on the target host, for --debug. Default: ${DEFAULT-VALUE}.")
    String dlv;

    @Option(names = "--dlv-listen", paramLabel = "HOST:PORT", defaultValue = UnitSpec.Debug.DEFAULT_LISTEN, description = "Where dlv listens, for --debug. Default: ${DEFAULT-VALUE}.")
    String dlvListen;

    @Option(names = "--json", description = "Print what was generated as JSON.")
    boolean json;

    @Override
    public Integer call() {
      UnitSpec unit = spec();
      String text = UnitWriter.service(unit);
      Optional<String> dropIn = unit.debug().map(d -> UnitWriter.debugDropIn(unit));
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<String> written = new ArrayList<>();
      if (output != null) {
        written.add(write(output.resolve(unit.fileName()), text));
        dropIn.ifPresent(d -> written.add(write(output.resolve(unit.fileName() + ".d").resolve(UnitWriter.DEBUG_DROP_IN), d)));
        err.println("next: systemd-analyze verify " + output.resolve(unit.fileName())
            + " && systemctl daemon-reload && systemctl enable --now " + unit.fileName());
      }
      if (json) {
        out.println("{\"name\":" + Json.quote(unit.fileName())
            + ",\"path\":" + Json.quote(UnitWriter.unitDir(unit) + "/" + unit.fileName())
            + ",\"distro\":" + Json.quote(unit.distro().key())
            + ",\"cgroupAwareGo\":" + unit.go().cgroupAware()
            + ",\"written\":[" + String.join(",", written.stream().map(Json::quote).toList()) + "]"
            + ",\"unit\":" + Json.quote(text)
            + dropIn.map(d -> ",\"debugDropIn\":{\"path\":" + Json.quote(UnitWriter.debugDropInPath(unit))
                + ",\"text\":" + Json.quote(d) + "}").orElse("")
            + "}");
      } else if (output != null) {
        written.forEach(out::println);
      } else {
        out.print(text);
        dropIn.ifPresent(d -> {
          out.println();
          out.println("# ---- " + UnitWriter.debugDropInPath(unit) + " ----");
          out.print(d);
        });
      }
      out.flush();
      return 0;
    }

    private UnitSpec spec() {
      try {
        Distro d = distro();
        UnitSpec unit = new UnitSpec(name, exec, Optional.ofNullable(user), Optional.ofNullable(port),
            Optional.ofNullable(memoryMax).map(MemorySize::parse),
            Optional.ofNullable(cpuQuota).map(UnitSpec::cpuQuota),
            env.stream().map(UnitSpec.EnvVar::parse).toList(), capabilities, runtime(), d,
            debug ? Optional.of(new UnitSpec.Debug(dlv, dlvListen)) : Optional.empty());
        if (output != null && !HostRoot.of(sysroot).exists(unit.exec())) {
          // systemd-analyze verify and the start would fail with 203/EXEC.
          spec.commandLine().getErr().println("gofer: note: " + unit.exec() + " does not exist under " + sysroot + " (yet)");
        }
        return unit;
      } catch (SpecException e) {
        throw new UserException(e.getMessage(), Gofer.EXIT_USAGE);
      }
    }

    private GoRuntime runtime() {
      if (binary == null) {
        return new GoRuntime.Unknown();
      }
      try {
        return GoRuntime.of(BinaryReport.read(binary));
      } catch (InspectException e) {
        throw new UserException("--binary: " + e.getMessage(), Gofer.EXIT_USAGE);
      }
    }

    private Distro distro() {
      if (!distro.equals("auto")) {
        return Distro.parse(distro).orElseThrow(() -> new UserException(
            "invalid --distro \"" + distro + "\": want auto, rhel, debian, ubuntu or other", Gofer.EXIT_USAGE));
      }
      return OsRelease.read(HostRoot.of(sysroot)).map(OsRelease::distro).orElseGet(() -> {
        spec.commandLine().getErr().println("gofer: note: no os-release under " + sysroot + "; writing for systemd's upstream defaults");
        return Distro.OTHER;
      });
    }

    private String write(Path target, String text) {
      try {
        AtomicWrite.write(target, text, force);
        return target.toString();
      } catch (FileAlreadyExistsException e) {
        throw new UserException(target + " exists with different content; pass --force to replace it");
      } catch (IOException e) {
        throw new UserException("writing " + target + ": " + e.getMessage());
      }
    }
  }
}
