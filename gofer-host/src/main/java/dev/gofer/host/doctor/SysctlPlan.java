package dev.gofer.host.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sysctl settings this host needs for Go services, derived from the checks' findings, and
 * the {@code /etc/sysctl.d/90-gofer-go.conf} that sets them with a comment giving each reason:
 *
 * <ul>
 *   <li>{@code net.core.somaxconn = 4096} when {@code kernel.somaxconn} found it below 1024;
 *   <li>{@code vm.swappiness = 10} when {@code kernel.swappiness} warned (above 60, swap active);
 *   <li>{@code kernel.yama.ptrace_scope = 1} in the build profile when the scope is 2 (at 3 it
 *       cannot be lowered until reboot, so nothing is written);
 *   <li>{@code fs.file-max} never on systemd hosts (systemd sets LONG_MAX at boot, §2.1); on
 *       others {@code 1048576} only when handles allocated pass 90% of it.
 * </ul>
 *
 * @param settings the settings, in file order; empty when the host needs none
 */
public record SysctlPlan(List<Setting> settings) {
  /** Where the file goes on the host. */
  public static final String PATH = "/etc/sysctl.d/90-gofer-go.conf";

  /** One {@code key = value} line and its reason. */
  public record Setting(String key, String value, String reason) {
    public Setting {
      Objects.requireNonNull(key);
      Objects.requireNonNull(value);
      Objects.requireNonNull(reason);
    }
  }

  public SysctlPlan {
    settings = List.copyOf(settings);
  }

  /** The settings the host of {@code context} needs. */
  public static SysctlPlan of(Context context) {
    List<Setting> s = new ArrayList<>();
    Finding somaxconn = new SomaxconnCheck().run(context);
    if (somaxconn.level() == Level.WARN && somaxconn.data().get("somaxconn") instanceof Long v) {
      s.add(new Setting("net.core.somaxconn", "4096",
          "net.core.somaxconn is " + v + "; Go uses it as every listener's backlog (read once at start)"));
    }
    Finding swap = new SwappinessCheck().run(context);
    if (swap.level() == Level.WARN && swap.data().get("swappiness") instanceof Long v) {
      s.add(new Setting("vm.swappiness", "10",
          "vm.swappiness is " + v + " with swap active; swapped-out heap pages stall Go's garbage collector"));
    }
    if (context.profile() == Profile.BUILD) {
      Finding ptrace = new PtraceScopeCheck().run(context);
      if (ptrace.data().get("ptraceScope") instanceof Long v && v == 2) {
        s.add(new Setting("kernel.yama.ptrace_scope", "1",
            "ptrace_scope 2 stops even dlv exec/debug/test without CAP_SYS_PTRACE; 1 lets delve trace its children"));
      }
    }
    Finding files = new FileMaxCheck().run(context);
    if (files.data().get("systemd") instanceof Boolean systemd && !systemd
        && files.data().get("fileMax") instanceof Long max
        && files.data().get("fileNrAllocated") instanceof Long allocated && allocated > max * 0.9) {
      s.add(new Setting("fs.file-max", "1048576",
          allocated + " of " + max + " file handles are allocated (no systemd raises fs.file-max here)"));
    }
    return new SysctlPlan(s);
  }

  /** Whether the host needs no setting. */
  public boolean isEmpty() {
    return settings.isEmpty();
  }

  /** The file: a header, then for each setting a {@code # } reason line and a {@code key = value} line. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(PATH).append(": kernel settings for Go services, written by gofer sysctl.\n");
    b.append("# Apply with: sysctl -p ").append(PATH).append("  (or sysctl --system)\n");
    for (Setting s : settings) {
      b.append('\n').append("# ").append(s.reason()).append('\n');
      b.append(s.key()).append(" = ").append(s.value()).append('\n');
    }
    return b.toString();
  }
}
