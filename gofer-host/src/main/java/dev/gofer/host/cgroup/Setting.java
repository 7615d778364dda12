package dev.gofer.host.cgroup;

/**
 * A limit value and the host file it was read from.
 *
 * @param value the value
 * @param file the host path, e.g. {@code /sys/fs/cgroup/system.slice/memory.max}
 */
public record Setting<T>(T value, String file) {}
