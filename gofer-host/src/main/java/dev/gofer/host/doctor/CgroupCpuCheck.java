package dev.gofer.host.doctor;

import dev.gofer.host.cgroup.CgroupException;
import dev.gofer.host.cgroup.Cgroups;
import dev.gofer.host.cgroup.CpuCount;
import dev.gofer.host.cgroup.CpuLimits;
import dev.gofer.host.cgroup.CpuMax;
import dev.gofer.host.cgroup.Gomaxprocs;
import dev.gofer.host.cgroup.Setting;
import dev.gofer.host.inspect.BinaryReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cgroup.cpu}: the cgroup CPU quota against GOMAXPROCS. The quota is the tightest
 * {@code cpu.max} (v1: {@code cpu.cfs_quota_us}/{@code cpu.cfs_period_us}) from the process's
 * cgroup up to the mount; the Go 1.25 runtime reads only the leaf (golang/go#81180) and misses v1
 * mounts whose root is not {@code /} (golang/go#76390).
 *
 * <p>Levels: no quota passes; GOMAXPROCS set above the quota (rounded up) warns, set within it
 * passes; unset with a binary that is cgroup-aware (Go ≥ 1.25 without
 * {@code containermaxprocs=0} in its DefaultGODEBUG) passes unless the runtime cannot see the
 * quota (parent-only limit, v1 non-root mount), which warns; unset with a binary that is not
 * aware warns; without {@code --binary} it is info with the recommendation.
 *
 * <p>With {@code --binary} the awareness comes from {@link BinaryReport#cgroupAwareGomaxprocs()}
 * (the one place that rule lives), and a binary that links go.uber.org/automaxprocs passes: the
 * library sets {@code floor(quota)} itself.
 *
 * <p>Data: {@code cpuQuota} (CPUs, decimal), {@code cpuMax}, {@code limitSetOn},
 * {@code limitFile}, {@code logicalCpus}, {@code gomaxprocs} (recommended,
 * {@code max(1, floor(quota/period))}), {@code go125Default}, {@code automaxprocs},
 * {@code cgroupAware} (true, false or "unknown"), {@code binaryGoVersion}, {@code automaxprocsLinked},
 * {@code gomaxprocsEnv}, {@code cgroupVersion}.
 */
public final class CgroupCpuCheck implements Check {
  /** The check's id. */
  public static final String ID = "cgroup.cpu";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    Optional<CpuLimits> read;
    try {
      read = Cgroups.read(context.host()).cpu(context.host());
    } catch (CgroupException e) {
      return Finding.skip(ID, e.getMessage());
    }
    if (read.isEmpty()) {
      return Finding.skip(ID, "no cgroup cpu controller for this process in /proc/self/cgroup and /proc/self/mountinfo");
    }
    CpuLimits c = read.get();
    Optional<CpuCount> cpus = CpuCount.read(context.host());
    int n = cpus.map(CpuCount::count).orElse(0);
    Optional<BinaryReport> binary = context.report();
    // a development toolchain names no release: whether it reads cgroups is unknown
    Optional<Boolean> aware = binary.filter(b -> b.goRelease().isPresent()).map(BinaryReport::cgroupAwareGomaxprocs);
    boolean automaxprocs = binary.map(BinaryReport::usesAutomaxprocs).orElse(false);
    Optional<String> env = context.getenv("GOMAXPROCS");

    Map<String, Object> data = new LinkedHashMap<>();
    cpus.ifPresent(k -> data.put("logicalCpus", (long) k.count()));
    data.put("cgroupAware", aware.isPresent() ? (Object) aware.get() : "unknown");
    binary.ifPresent(b -> data.put("binaryGoVersion", b.buildInfo().goVersion()));
    binary.ifPresent(b -> data.put("automaxprocsLinked", automaxprocs));
    env.ifPresent(e -> data.put("gomaxprocsEnv", e));
    data.put("cgroupVersion", c.version());
    data.put("cgroup", c.dir().path());
    String why = "A GOMAXPROCS above the CPU quota lets the runtime run more threads than the quota pays for: the "
        + "cgroup is throttled and p99 latency rises (automaxprocs' measurements). Go 1.25+ sets it from the limit "
        + "itself (rounding up, at least 2), reading only the leaf cgroup.";

    if (c.quota().effective().isEmpty()) {
      data.put("cpuQuota", "max");
      data.put("limitSetOn", "none");
      if (n > 0) {
        data.put("gomaxprocs", (long) n);
      }
      return new Finding(ID, env.isPresent() ? Level.INFO : Level.PASS,
          "no CPU quota (" + (c.version().equals("v2") ? "cpu.max = max" : "cpu.cfs_quota_us = -1") + ") in " + c.dir().path() + (n > 0 ? ", " + n + " logical CPUs" : "")
              + env.map(e -> ", GOMAXPROCS=" + e + " set explicitly").orElse(""),
          "GOMAXPROCS = the CPUs the process may use (the runtime default)",
          "Without a quota the runtime default (the CPU count) is right.", "", data);
    }
    Setting<CpuMax> eff = c.quota().effective().get();
    CpuMax q = eff.value();
    int rec = Gomaxprocs.recommended(n, q);
    data.put("cpuQuota", q.cpusDecimal().doubleValue());
    data.put("cpuMax", q.toString());
    data.put("limitSetOn", c.quota().where());
    data.put("limitFile", eff.file());
    data.put("gomaxprocs", (long) rec);
    if (n > 0) {
      data.put("go125Default", (long) Gomaxprocs.go125Default(n, q));
    }
    data.put("automaxprocs", (long) Gomaxprocs.automaxprocs(q).getAsInt());
    String file = c.version().equals("v2") ? "cpu.max " + q
        : "cpu.cfs_quota_us " + q.quota().getAsLong() + ", cpu.cfs_period_us " + q.period();
    String observed = "CPU quota " + q.cpusDecimal().toPlainString() + " CPUs (" + file + ") set on the "
        + c.quota().where() + " (" + eff.file() + ")" + (n > 0 ? ", " + n + " logical CPUs" : "");
    String expected = "GOMAXPROCS <= " + rec;
    String fix = EnvFix.set(context, "GOMAXPROCS", String.valueOf(rec));

    if (env.isPresent()) {
      String e = env.get().strip();
      if (!e.matches("[0-9]{1,6}") || Integer.parseInt(e) < 1) {
        return new Finding(ID, Level.WARN, observed + ", GOMAXPROCS=" + e + " is not a positive number (ignored by the runtime)",
            expected, why, fix, data);
      }
      int set = Integer.parseInt(e);
      long ceil = (q.quota().getAsLong() + q.period() - 1) / q.period();
      Level level = set > ceil ? Level.WARN : Level.PASS;
      return new Finding(ID, level, observed + ", GOMAXPROCS=" + set + " set explicitly", expected,
          why + " A set GOMAXPROCS also turns off the runtime's own updates when the limit changes.",
          level == Level.PASS ? "" : fix, data);
    }
    boolean parentOnly = c.quota().setOnParent();
    boolean v1Rooted = c.version().equals("v1") && !c.dir().mount().root().equals("/");
    if (automaxprocs) {
      return new Finding(ID, Level.PASS, observed + ", GOMAXPROCS unset; the binary links " + BinaryReport.AUTOMAXPROCS
          + ", which sets " + Gomaxprocs.automaxprocs(q).getAsInt() + " (floor of the quota) at start",
          expected, why + " automaxprocs reads the quota itself" + (aware.orElse(false)
              ? "; with Go 1.25+ it is no longer needed and can be removed." : "."), "", data);
    }
    if (aware.isEmpty()) {
      String unknown = binary.map(b -> "the binary's toolchain " + b.buildInfo().goVersion() + " names no Go release")
          .orElse("binary unknown (no --binary)");
      return new Finding(ID, Level.INFO, observed + ", GOMAXPROCS unset; " + unknown, expected,
          why + " Whether the service's runtime reads the limit depends on its Go version and go line: pass --binary.",
          fix + " unless the binary is built by Go 1.25+ with a go 1.25+ go line", data);
    }
    if (!aware.get()) {
      return new Finding(ID, Level.WARN, observed + ", GOMAXPROCS unset and the binary's runtime does not read cgroup limits",
          expected, why + " This binary is older than Go 1.25 or carries containermaxprocs=0 (a go line before 1.25).",
          fix + " (or rebuild with a go 1.25+ go line)", data);
    }
    if (parentOnly || v1Rooted) {
      String reason = parentOnly
          ? "the limit is set only on a parent cgroup and Go 1.25 reads only the leaf (golang/go#81180)"
          : "the v1 cpu mount's root is " + c.dir().mount().root() + ", which Go 1.25 does not translate (golang/go#76390)";
      return new Finding(ID, Level.WARN, observed + ", GOMAXPROCS unset; the runtime is cgroup-aware but " + reason,
          expected, why, fix, data);
    }
    return new Finding(ID, Level.PASS, observed + ", GOMAXPROCS unset; the runtime sets "
        + (n > 0 ? Gomaxprocs.go125Default(n, q) : "it") + " from the limit itself",
        "GOMAXPROCS from the runtime (Go 1.25+) or <= " + rec,
        why + " Limits on parent cgroups would not be seen; this one is on the leaf.", "", data);
  }
}
