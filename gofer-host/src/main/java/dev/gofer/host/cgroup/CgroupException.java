package dev.gofer.host.cgroup;

/**
 * A cgroup fact could not be established: a file is missing, unreadable or malformed, or a path
 * leaves its mount. The message is one line and names the host file, e.g.
 * {@code /sys/fs/cgroup/cpu.max: zero period in "50000 0"}; checks turn it into a skip.
 */
public final class CgroupException extends Exception {
  private static final long serialVersionUID = 1L;

  public CgroupException(String message) {
    super(message);
  }
}
