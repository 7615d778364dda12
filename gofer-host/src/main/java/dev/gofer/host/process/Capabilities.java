package dev.gofer.host.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Linux capability set as a 64-bit mask, bit {@code n} = capability number {@code n}
 * ({@code include/uapi/linux/capability.h}), with the names of capabilities 0 to 40.
 *
 * @param mask the set
 */
public record Capabilities(long mask) {
  private static final List<String> NAMES = List.of(
      "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
      "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
      "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
      "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
      "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
      "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

  /** The highest capability number this table names (CAP_LAST_CAP of current kernels). */
  public static final int LAST_KNOWN = NAMES.size() - 1;

  /** The empty set. */
  public static final Capabilities NONE = new Capabilities(0);

  /**
   * The kernel's name without prefix, {@code SYS_PTRACE} for 19; {@code cap_N} for a number the
   * table does not know.
   */
  public static String name(int cap) {
    return cap >= 0 && cap <= LAST_KNOWN ? NAMES.get(cap) : "cap_" + cap;
  }

  /** The number of a name: {@code SYS_PTRACE}, {@code CAP_SYS_PTRACE}, {@code cap_sys_ptrace} or {@code cap_19}. */
  public static Optional<Integer> number(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    if (n.startsWith("CAP_")) {
      n = n.substring(4);
    }
    if (n.matches("[0-9]{1,2}") && Integer.parseInt(n) < 64) {
      return Optional.of(Integer.parseInt(n));
    }
    int i = NAMES.indexOf(n);
    return i < 0 ? Optional.empty() : Optional.of(i);
  }

  /** Parses a {@code /proc/<pid>/status} mask: 16 hex digits ({@code 00000000a80425fb}). */
  public static Capabilities parseHex(String hex) {
    String h = hex.strip();
    if (!h.matches("[0-9a-fA-F]{1,16}")) {
      throw new IllegalArgumentException("not a capability mask: \"" + h + "\"");
    }
    return new Capabilities(Long.parseUnsignedLong(h, 16));
  }

  /** The set of the named capabilities. */
  public static Capabilities of(int... caps) {
    long m = 0;
    for (int c : caps) {
      m |= 1L << c;
    }
    return new Capabilities(m);
  }

  /** Every capability from 0 to {@code lastCap}: the full bounding set of a kernel. */
  public static Capabilities full(int lastCap) {
    return new Capabilities(lastCap >= 63 ? -1L : (1L << (lastCap + 1)) - 1);
  }

  /** Whether {@code cap} is in the set. */
  public boolean has(int cap) {
    return cap >= 0 && cap < 64 && (mask >>> cap & 1) != 0;
  }

  /** Whether the set is empty. */
  public boolean isEmpty() {
    return mask == 0;
  }

  /** The capability numbers in the set, ascending. */
  public List<Integer> numbers() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      if (has(i)) {
        out.add(i);
      }
    }
    return out;
  }

  /** The names without prefix, ascending by number: {@code [CHOWN, ..., SETFCAP]}. */
  public List<String> names() {
    return numbers().stream().map(Capabilities::name).toList();
  }

  /** The names as systemd and Docker write them: {@code CAP_SYS_PTRACE}; unknown as {@code cap_N}. */
  public List<String> capNames() {
    return numbers().stream().map(n -> n <= LAST_KNOWN ? "CAP_" + name(n) : name(n)).toList();
  }

  /** The mask as {@code /proc/<pid>/status} prints it: 16 lower-case hex digits. */
  public String hex() {
    return String.format("%016x", mask);
  }
}
