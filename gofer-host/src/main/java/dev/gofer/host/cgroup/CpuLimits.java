package dev.gofer.host.cgroup;

/**
 * The CPU bandwidth limit of the process's cgroup.
 *
 * @param version which hierarchy it comes from, {@code v2} ({@code cpu.max}) or {@code v1}
 *     ({@code cpu.cfs_quota_us}/{@code cpu.cfs_period_us})
 * @param dir the process's cgroup directory in that hierarchy
 * @param quota the leaf's limit and the tightest (fewest CPUs) up to the mount
 */
public record CpuLimits(String version, CgroupDir dir, Walk<CpuMax> quota) {}
