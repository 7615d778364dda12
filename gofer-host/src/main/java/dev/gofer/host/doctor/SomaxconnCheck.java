package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;

/**
 * {@code kernel.somaxconn}: {@code net.core.somaxconn}, the listen backlog every Go listener uses
 * (reference host-checks §2.2). Go reads the file once per process; when the read fails (for
 * example under systemd's {@code ProcSubset=pid}, which hides {@code /proc/sys}) it falls back to
 * {@code syscall.SOMAXCONN}, 128 on linux/amd64. The value is per network namespace: a container
 * starts at the kernel default, not at the host's tuned value, and a host-side read shows the
 * host's namespace. WARN below 1024; WARN when the file is hidden while {@code /proc} itself is
 * mounted (that is the ProcSubset=pid trap); PASS otherwise.
 */
final class SomaxconnCheck implements Check {
  static final String ID = "kernel.somaxconn";
  static final String PATH = "/proc/sys/net/core/somaxconn";
  static final long WANT = 1024;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    String ns = context.profile() == Profile.CONTAINER
        ? " in this container's network namespace" : " in this network namespace";
    String why = "Go reads net.core.somaxconn once per process and uses it as the backlog of every "
        + "listener; if the read fails (systemd ProcSubset=pid hides /proc/sys) every listener "
        + "silently gets 128. The value is per network namespace: a container starts at the kernel "
        + "default, not the host's value.";
    String expected = "net.core.somaxconn >= " + WANT + " (4096 is the default since Linux 5.4); "
        + "no ProcSubset=pid in the service's unit";
    long value;
    switch (Probe.integer(host, PATH)) {
      case Probe.Ok<Long>(Long v) -> value = v;
      case Probe.Bad<Long>(String reason) -> {
        if (!host.exists(PATH) && host.exists("/proc/self/status")) {
          return new Finding(ID, Level.WARN, PATH + " is hidden while /proc is mounted: Go listeners "
              + "fall back to a backlog of 128", expected, why,
              "remove ProcSubset=pid from the service's unit (use ProtectProc=invisible)", null)
              .with("somaxconn", null).with("goBacklog", 128L);
        }
        return Finding.skip(ID, reason);
      }
    }
    String observed = "net.core.somaxconn = " + value + ns;
    if (value < WANT) {
      String fix = context.profile() == Profile.CONTAINER
          ? "run the container with --sysctl net.core.somaxconn=4096 (namespaced, settable per container)"
          : "gofer sysctl --write (sets net.core.somaxconn = 4096), then restart the Go services";
      return new Finding(ID, Level.WARN, observed, expected, why, fix, null)
          .with("somaxconn", value).with("namespaced", true);
    }
    return new Finding(ID, Level.PASS, observed, expected, why,
        "", null).with("somaxconn", value).with("namespaced", true);
  }
}
