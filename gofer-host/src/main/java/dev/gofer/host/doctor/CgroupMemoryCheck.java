package dev.gofer.host.doctor;

import dev.gofer.host.cgroup.CgroupException;
import dev.gofer.host.cgroup.Cgroups;
import dev.gofer.host.cgroup.Gomemlimit;
import dev.gofer.host.cgroup.MemoryLimits;
import dev.gofer.host.cgroup.Setting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code cgroup.memory}: the cgroup memory limit against {@code GOMEMLIMIT}. The limit is the
 * smallest {@code memory.max} or {@code memory.high} from the process's cgroup up to the mount (v1:
 * {@code memory.limit_in_bytes} and {@code hierarchical_memory_limit}); the recommendation is
 * automemlimit's 90 % of it, leaving the headroom go.dev/doc/gc-guide asks for.
 *
 * <p>Levels: no limit warns (info in the build profile) and GOMEMLIMIT should stay unset; a limit
 * with GOMEMLIMIT unset or {@code off} warns; GOMEMLIMIT at or above the limit fails (the soft
 * limit can never act before the OOM killer); above the 90 % recommendation warns; a
 * {@code memory.high} below {@code memory.max} warns (throttling comes before the OOM kill);
 * otherwise pass.
 *
 * <p>Data: {@code memoryMax} and {@code memoryHigh} (bytes, or "max"), {@code memoryLimit},
 * {@code limitSetOn} (leaf, parent or none), {@code limitFile}, {@code gomemlimit} (recommended
 * bytes), {@code gomemlimitMiB}, {@code gomemlimitEnv}, {@code cgroupVersion}, {@code cgroup}.
 */
public final class CgroupMemoryCheck implements Check {
  /** The check's id. */
  public static final String ID = "cgroup.memory";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    Optional<MemoryLimits> read;
    try {
      read = Cgroups.read(context.host()).memory(context.host());
    } catch (CgroupException e) {
      return Finding.skip(ID, e.getMessage());
    }
    if (read.isEmpty()) {
      return Finding.skip(ID, "no cgroup memory controller for this process in /proc/self/cgroup and /proc/self/mountinfo");
    }
    MemoryLimits m = read.get();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("memoryMax", value(m.max().effective()));
    data.put("memoryHigh", value(m.high().effective()));
    Optional<String> env = context.getenv("GOMEMLIMIT");
    OptionalLong limit = m.limit();
    boolean highIsLimit = limit.isPresent() && m.high().effective().map(s -> s.value() == limit.getAsLong()).orElse(false)
        && m.max().effective().map(s -> s.value() > limit.getAsLong()).orElse(true);
    var where = highIsLimit ? m.high() : m.max();
    data.put("memoryLimit", limit.isPresent() ? (Object) limit.getAsLong() : "max");
    data.put("limitSetOn", where.where());
    where.effective().ifPresent(s -> data.put("limitFile", s.file()));
    env.ifPresent(e -> data.put("gomemlimitEnv", e));
    data.put("cgroupVersion", m.version());
    data.put("cgroup", m.dir().path());
    String why = "GOMEMLIMIT is a soft limit for the Go runtime; set below the cgroup's hard limit with 10 % headroom "
        + "(automemlimit's 0.9, go.dev/doc/gc-guide) the GC works harder before the OOM killer would act. It excludes "
        + "cgo and OS memory, so it is not a guarantee.";

    if (limit.isEmpty()) {
      Level level = context.profile() == Profile.BUILD ? Level.INFO : Level.WARN;
      return new Finding(ID, level,
          "no memory limit (" + (m.version().equals("v2") ? "memory.max = max" : "memory.limit_in_bytes unlimited") + ") in " + m.dir().path() + env.map(e -> "; GOMEMLIMIT=" + e).orElse(""),
          "a memory limit for the service (MemoryMax=), GOMEMLIMIT at 90 % of it",
          "Without a cgroup memory limit there is nothing to derive GOMEMLIMIT from: leave it unset. A limit keeps one "
              + "service from pushing the host into global OOM.",
          context.profile() == Profile.CONTAINER
              ? "give the container a memory limit (docker run --memory 512m, or resources.limits.memory in the pod spec), then GOMEMLIMIT at 90 % of it"
              : "set MemoryMax= in the unit (e.g. MemoryMax=512M) and then Environment=GOMEMLIMIT=<90 % of it>", data);
    }
    long l = limit.getAsLong();
    long rec = Gomemlimit.recommended(l);
    String recMiB = Gomemlimit.recommendedMiB(l);
    data.put("gomemlimit", rec);
    data.put("gomemlimitMiB", recMiB);
    String limitText = "memory limit " + l + " bytes (" + mib(l) + ") set on the " + where.where()
        + where.effective().map(s -> " (" + s.file() + ")").orElse("");
    String expected = "GOMEMLIMIT <= " + rec + " (" + recMiB + ", 90 % of the limit)";
    String fix = EnvFix.set(context, "GOMEMLIMIT", recMiB);
    boolean throttled = m.high().effective().isPresent() && m.max().effective().isPresent()
        && m.high().effective().get().value() < m.max().effective().get().value();
    String highNote = throttled ? "; memory.high " + m.high().effective().get().value() + " < memory.max "
        + m.max().effective().get().value() + ": throttling comes before the OOM kill" : "";

    if (env.isEmpty() || env.get().strip().equals("off")) {
      return new Finding(ID, Level.WARN, limitText + ", GOMEMLIMIT " + env.map(e -> "=" + e).orElse("unset") + highNote,
          expected, why + " Unset, the GC only paces by GOGC and the service is OOM-killed at the limit.", fix, data);
    }
    OptionalLong set;
    try {
      set = Gomemlimit.parse(env.get());
    } catch (IllegalArgumentException e) {
      return new Finding(ID, Level.WARN, limitText + ", " + e.getMessage() + " (the runtime refuses to start)",
          expected, why, fix, data);
    }
    data.put("gomemlimitEnvBytes", set.getAsLong());
    String observed = limitText + ", GOMEMLIMIT=" + env.get() + " (" + set.getAsLong() + " bytes)" + highNote;
    if (set.getAsLong() >= l) {
      return new Finding(ID, Level.FAIL, observed, expected,
          why + " A GOMEMLIMIT at or above the hard limit never makes the GC act before the OOM killer does.", fix, data);
    }
    if (set.getAsLong() > rec) {
      return new Finding(ID, Level.WARN, observed, expected,
          why + " Above 90 % there is too little headroom for memory the runtime does not count.", fix, data);
    }
    if (throttled) {
      return new Finding(ID, Level.WARN, observed, "memory.high unset or not below memory.max",
          "memory.high throttles and reclaims heavily before memory.max is reached; a Go service slows down "
              + "instead of being killed. Use MemoryMax= as the main limit.",
          "remove MemoryHigh= or set it equal to MemoryMax=", data);
    }
    return new Finding(ID, Level.PASS, observed, expected, why, "", data);
  }

  private static Object value(Optional<Setting<Long>> s) {
    return s.isPresent() ? (Object) s.get().value() : "max";
  }

  private static String mib(long bytes) {
    return bytes % (1L << 20) == 0 ? bytes / (1L << 20) + " MiB" : String.format("%.1f MiB", bytes / 1048576.0);
  }
}
