package dev.gofer.host.cgroup;

import dev.gofer.host.HostRoot;
import java.util.BitSet;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The logical CPUs a process may run on, as Go counts them (from {@code sched_getaffinity}):
 * {@code Cpus_allowed_list} of {@code /proc/self/status} when present, else
 * {@code /sys/devices/system/cpu/online}, else the {@code processor} lines of
 * {@code /proc/cpuinfo}.
 *
 * @param count the number of CPUs, at least 1
 * @param source the host file (and field) it came from
 */
public record CpuCount(int count, String source) {
  /** Reads the count through the host root; empty when no source is readable and well formed. */
  public static Optional<CpuCount> read(HostRoot host) {
    Optional<String> status = host.read("/proc/self/status").text();
    if (status.isPresent()) {
      for (String line : status.get().split("\n")) {
        if (line.startsWith("Cpus_allowed_list:")) {
          OptionalInt n = countList(line.substring(line.indexOf(':') + 1));
          if (n.isPresent()) {
            return Optional.of(new CpuCount(n.getAsInt(), "/proc/self/status Cpus_allowed_list"));
          }
        }
      }
    }
    Optional<String> online = host.read("/sys/devices/system/cpu/online").firstLine();
    if (online.isPresent()) {
      OptionalInt n = countList(online.get());
      if (n.isPresent()) {
        return Optional.of(new CpuCount(n.getAsInt(), "/sys/devices/system/cpu/online"));
      }
    }
    Optional<String> cpuinfo = host.read("/proc/cpuinfo").text();
    if (cpuinfo.isPresent()) {
      long n = cpuinfo.get().lines().filter(l -> l.matches("processor\\s*:.*")).count();
      if (n > 0) {
        return Optional.of(new CpuCount((int) n, "/proc/cpuinfo"));
      }
    }
    return Optional.empty();
  }

  /**
   * Counts a kernel CPU list such as {@code 0-3,8} (five CPUs); empty if it is malformed or
   * empty.
   */
  public static OptionalInt countList(String list) {
    String s = list.strip();
    if (s.isEmpty()) {
      return OptionalInt.empty();
    }
    BitSet cpus = new BitSet();
    for (String part : s.split(",")) {
      String[] r = part.strip().split("-", -1);
      if (r.length > 2 || !r[0].matches("[0-9]{1,5}") || (r.length == 2 && !r[1].matches("[0-9]{1,5}"))) {
        return OptionalInt.empty();
      }
      int lo = Integer.parseInt(r[0]);
      int hi = r.length == 2 ? Integer.parseInt(r[1]) : lo;
      if (hi < lo) {
        return OptionalInt.empty();
      }
      cpus.set(lo, hi + 1);
    }
    return OptionalInt.of(cpus.cardinality());
  }
}
