package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import dev.gofer.host.OsRelease;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs checks and collects the host's facts into a {@link Report}. A check named in the skip set
 * becomes a skip "skipped by --skip"; a check that throws anyway (checks should not) becomes a
 * skip naming the exception, so one broken probe never loses the rest of the report.
 */
public final class Doctor {
  private final List<Check> checks;

  private Doctor(List<Check> checks) {
    this.checks = List.copyOf(checks);
  }

  /** A doctor with every check of {@link Checks#all()}. */
  public static Doctor standard() {
    return new Doctor(Checks.all());
  }

  /** A doctor with these checks, in this order. */
  public static Doctor of(List<Check> checks) {
    return new Doctor(checks);
  }

  /** The ids of the checks, in order. */
  public List<String> ids() {
    return checks.stream().map(Check::id).toList();
  }

  /** Runs every check not in {@code skip}. */
  public Report run(Context context, Set<String> skip) {
    List<Finding> findings = new ArrayList<>();
    for (Check c : checks) {
      findings.add(skip.contains(c.id()) ? Finding.skip(c.id(), "skipped by --skip") : runOne(c, context));
    }
    return new Report(hostFacts(context), findings);
  }

  private static Finding runOne(Check c, Context context) {
    try {
      Finding f = c.run(context);
      return f != null ? f : Finding.skip(c.id(), "check returned nothing");
    } catch (RuntimeException | StackOverflowError e) {
      String m = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
      return Finding.skip(c.id(), "check failed: " + e.getClass().getSimpleName() + m);
    }
  }

  /**
   * The report's {@code "host"} object: os-release id, version and pretty name, distro family,
   * kernel release, architecture, cgroup mode from mountinfo, profile and sysroot. Unknown facts
   * are null.
   */
  static Map<String, Object> hostFacts(Context context) {
    HostRoot host = context.host();
    Map<String, Object> m = new LinkedHashMap<>();
    Optional<OsRelease> os = OsRelease.read(host);
    m.put("os", os.map(OsRelease::id).orElse(null));
    m.put("version", os.flatMap(OsRelease::versionId).orElse(null));
    m.put("prettyName", os.map(OsRelease::prettyName).orElse(null));
    m.put("distro", os.map(o -> o.distro().key()).orElse(null));
    m.put("kernel", host.read("/proc/sys/kernel/osrelease").firstLine()
        .filter(s -> !s.isEmpty() && s.length() < 128).map(Probe::excerptRaw).orElse(null));
    m.put("arch", Probe.arch(host).orElse(null));
    m.put("cgroup", cgroupMode(host).orElse(null));
    m.put("systemd", Probe.systemd(host));
    m.put("profile", context.profile().key());
    m.put("sysroot", host.root().toString());
    context.buildInfo().ifPresent(b -> m.put("binaryGoVersion", b.goVersion()));
    return m;
  }

  /**
   * v2, v1 or hybrid from the fstypes in {@code /proc/self/mountinfo}: both {@code cgroup} and
   * {@code cgroup2} mounts is hybrid (reference host-checks §3.3).
   */
  static Optional<String> cgroupMode(HostRoot host) {
    Optional<String> text = host.read("/proc/self/mountinfo").text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    boolean v1 = false;
    boolean v2 = false;
    for (String line : text.get().split("\n")) {
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      String[] after = line.substring(dash + 3).split(" ");
      v1 |= after[0].equals("cgroup");
      v2 |= after[0].equals("cgroup2");
    }
    return v1 && v2 ? Optional.of("hybrid") : v2 ? Optional.of("v2") : v1 ? Optional.of("v1") : Optional.empty();
  }
}
