package dev.gofer.host.doctor;

import dev.gofer.host.cgroup.CgroupDir;
import dev.gofer.host.cgroup.CgroupException;
import dev.gofer.host.cgroup.CgroupMode;
import dev.gofer.host.cgroup.Cgroups;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cgroup.version}: v1, v2 or hybrid, from the file system types in mountinfo. v2 passes;
 * v1 and hybrid warn: systemd is dropping v1, and Go 1.25's container-aware GOMAXPROCS misses
 * v1 mounts whose root is not {@code /} (golang/go#76390) and lets a v1 {@code cpu} hierarchy win
 * over v2 on hybrid hosts.
 */
public final class CgroupVersionCheck implements Check {
  /** The check's id. */
  public static final String ID = "cgroup.version";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    Cgroups cg;
    try {
      cg = Cgroups.read(context.host());
    } catch (CgroupException e) {
      return Finding.skip(ID, e.getMessage());
    }
    CgroupMode mode = cg.mode();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("version", mode.key());
    data.put("mounts", cg.mounts().stream().map(m -> m.fstype() + " " + m.mountPoint()).toList());
    Optional<CgroupDir> dir;
    try {
      dir = cg.unifiedDir();
    } catch (CgroupException e) {
      dir = Optional.empty();
      data.put("problem", e.getMessage());
    }
    dir.ifPresent(d -> {
      data.put("cgroup", d.path());
      context.host().read(d.file("cgroup.controllers")).firstLine().ifPresent(c ->
          data.put("controllers", c.isEmpty() ? List.of() : Arrays.asList(c.split("\\s+"))));
    });
    String expected = "cgroup v2 (unified hierarchy)";
    return switch (mode) {
      case V2 -> new Finding(ID, Level.PASS, "cgroup v2 (unified)" + dir.map(d -> ", process in " + d.path()).orElse(""),
          expected, "cgroup v2 is what systemd and the Go 1.25 runtime read best: one hierarchy, memory.max and cpu.max.",
          "", data);
      case HYBRID -> new Finding(ID, Level.WARN,
          "hybrid: v1 controllers plus cgroup2 at " + cg.mounts().stream().filter(m -> m.fstype().equals("cgroup2"))
              .map(m -> m.mountPoint()).findFirst().orElse("?"),
          expected, "On hybrid hosts the limits live in the v1 controllers; gofer reads v2 first (as automemlimit), "
              + "while the Go runtime lets a v1 cpu hierarchy take precedence over v2. systemd is deprecating v1.",
          bootFix(), data);
      case V1 -> new Finding(ID, Level.WARN, "cgroup v1 (legacy)", expected,
          "cgroup v1 is legacy (systemd is removing it). Go 1.25 reads v1 cpu.cfs_quota_us, but not where the mount "
              + "root is not / as in many v1 containers (golang/go#76390).",
          bootFix(), data);
      case NONE -> new Finding(ID, Level.SKIP, "no cgroup file system in /proc/self/mountinfo", expected,
          "Without a cgroup mount no limits can be read.", "", data);
    };
  }

  private static String bootFix() {
    return "boot with systemd.unified_cgroup_hierarchy=1 (or a distribution that defaults to cgroup v2: RHEL 9, "
        + "Ubuntu 22.04+, Debian 11+)";
  }
}
