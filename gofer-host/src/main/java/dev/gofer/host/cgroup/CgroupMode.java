package dev.gofer.host.cgroup;

import java.util.List;

/**
 * Which cgroup hierarchies the process sees, from the file system types in mountinfo (Java has
 * no {@code statfs}, so systemd's magic-number test is not available): any {@code cgroup2} mount
 * means v2 is present, any {@code cgroup} mount means v1 is present, both is hybrid.
 */
public enum CgroupMode {
  /** Only the unified hierarchy ({@code cgroup2}). */
  V2("v2"),
  /** Only legacy v1 hierarchies ({@code cgroup}). */
  V1("v1"),
  /** Both, as systemd's hybrid layout: v1 controllers plus {@code cgroup2} at .../unified. */
  HYBRID("hybrid"),
  /** No cgroup file system is mounted. */
  NONE("none");

  private final String key;

  CgroupMode(String key) {
    this.key = key;
  }

  /** v2, v1, hybrid or none, as in reports. */
  public String key() {
    return key;
  }

  /** The mode the mounts show. */
  public static CgroupMode of(List<Mount> mounts) {
    boolean v1 = mounts.stream().anyMatch(m -> m.fstype().equals("cgroup"));
    boolean v2 = mounts.stream().anyMatch(m -> m.fstype().equals("cgroup2"));
    return v1 && v2 ? HYBRID : v2 ? V2 : v1 ? V1 : NONE;
  }
}
