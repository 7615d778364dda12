package dev.gofer.host.doctor;

import java.util.List;

/** The cgroup checks, in report order: {@code cgroup.version}, {@code cgroup.memory}, {@code cgroup.cpu}. */
public final class CgroupChecks {
  private CgroupChecks() {}

  /** New instances of the cgroup checks, in report order. */
  public static List<Check> all() {
    return List.of(new CgroupVersionCheck(), new CgroupMemoryCheck(), new CgroupCpuCheck());
  }
}
