package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;

/**
 * {@code kernel.ptrace-scope}: Yama's {@code kernel.yama.ptrace_scope} and what it means for
 * delve (reference host-checks §2.4). 0 classic, 1 only descendants (Ubuntu's default; {@code dlv
 * exec/debug/test} still work, {@code dlv attach} needs CAP_SYS_PTRACE), 2 admin only, 3 no ptrace
 * at all until reboot. INFO with the consequence; WARN at 3 in the build profile, where debugging
 * matters. Never FAIL. A missing file with securityfs showing no yama means Yama is not built in
 * (INFO, classic ptrace rules).
 */
final class PtraceScopeCheck implements Check {
  static final String ID = "kernel.ptrace-scope";
  static final String PATH = "/proc/sys/kernel/yama/ptrace_scope";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    String why = "delve debugs through ptrace: dlv exec/debug/test start the target as a child and "
        + "work up to scope 1; dlv attach needs scope 0 or CAP_SYS_PTRACE; scope 3 cannot be "
        + "lowered until reboot.";
    String expected = context.profile() == Profile.BUILD ? "0 or 1 on a build machine" : "any; 1 is a common default";
    long scope;
    switch (Probe.integer(host, PATH)) {
      case Probe.Ok<Long>(Long v) -> scope = v;
      case Probe.Bad<Long>(String reason) -> {
        boolean noYama = host.read("/sys/kernel/security/lsm").text()
            .map(l -> !l.contains("yama")).orElse(false);
        if (noYama && !host.exists(PATH)) {
          return Finding.of(ID, Level.INFO, "Yama not active: classic ptrace permissions (same uid)",
              expected, why, "").with("ptraceScope", null);
        }
        return Finding.skip(ID, reason);
      }
    }
    String meaning = switch ((int) Math.max(-1, Math.min(4, scope))) {
      case 0 -> "classic: any same-uid process may be attached";
      case 1 -> "restricted: attach only to descendants; dlv attach needs CAP_SYS_PTRACE";
      case 2 -> "admin-only: every ptrace needs CAP_SYS_PTRACE, also dlv exec/debug/test";
      case 3 -> "no attach: ptrace impossible until reboot";
      default -> null;
    };
    if (meaning == null) {
      return Finding.skip(ID, PATH + ": unknown value " + scope);
    }
    String observed = "kernel.yama.ptrace_scope = " + scope + " (" + meaning + ")";
    Level level = Level.INFO;
    String fix = "";
    if (context.profile() == Profile.BUILD && scope == 3) {
      level = Level.WARN;
      fix = "remove kernel.yama.ptrace_scope = 3 from /etc/sysctl.d and reboot (3 cannot be lowered at runtime)";
    } else if (context.profile() == Profile.BUILD && scope == 2) {
      fix = "gofer sysctl --profile build --write (sets kernel.yama.ptrace_scope = 1)";
    }
    return new Finding(ID, level, observed, expected, why, fix, null).with("ptraceScope", scope);
  }
}
