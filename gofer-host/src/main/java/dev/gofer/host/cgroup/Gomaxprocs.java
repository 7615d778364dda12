package dev.gofer.host.cgroup;

import java.util.OptionalInt;

/**
 * GOMAXPROCS under a CPU quota, three ways: what the Go 1.25 runtime picks by itself, what
 * go.uber.org/automaxprocs sets, and what gofer recommends writing into a unit.
 */
public final class Gomaxprocs {
  private Gomaxprocs() {}

  /**
   * The Go 1.25+ default: {@code min(cpus, max(2, ceil(quota / period)))}; {@code cpus} without a
   * quota. Fractions round up and a limit below 2 becomes 2 (golang/go#74283: by design), never
   * above the CPUs the process may run on ({@code golang/go: src/runtime/cgroup_linux.go}).
   *
   * @param cpus logical CPUs in the process's affinity mask, at least 1
   * @param limit the cgroup's CPU limit
   */
  public static int go125Default(int cpus, CpuMax limit) {
    if (limit.quota().isEmpty()) {
      return cpus;
    }
    long q = limit.quota().getAsLong();
    long ceil = (q + limit.period() - 1) / limit.period();
    return (int) Math.min(cpus, Math.max(2, ceil));
  }

  /**
   * The value go.uber.org/automaxprocs sets (at commit 1ea14c35): {@code max(1, floor(quota /
   * period))}, not capped at the CPU count; empty without a quota (the runtime default stays).
   */
  public static OptionalInt automaxprocs(CpuMax limit) {
    return limit.quota().isEmpty() ? OptionalInt.empty() : OptionalInt.of(floorAtLeastOne(limit));
  }

  /**
   * gofer's recommendation for {@code Environment=GOMAXPROCS=} where the runtime cannot read the
   * limit itself: {@code max(1, floor(quota / period))}, conservative like automaxprocs (a
   * GOMAXPROCS above the quota means throttling and a higher p99), and never above the CPUs the
   * process may use.
   *
   * @param cpus logical CPUs, or 0 when unknown (then no cap)
   */
  public static int recommended(int cpus, CpuMax limit) {
    if (limit.quota().isEmpty()) {
      return Math.max(1, cpus);
    }
    int v = floorAtLeastOne(limit);
    return cpus > 0 ? Math.min(cpus, v) : v;
  }

  private static int floorAtLeastOne(CpuMax limit) {
    long v = limit.quota().getAsLong() / limit.period();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, v));
  }
}
