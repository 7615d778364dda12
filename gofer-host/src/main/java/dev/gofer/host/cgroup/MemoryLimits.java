package dev.gofer.host.cgroup;

import java.util.OptionalLong;

/**
 * The memory limits of the process's cgroup, each the tightest from the leaf up to the mount.
 *
 * @param version which hierarchy they come from, {@code v2} or {@code v1}
 * @param dir the process's cgroup directory in that hierarchy
 * @param max the hard limit: v2 {@code memory.max}; v1 {@code memory.limit_in_bytes} and
 *     {@code memory.stat hierarchical_memory_limit}
 * @param high the v2 throttle limit {@code memory.high}; none on v1
 */
public record MemoryLimits(String version, CgroupDir dir, Walk<Long> max, Walk<Long> high) {
  /**
   * The limit a Go service must live within: the smaller of the effective {@code memory.max} and
   * {@code memory.high} (the reference's design; automemlimit itself ignores {@code memory.high}).
   */
  public OptionalLong limit() {
    long m = max.effective().map(Setting::value).orElse(Long.MAX_VALUE);
    long h = high.effective().map(Setting::value).orElse(Long.MAX_VALUE);
    long l = Math.min(m, h);
    return l == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(l);
  }
}
