package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import dev.gofer.host.Readout;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code cpu.smep} and {@code cpu.smap}: x86 supervisor mode execution and access prevention
 * (reference host-checks §5.1). The {@code flags} line of {@code /proc/cpuinfo} lists them when
 * the CPU has them and the kernel did not clear them; {@code nosmep}/{@code nosmap} on the boot
 * command line clear them. PASS when listed; FAIL when the command line disables it
 * (kernel-hardening-checker's verdict); WARN when the CPU or kernel lacks it; skip (N/A) on
 * other architectures, whose analogues (PAN/PXN on arm64) are not covered.
 */
final class CpuFlagCheck implements Check {
  private final String flag;

  private CpuFlagCheck(String flag) {
    this.flag = flag;
  }

  static CpuFlagCheck smep() {
    return new CpuFlagCheck("smep");
  }

  static CpuFlagCheck smap() {
    return new CpuFlagCheck("smap");
  }

  @Override
  public String id() {
    return "cpu." + flag;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    String id = id();
    Optional<String> arch = Probe.arch(host);
    if (arch.isPresent() && !arch.get().matches("x86_64|i[3-6]86|x86")) {
      return Finding.skip(id, "N/A on " + arch.get() + " (" + flag.toUpperCase(Locale.ROOT) + " is x86 only)");
    }
    Readout r = host.read("/proc/cpuinfo");
    if (!(r instanceof Readout.Text t)) {
      return Finding.skip(id, r.problem());
    }
    String flags = Probe.keyed(t.content()).get("flags");
    if (flags == null) {
      return Finding.skip(id, "/proc/cpuinfo: no flags line (not x86?)");
    }
    List<String> set = Arrays.asList(flags.split("\\s+"));
    boolean present = set.contains(flag);
    boolean disabled = Probe.cmdline(host).get().map(c -> c.contains("no" + flag)).orElse(false);
    String name = flag.toUpperCase(Locale.ROOT);
    String why = name + (flag.equals("smep")
        ? " stops the kernel from executing user-space memory"
        : " stops the kernel from reading or writing user-space memory unless it means to")
        + ", which blunts kernel exploits launched from a compromised service.";
    String expected = flag + " in the cpuinfo flags, no no" + flag + " on the command line";
    Finding f;
    if (disabled) {
      f = Finding.of(id, Level.FAIL, "no" + flag + " on the kernel command line", expected, why,
          "remove no" + flag + " from the kernel command line and reboot");
    } else if (present) {
      f = Finding.of(id, Level.PASS, flag + " in the cpuinfo flags", expected, why, "");
    } else {
      f = Finding.of(id, Level.WARN, flag + " missing from the cpuinfo flags (CPU or hypervisor lacks it)",
          expected, why, "use a CPU (or VM CPU model) that exposes " + name);
    }
    return f.with("present", present).with("disabledOnCmdline", disabled);
  }
}
