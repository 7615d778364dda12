package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import dev.gofer.host.Readout;
import java.util.Optional;

/**
 * {@code kernel.swappiness}: {@code vm.swappiness} and whether swap is active (reference
 * host-checks §1.1). Go's garbage collector touches the whole heap, so heap pages that were
 * swapped out turn into pause and latency spikes. WARN when the value is above the default 60
 * and {@code /proc/swaps} lists a swap area; INFO otherwise, and INFO with a note at 0. The value
 * is the host's: it is not namespaced, so a container sees it read-only.
 */
final class SwappinessCheck implements Check {
  static final String ID = "kernel.swappiness";
  private static final String PATH = "/proc/sys/vm/swappiness";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    long value;
    switch (Probe.integer(host, PATH)) {
      case Probe.Ok<Long>(Long v) -> value = v;
      case Probe.Bad<Long>(String reason) -> {
        return Finding.skip(ID, reason);
      }
    }
    Optional<Boolean> swap = swapActive(host);
    String swapText = swap.map(s -> s ? "swap active" : "no swap").orElse("swap unknown");
    String observed = "vm.swappiness = " + value + ", " + swapText;
    String why = "Go's garbage collector walks the whole heap; heap pages that were swapped out "
        + "make GC cycles and request latency spike.";
    Finding f;
    if (value > 60 && swap.orElse(false)) {
      f = new Finding(ID, Level.WARN, observed, "vm.swappiness <= 60 while swap is active", why,
          "gofer sysctl --write (sets vm.swappiness = 10), then sysctl --system",
          null);
    } else if (value == 0) {
      f = new Finding(ID, Level.INFO, observed + " (swap only under severe pressure)",
          "vm.swappiness <= 60 while swap is active", why
              + " At 0 the kernel swaps only when free and file pages fall below the high watermark.",
          "", null);
    } else {
      f = new Finding(ID, Level.INFO, observed, "vm.swappiness <= 60 while swap is active", why, "", null);
    }
    f = f.with("swappiness", value);
    return f.with("swapActive", swap.orElse(null));
  }

  /** Whether {@code /proc/swaps} lists a swap area below its header line; empty if unreadable. */
  static Optional<Boolean> swapActive(HostRoot host) {
    Readout r = host.read("/proc/swaps");
    return r.text().map(t -> t.lines().skip(1).anyMatch(l -> l.startsWith("/")));
  }
}
