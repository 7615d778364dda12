package dev.gofer.host.doctor;

import dev.gofer.host.inspect.ElfLinking;
import dev.gofer.host.process.ProcStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code process.seccomp}: the seccomp mode and filter count of {@code /proc/self/status}.
 * Mode 0 (disabled) is info; mode 1 (strict) fails, since it allows only read, write, exit and
 * sigreturn and the Go runtime cannot run; mode 2 (filter) is info, "filtered, profile unknown"
 * (gofer cannot read the filter back), with the syscalls the Go runtime needs and the EPERM
 * versus ENOSYS trap in the reasoning.
 *
 * <p>Data: {@code mode} (0, 1, 2), {@code modeName}, {@code filters}, and with {@code --binary}
 * {@code cgo}: whether it is built with cgo or links glibc.
 */
public final class SeccompCheck extends StatusCheck {
  /** The check's id. */
  public static final String ID = "process.seccomp";

  /** Syscalls the Go runtime uses on linux/amd64 ({@code src/runtime/sys_linux_amd64.s}). */
  static final List<String> GO_RUNTIME_SYSCALLS = List.of(
      "read", "write", "openat", "close", "mmap", "munmap", "brk", "rt_sigaction", "rt_sigprocmask",
      "rt_sigreturn", "access", "sched_yield", "mincore", "madvise", "setitimer", "getpid", "socket",
      "connect", "clone", "exit", "kill", "fcntl", "getrlimit", "sigaltstack", "arch_prctl", "gettid",
      "tkill", "futex", "sched_getaffinity", "epoll_create1", "epoll_ctl", "epoll_pwait", "exit_group",
      "pselect6");

  @Override
  public String id() {
    return ID;
  }

  @Override
  Finding judge(Context context, ProcStatus st) {
    OptionalInt mode = st.seccomp();
    if (mode.isEmpty()) {
      return missingField("Seccomp");
    }
    OptionalInt filters = st.seccompFilters();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("mode", (long) mode.getAsInt());
    data.put("modeName", switch (mode.getAsInt()) {
      case 0 -> "disabled";
      case 1 -> "strict";
      default -> "filter";
    });
    filters.ifPresent(f -> data.put("filters", (long) f));
    // cgo or a glibc interpreter: glibc's clone3/faccessat2/close_range probes meet the filter
    Boolean cgo = context.report().map(b -> b.cgoEnabled().orElse(false) || b.linking().libc() == ElfLinking.Libc.GLIBC)
        .orElse(null);
    if (cgo != null) {
      data.put("cgo", cgo);
    }
    String needs = "The Go runtime needs " + String.join(", ", GO_RUNTIME_SYSCALLS)
        + " (src/runtime/sys_linux_amd64.s); os uses pidfd_open/pidfd_send_signal (Go 1.23+) and setrlimit.";
    String trap = " What breaks is EPERM where ENOSYS is expected: libraries fall back on ENOSYS but fail on EPERM "
        + "(glibc 2.34+ clone3 under old Docker: 'pthread_create failed: Operation not permitted' in cgo binaries), "
        + "and a kill action (SIGSYS) on Go's pidfd probe crashes the process (golang/go#69065).";
    return switch (mode.getAsInt()) {
      case 0 -> new Finding(ID, Level.INFO,
          "seccomp disabled (Seccomp: 0)" + (context.profile() == Profile.CONTAINER
              ? ": the container runs unconfined (seccomp=unconfined or --privileged)" : ""),
          "a seccomp filter that allows what Go needs",
          "No syscall filter applies. " + needs, context.profile() == Profile.CONTAINER
              ? "run the container with the runtime's default seccomp profile"
              : "SystemCallFilter=@system-service with SystemCallErrorNumber=EPERM in the unit", data);
      case 1 -> new Finding(ID, Level.FAIL, "seccomp strict mode (Seccomp: 1)", "no strict mode",
          "Strict mode allows only read, write, _exit and sigreturn; a Go program cannot run under it. " + needs,
          "use a filter (mode 2) instead of strict mode", data);
      default -> new Finding(ID, Level.INFO,
          "seccomp filter: filtered, profile unknown (Seccomp: 2, " + filters.stream().mapToObj(f -> f + " filter" + (f == 1 ? "" : "s"))
              .findFirst().orElse("filter count unknown") + ")" + (Boolean.TRUE.equals(cgo) ? "; the binary uses cgo or glibc" : ""),
          "a filter that allows what Go needs and answers ENOSYS, not EPERM, for newer syscalls",
          needs + trap + (Boolean.TRUE.equals(cgo)
              ? " This binary uses cgo or links glibc, so glibc's clone3/faccessat2/close_range probes go through the filter." : ""),
          "check the profile allows the runtime's syscalls (Docker's default does) and that clone3, faccessat2, "
              + "close_range and pidfd_* get ENOSYS rather than EPERM", data);
    };
  }
}
