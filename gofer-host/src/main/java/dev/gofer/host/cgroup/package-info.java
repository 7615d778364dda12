/**
 * cgroup facts of the current process, read through a {@link dev.gofer.host.HostRoot}:
 * {@code /proc/self/cgroup} ({@link dev.gofer.host.cgroup.CgroupLine}), cgroup mounts from
 * {@code /proc/self/mountinfo} ({@link dev.gofer.host.cgroup.Mount}), the v1/v2/hybrid mode, the
 * process's cgroup directories and its memory and CPU limits up to the mount
 * ({@link dev.gofer.host.cgroup.Cgroups}); and the Go runtime sizing that follows from them
 * ({@link dev.gofer.host.cgroup.Gomaxprocs}, {@link dev.gofer.host.cgroup.Gomemlimit}).
 */
package dev.gofer.host.cgroup;
