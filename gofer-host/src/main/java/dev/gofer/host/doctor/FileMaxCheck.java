package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import dev.gofer.mod.gover.Gover;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kernel.file-max}: {@code fs.file-max}, {@code fs.file-nr}, {@code fs.nr_open} and the
 * NOFILE hard limit (reference host-checks §2.1). Go 1.19 and later raise the soft
 * {@code RLIMIT_NOFILE} to the hard limit at start, so only the hard limit matters: PASS at 65536
 * or more, WARN below. The limit judged is the one a service gets: on a systemd host in the host
 * profile systemd's {@code DefaultLimitNOFILE} (system.conf and its drop-ins; compiled default
 * {@code 1024:524288} since systemd 240, the kernel's {@code 1024:4096} before, see
 * {@link #compiledDefault}), otherwise this process's ({@code /proc/self/limits}). systemd sets
 * {@code fs.file-max} to LONG_MAX at boot, so raising it is pointless there; WARN only when the
 * handles allocated ({@code file-nr}) pass 90% of it. With {@code --binary} built by a Go older
 * than 1.19, which leaves the soft limit alone, the soft limit is judged instead.
 */
final class FileMaxCheck implements Check {
  static final String ID = "kernel.file-max";
  static final long WANT = 65536;
  static final long LONG_MAX = Long.MAX_VALUE;
  private static final Pattern LIMIT = Pattern.compile("(?m)^Max open files\\s+(\\S+)\\s+(\\S+)");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    long fileMax;
    switch (Probe.integer(host, "/proc/sys/fs/file-max")) {
      case Probe.Ok<Long>(Long v) -> fileMax = v;
      case Probe.Bad<Long>(String reason) -> {
        return Finding.skip(ID, reason);
      }
    }
    Optional<Long> allocated = host.read("/proc/sys/fs/file-nr").firstLine()
        .flatMap(l -> Probe.parseLong(l.split("\\s+")[0]));
    Optional<Long> nrOpen = Probe.integer(host, "/proc/sys/fs/nr_open").get();
    Optional<Long> processHard = host.read("/proc/self/limits").text().flatMap(FileMaxCheck::hard);
    boolean systemd = Probe.systemd(host);
    Optional<String> defaultLimit = Optional.empty();
    Optional<Long> serviceHard = Optional.empty();
    String limitSource = "/proc/self/limits";
    if (systemd && context.profile() == Profile.HOST) {
      SystemdConfig.Setting s = SystemdConfig.lookup(host, "system.conf", "Manager", "DefaultLimitNOFILE");
      if (s.value().isPresent()) {
        defaultLimit = s.value();
        limitSource = "DefaultLimitNOFILE in " + s.source().orElseThrow();
      } else {
        Compiled c = compiledDefault(host);
        defaultLimit = Optional.of(c.value());
        limitSource = c.source();
      }
      serviceHard = limitHard(defaultLimit.get());
    }
    Optional<String> oldGo = preGo119(context);
    Optional<Long> judged;
    if (oldGo.isPresent()) {
      judged = defaultLimit.isPresent() ? limitSoft(defaultLimit.get())
          : host.read("/proc/self/limits").text().flatMap(FileMaxCheck::soft);
    } else {
      judged = serviceHard.isPresent() ? serviceHard : processHard;
    }
    if (judged.isEmpty()) {
      return Finding.skip(ID, "/proc/self/limits: no readable \"Max open files\" line");
    }
    long hard = judged.get();
    String kind = oldGo.map(v -> "NOFILE soft (the binary's " + v + " does not raise it) ").orElse("NOFILE hard ");
    StringBuilder observed = new StringBuilder(kind + text(hard) + " (" + limitSource + ")");
    observed.append(", fs.file-max ").append(fileMax == LONG_MAX ? "LONG_MAX" : String.valueOf(fileMax));
    allocated.ifPresent(a -> observed.append(", ").append(a).append(" handles allocated"));
    nrOpen.ifPresent(n -> observed.append(", fs.nr_open ").append(n));
    String why = "Go 1.19+ raises the soft NOFILE limit to the hard limit at start, so the hard limit "
        + "caps a Go service's connections and files."
        + (systemd ? " systemd sets fs.file-max to LONG_MAX at boot: raising it is pointless here." : "");
    String expected = "NOFILE hard limit >= " + WANT + " (<= fs.nr_open); file-nr well below file-max";
    Level level = Level.PASS;
    String fix = "";
    if (hard < WANT) {
      level = Level.WARN;
      fix = raiseFix(context.profile(), systemd);
    }
    if (allocated.isPresent() && fileMax > 0 && allocated.get() > fileMax * 0.9) {
      level = Level.WARN;
      fix = (fix.isEmpty() ? "" : fix + "; ") + "raise fs.file-max (sysctl.d)";
    }
    return new Finding(ID, level, observed.toString(), expected, why, fix, null)
        .with("fileMax", fileMax).with("fileNrAllocated", allocated.orElse(null))
        .with("nrOpen", nrOpen.orElse(null)).with("processHard", processHard.orElse(null))
        .with("defaultLimitNofile", defaultLimit.orElse(null)).with("hard", hard)
        .with("systemd", systemd).with("softLimitCounts", oldGo.isPresent());
  }

  /**
   * How to raise the hard limit where the service is started: a systemd unit, a container's
   * runtime, or a plain start script.
   */
  static String raiseFix(Profile profile, boolean systemd) {
    if (profile == Profile.CONTAINER) {
      return "start the container with a higher limit: --ulimit nofile=" + WANT + ":" + WANT
          + " (docker/podman run), or LimitNOFILE= in the container runtime's systemd service";
    }
    if (systemd) {
      return "set LimitNOFILE=" + WANT + " in the service's unit (gofer systemd unit does), "
          + "or DefaultLimitNOFILE=1024:524288 in /etc/systemd/system.conf.d/";
    }
    return "raise the hard limit where the service is started: ulimit -Hn " + WANT + " (as root) in its start "
        + "script, or \"<user> hard nofile " + WANT + "\" in /etc/security/limits.conf";
  }

  /** systemd's compiled-in DefaultLimitNOFILE and how it was found. */
  record Compiled(String value, String source) {}

  /**
   * The DefaultLimitNOFILE a service gets when no file sets it. systemd 240 and later raise the
   * hard limit to 524288 and document {@code #DefaultLimitNOFILE=1024:524288} in the system.conf
   * they ship; 239 and older (RHEL 8, CentOS 7) ship {@code #DefaultLimitNOFILE=} with no value
   * and pass on the kernel's 1024:4096 (INR_OPEN_CUR:INR_OPEN_MAX). Without a system.conf to tell,
   * the current default is assumed.
   */
  static Compiled compiledDefault(HostRoot host) {
    Optional<String> documented = SystemdConfig.documentedDefault(host, "system.conf", "Manager", "DefaultLimitNOFILE");
    if (documented.isPresent() && documented.get().isEmpty()) {
      return new Compiled("1024:4096", "systemd before 240: no DefaultLimitNOFILE, the kernel's 1024:4096");
    }
    if (documented.isPresent() && limitHard(documented.get()).isPresent()) {
      return new Compiled(documented.get(), "systemd's compiled DefaultLimitNOFILE=" + documented.get());
    }
    return new Compiled("1024:524288", "systemd's compiled DefaultLimitNOFILE=1024:524288");
  }

  /** The hard limit of the "Max open files" line; "unlimited" is LONG_MAX. */
  static Optional<Long> hard(String limits) {
    return column(limits, 2);
  }

  /** The soft limit of the "Max open files" line. */
  static Optional<Long> soft(String limits) {
    return column(limits, 1);
  }

  private static Optional<Long> column(String limits, int group) {
    Matcher m = LIMIT.matcher(limits);
    if (!m.find()) {
      return Optional.empty();
    }
    return "unlimited".equals(m.group(group)) ? Optional.of(LONG_MAX) : Probe.parseLong(m.group(group));
  }

  /** The soft part of a systemd limit value ("1024:524288" gives 1024; "65536" both). */
  static Optional<Long> limitSoft(String value) {
    String soft = value.contains(":") ? value.substring(0, value.indexOf(':')) : value;
    return "infinity".equals(soft.strip()) ? Optional.of(LONG_MAX) : Probe.parseLong(soft.strip());
  }

  /**
   * Whether the binary of {@code --binary} was built by a Go older than 1.19, which does not
   * raise the soft limit: then the soft limit is the one that counts.
   */
  static Optional<String> preGo119(Context context) {
    return context.buildInfo().map(b -> b.goVersion().split("\\s+")[0])
        .filter(v -> v.startsWith("go") && Gover.isValid(v.substring(2)))
        .filter(v -> Gover.compare(v.substring(2), "1.19") < 0);
  }

  /** The hard part of a systemd limit value: "1024:524288", "65536" or "infinity". */
  static Optional<Long> limitHard(String value) {
    String hard = value.contains(":") ? value.substring(value.indexOf(':') + 1) : value;
    return "infinity".equals(hard.strip()) ? Optional.of(LONG_MAX) : Probe.parseLong(hard.strip());
  }

  private static String text(long n) {
    return n == LONG_MAX ? "unlimited" : String.valueOf(n);
  }
}
