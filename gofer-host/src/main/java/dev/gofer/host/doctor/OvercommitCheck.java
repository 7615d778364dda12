package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kernel.overcommit}: {@code vm.overcommit_memory}, and in strict mode 2 the commit limit
 * against what is committed (reference host-checks §1.2). The Go runtime reserves large virtual
 * ranges and relies on overcommit; {@code overcommit_ratio}/{@code overcommit_kbytes} and
 * {@code CommitLimit} only matter in mode 2, where {@code Committed_AS} above {@code CommitLimit}
 * makes allocations fail. INFO for modes 0 and 1; in mode 2 WARN when
 * {@code Committed_AS / CommitLimit > 0.8}, otherwise INFO with both numbers.
 */
final class OvercommitCheck implements Check {
  static final String ID = "kernel.overcommit";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    long mode;
    switch (Probe.integer(host, "/proc/sys/vm/overcommit_memory")) {
      case Probe.Ok<Long>(Long v) -> mode = v;
      case Probe.Bad<Long>(String reason) -> {
        return Finding.skip(ID, reason);
      }
    }
    Optional<Long> ratio = Probe.integer(host, "/proc/sys/vm/overcommit_ratio").get();
    Optional<Long> kbytes = Probe.integer(host, "/proc/sys/vm/overcommit_kbytes").get();
    Map<String, String> meminfo = host.read("/proc/meminfo").text().map(Probe::keyed).orElse(Map.of());
    Optional<Long> limit = Probe.kilobytes(meminfo, "CommitLimit");
    Optional<Long> committed = Probe.kilobytes(meminfo, "Committed_AS");
    String expected = "mode 0 (heuristic) or 1; in mode 2 Committed_AS below 80% of CommitLimit";
    String why = "The Go runtime reserves large virtual address ranges and relies on overcommit; "
        + "in mode 2 (strict accounting) allocations fail once Committed_AS reaches CommitLimit.";
    Finding f = switch ((int) Math.max(-1, Math.min(3, mode))) {
      case 0 -> Finding.of(ID, Level.INFO, "vm.overcommit_memory = 0 (heuristic, the default)", expected, why, "");
      case 1 -> Finding.of(ID, Level.INFO, "vm.overcommit_memory = 1 (always overcommit)", expected, why, "");
      case 2 -> strict(ratio, kbytes, limit, committed, expected, why);
      default -> Finding.skip(ID, "/proc/sys/vm/overcommit_memory: unknown mode " + mode);
    };
    if (f.level() == Level.SKIP) {
      return f;
    }
    return f.with("mode", mode).with("ratio", ratio.orElse(null)).with("kbytes", kbytes.orElse(null))
        .with("commitLimitKb", limit.orElse(null)).with("committedAsKb", committed.orElse(null));
  }

  private static Finding strict(Optional<Long> ratio, Optional<Long> kbytes, Optional<Long> limit,
      Optional<Long> committed, String expected, String why) {
    String base = "vm.overcommit_memory = 2 (strict), "
        + (kbytes.orElse(0L) > 0 ? "overcommit_kbytes = " + kbytes.get() : "overcommit_ratio = " + ratio.map(String::valueOf).orElse("?"));
    if (limit.isEmpty() || committed.isEmpty() || limit.get() <= 0) {
      return Finding.of(ID, Level.INFO, base + ", CommitLimit unknown (/proc/meminfo)", expected, why, "");
    }
    double used = (double) committed.get() / limit.get();
    String observed = base + ", Committed_AS %d kB of CommitLimit %d kB (%.0f%%)"
        .formatted(committed.get(), limit.get(), used * 100);
    if (used > 0.8) {
      return Finding.of(ID, Level.WARN, observed, expected, why,
          "raise vm.overcommit_ratio (or overcommit_kbytes) or add swap, or use mode 0: "
              + "sysctl -w vm.overcommit_memory=0");
    }
    return Finding.of(ID, Level.INFO, observed, expected, why, "");
  }
}
