package dev.gofer.host.cgroup;

import dev.gofer.host.HostRoot;
import dev.gofer.host.Readout;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The cgroup facts of the current process, read through a {@link HostRoot}: its
 * {@code /proc/self/cgroup} lines and the cgroup mounts of {@code /proc/self/mountinfo}, from
 * which the mode, the process's cgroup directories and the limits follow.
 *
 * <p>Where both hierarchies exist (hybrid), a controller is read from v2 when the unified
 * directory has its files, else from v1: automemlimit's preference for v2. The Go runtime
 * differs: a v1 hierarchy with the {@code cpu} controller takes precedence over v2.
 *
 * @param lines the lines of {@code /proc/self/cgroup}
 * @param mounts the {@code cgroup} and {@code cgroup2} mounts, in mountinfo order
 */
public record Cgroups(List<CgroupLine> lines, List<Mount> mounts) {
  /** The standard mount point of the unified hierarchy, preferred when there are several. */
  static final String V2_MOUNT = "/sys/fs/cgroup";

  /**
   * v1 memory limits at or above this count as no limit: {@code LONG_MAX} rounded down to a
   * page, for pages of up to 64 KiB (9223372036854771712 with 4 KiB pages).
   */
  public static final long V1_UNLIMITED = Long.MAX_VALUE & ~0xFFFFL;

  public Cgroups {
    lines = List.copyOf(lines);
    mounts = mounts.stream().filter(m -> m.fstype().equals("cgroup") || m.fstype().equals("cgroup2")).toList();
  }

  /**
   * Reads {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}.
   *
   * @throws CgroupException if either cannot be read
   */
  public static Cgroups read(HostRoot host) throws CgroupException {
    String cg = text(host.read("/proc/self/cgroup"));
    String mi = text(host.read("/proc/self/mountinfo"));
    return new Cgroups(CgroupLine.parse(cg), Mount.parse(mi));
  }

  /** v1, v2, hybrid or none, from the mounts. */
  public CgroupMode mode() {
    return CgroupMode.of(mounts);
  }

  /**
   * The process's directory in the unified hierarchy: the {@code 0::} line resolved against a
   * {@code cgroup2} mount ({@code /sys/fs/cgroup} first). Empty when there is no such line or
   * mount.
   *
   * @throws CgroupException if the path lies outside every cgroup2 mount's root
   */
  public Optional<CgroupDir> unifiedDir() throws CgroupException {
    Optional<CgroupLine> line = lines.stream().filter(CgroupLine::unified).findFirst();
    List<Mount> v2 = mounts.stream().filter(m -> m.fstype().equals("cgroup2"))
        .sorted(Comparator.comparing((Mount m) -> !m.mountPoint().equals(V2_MOUNT))).toList();
    if (line.isEmpty() || v2.isEmpty()) {
      return Optional.empty();
    }
    return resolve(v2, line.get().path());
  }

  /**
   * The process's directory in the v1 hierarchy of {@code controller} ({@code cpu},
   * {@code memory}). Empty when there is no such line or mount.
   *
   * @throws CgroupException if the path lies outside the mount's root (a {@code ..} escape)
   */
  public Optional<CgroupDir> v1Dir(String controller) throws CgroupException {
    Optional<CgroupLine> line = lines.stream().filter(l -> l.has(controller)).findFirst();
    List<Mount> v1 = mounts.stream()
        .filter(m -> m.fstype().equals("cgroup") && m.superOptionList().contains(controller)).toList();
    if (line.isEmpty() || v1.isEmpty()) {
      return Optional.empty();
    }
    return resolve(v1, line.get().path());
  }

  private static Optional<CgroupDir> resolve(List<Mount> candidates, String path) throws CgroupException {
    for (Mount m : candidates) {
      Optional<CgroupDir> d = CgroupDir.resolve(m, path);
      if (d.isPresent()) {
        return d;
      }
    }
    Mount m = candidates.getFirst();
    throw new CgroupException("/proc/self/cgroup: cgroup path " + path + " lies outside the root "
        + m.root() + " of the cgroup mount at " + m.mountPoint());
  }

  /**
   * The memory limits, from v2 where the unified directory has {@code memory.max}, else from the
   * v1 {@code memory} hierarchy. Empty when neither exists.
   *
   * @throws CgroupException if a limit file is unreadable or malformed, or a path escapes its mount
   */
  public Optional<MemoryLimits> memory(HostRoot host) throws CgroupException {
    Optional<CgroupDir> v2 = unifiedDir();
    if (v2.isPresent() && (mode() == CgroupMode.V2 || host.exists(v2.get().file("memory.max")))) {
      CgroupDir d = v2.get();
      return Optional.of(new MemoryLimits("v2", d, walk(host, d, "memory.max", Cgroups::bytesV2),
          walk(host, d, "memory.high", Cgroups::bytesV2)));
    }
    Optional<CgroupDir> v1 = v1Dir("memory");
    if (v1.isEmpty()) {
      return Optional.empty();
    }
    CgroupDir d = v1.get();
    Walk<Long> max = walk(host, d, "memory.limit_in_bytes", Cgroups::bytesV1);
    Optional<Setting<Long>> hier = hierarchicalLimit(host, d);
    if (hier.isPresent()
        && (max.effective().isEmpty() || hier.get().value() < max.effective().get().value())) {
      max = new Walk<>(max.leaf(), hier);
    }
    return Optional.of(new MemoryLimits("v1", d, max, Walk.none()));
  }

  /**
   * The CPU bandwidth limit, from v2 where the unified directory has {@code cpu.max}, else from
   * the v1 {@code cpu} hierarchy. Empty when neither exists.
   *
   * @throws CgroupException if a limit file is unreadable or malformed, or a path escapes its mount
   */
  public Optional<CpuLimits> cpu(HostRoot host) throws CgroupException {
    Optional<CgroupDir> v2 = unifiedDir();
    if (v2.isPresent() && (mode() == CgroupMode.V2 || host.exists(v2.get().file("cpu.max")))) {
      CgroupDir d = v2.get();
      return Optional.of(new CpuLimits("v2", d, walkCpu(host, d, true)));
    }
    Optional<CgroupDir> v1 = v1Dir("cpu");
    if (v1.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CpuLimits("v1", v1.get(), walkCpu(host, v1.get(), false)));
  }

  /** Parses a value of a limit file; empty for "no limit". */
  private interface Parser<T> {
    Optional<T> parse(String content);
  }

  private static <T extends Comparable<T>> Walk<T> walk(HostRoot host, CgroupDir leaf, String name,
      Parser<T> parser) throws CgroupException {
    Optional<Setting<T>> atLeaf = Optional.empty();
    Optional<Setting<T>> best = Optional.empty();
    for (CgroupDir d : leaf.upToMount()) {
      String file = d.file(name);
      Readout r = host.read(file);
      if (r instanceof Readout.Missing) {
        continue; // the root cgroup has no limit files
      }
      Optional<T> v;
      try {
        v = parser.parse(text(r).strip());
      } catch (IllegalArgumentException e) {
        throw new CgroupException(file + ": " + e.getMessage());
      }
      if (v.isEmpty()) {
        continue;
      }
      Setting<T> s = new Setting<>(v.get(), file);
      if (d.equals(leaf)) {
        atLeaf = Optional.of(s);
      }
      if (best.isEmpty() || v.get().compareTo(best.get().value()) < 0) {
        best = Optional.of(s);
      }
    }
    return new Walk<>(atLeaf, best);
  }

  private static Walk<CpuMax> walkCpu(HostRoot host, CgroupDir leaf, boolean v2) throws CgroupException {
    Optional<Setting<CpuMax>> atLeaf = Optional.empty();
    Optional<Setting<CpuMax>> best = Optional.empty();
    for (CgroupDir d : leaf.upToMount()) {
      String file = d.file(v2 ? "cpu.max" : "cpu.cfs_quota_us");
      Readout r = host.read(file);
      if (r instanceof Readout.Missing) {
        continue;
      }
      CpuMax c;
      try {
        if (v2) {
          c = CpuMax.parseV2(text(r));
        } else {
          Readout p = host.read(d.file("cpu.cfs_period_us"));
          c = CpuMax.parseV1(text(r), p instanceof Readout.Missing ? "100000" : text(p));
        }
      } catch (IllegalArgumentException e) {
        throw new CgroupException(file + ": " + e.getMessage());
      }
      if (!c.limited()) {
        continue;
      }
      Setting<CpuMax> s = new Setting<>(c, file);
      if (d.equals(leaf)) {
        atLeaf = Optional.of(s);
      }
      if (best.isEmpty() || c.cpus() < best.get().value().cpus()) {
        best = Optional.of(s);
      }
    }
    return new Walk<>(atLeaf, best);
  }

  private static Optional<Setting<Long>> hierarchicalLimit(HostRoot host, CgroupDir leaf) throws CgroupException {
    String file = leaf.file("memory.stat");
    Readout r = host.read(file);
    if (r instanceof Readout.Missing) {
      return Optional.empty();
    }
    for (String line : text(r).split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length == 2 && f[0].equals("hierarchical_memory_limit")) {
        try {
          return bytesV1(f[1]).map(v -> new Setting<>(v, file));
        } catch (IllegalArgumentException e) {
          throw new CgroupException(file + ": hierarchical_memory_limit " + e.getMessage());
        }
      }
    }
    return Optional.empty();
  }

  /** A v2 {@code memory.max}/{@code memory.high} value: bytes, or {@code max} for no limit. */
  static Optional<Long> bytesV2(String s) {
    if (s.equals("max")) {
      return Optional.empty();
    }
    return Optional.of(bytes(s));
  }

  /** A v1 {@code memory.limit_in_bytes}: bytes; {@link #V1_UNLIMITED} and above are no limit. */
  static Optional<Long> bytesV1(String s) {
    if (s.matches("[0-9]{19,20}")) {
      try {
        long v = Long.parseUnsignedLong(s);
        return v < 0 || v >= V1_UNLIMITED ? Optional.empty() : Optional.of(v);
      } catch (NumberFormatException e) {
        return Optional.empty(); // above 2^64: certainly no limit
      }
    }
    long v = bytes(s);
    return v >= V1_UNLIMITED ? Optional.empty() : Optional.of(v);
  }

  private static long bytes(String s) {
    if (!s.matches("[0-9]{1,19}")) {
      throw new IllegalArgumentException("not a byte count: \"" + s + "\"");
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("byte count out of range: \"" + s + "\"");
    }
  }

  private static String text(Readout r) throws CgroupException {
    return switch (r) {
      case Readout.Text t -> t.content();
      case Readout.Missing m -> throw new CgroupException(m.problem());
      case Readout.Unreadable u -> throw new CgroupException(u.problem());
    };
  }
}
