package dev.gofer.host.doctor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A decoded {@code security.capability} extended attribute (reference host-checks §7.1, libcap's
 * {@code _fcaps_load}): little-endian 32-bit words {@code magic_etc}, then permitted/inheritable
 * pairs (one pair in revision 1, two in 2 and 3), then {@code rootid} in revision 3. The size
 * must match the revision exactly (12, 20 or 24 bytes).
 *
 * @param revision 1, 2 or 3
 * @param effective the effective flag ({@code magic_etc & 1}): a single bit, not a set
 * @param permitted the permitted capabilities, bit n = capability n
 * @param inheritable the inheritable capabilities
 * @param rootid the owning user namespace's root uid (revision 3), else empty
 */
record FileCapabilities(int revision, boolean effective, long permitted, long inheritable, Optional<Long> rootid) {
  /** Capability 19. */
  static final int SYS_PTRACE = 19;

  private static final String[] NAMES = {
    "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
    "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
    "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
    "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
    "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
    "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
  };

  /**
   * Decodes the raw attribute.
   *
   * @throws IllegalArgumentException for an unknown revision or a size that does not match it
   */
  static FileCapabilities parse(byte[] raw) {
    if (raw.length < 4) {
      throw new IllegalArgumentException("security.capability: " + raw.length + " bytes, too short");
    }
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    int magic = b.getInt();
    int revision = (magic >>> 24) & 0xff;
    int want = switch (revision) {
      case 1 -> 12;
      case 2 -> 20;
      case 3 -> 24;
      default -> throw new IllegalArgumentException("security.capability: unknown revision " + revision);
    };
    if (raw.length != want) {
      throw new IllegalArgumentException(
          "security.capability: revision %d needs %d bytes, got %d".formatted(revision, want, raw.length));
    }
    long p0 = b.getInt() & 0xffffffffL;
    long i0 = b.getInt() & 0xffffffffL;
    long p1 = 0;
    long i1 = 0;
    if (revision >= 2) {
      p1 = b.getInt() & 0xffffffffL;
      i1 = b.getInt() & 0xffffffffL;
    }
    Optional<Long> rootid = revision == 3 ? Optional.of(b.getInt() & 0xffffffffL) : Optional.empty();
    return new FileCapabilities(revision, (magic & 1) != 0, p0 | (p1 << 32), i0 | (i1 << 32), rootid);
  }

  /**
   * Decodes {@code getfattr -e hex} output ({@code security.capability=0x0100...}) or a bare hex
   * string, ignoring whitespace and {@code #} comment lines.
   */
  static FileCapabilities parseHex(String text) {
    StringBuilder hex = new StringBuilder();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      hex.append(eq >= 0 ? l.substring(eq + 1) : l);
    }
    String h = hex.toString().replaceAll("\\s+", "");
    if (h.startsWith("0x")) {
      h = h.substring(2);
    }
    if (h.length() % 2 != 0 || !h.matches("[0-9a-fA-F]*")) {
      throw new IllegalArgumentException("security.capability: not hex: " + Probe.excerpt(h));
    }
    return parse(java.util.HexFormat.of().parseHex(h));
  }

  /** Whether capability {@code cap} is in the permitted set. */
  boolean permits(int cap) {
    return (permitted >>> cap & 1) != 0;
  }

  /** The names (without {@code CAP_}) of the set bits, in number order. */
  static List<String> names(long mask) {
    List<String> names = new ArrayList<>();
    for (int cap = 0; cap < 64; cap++) {
      if ((mask >>> cap & 1) != 0) {
        names.add(cap < NAMES.length ? NAMES[cap] : "CAP_" + cap);
      }
    }
    return names;
  }

  /** In getcap's compact form: {@code cap_sys_ptrace=ep}, {@code cap_net_raw=eip}. */
  String text() {
    long all = permitted | inheritable;
    if (all == 0) {
      return "=";
    }
    String caps = String.join(",", names(all).stream().map(n -> "cap_" + n.toLowerCase(java.util.Locale.ROOT)).toList());
    String flags = (effective ? "e" : "") + (inheritable != 0 ? "i" : "") + (permitted != 0 ? "p" : "");
    return caps + "=" + flags + rootid.map(r -> " [rootid=" + r + "]").orElse("");
  }
}
