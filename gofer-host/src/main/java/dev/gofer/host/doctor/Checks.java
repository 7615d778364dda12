package dev.gofer.host.doctor;

import java.util.ArrayList;
import java.util.List;

/** Every doctor check, in report order (the order of issue 5's table). */
public final class Checks {
  private Checks() {}

  /** All checks: kernel, cpu, lsm, cgroup, process, journald, systemd, go, dlv, and the binary's. */
  public static List<Check> all() {
    List<Check> all = new ArrayList<>(List.of(
        new SwappinessCheck(),
        new OvercommitCheck(),
        new FileMaxCheck(),
        new SomaxconnCheck(),
        new PtraceScopeCheck(),
        new KaslrCheck(),
        CpuFlagCheck.smep(),
        CpuFlagCheck.smap(),
        new CpuVulnerabilitiesCheck(),
        new LsmCheck()));
    all.addAll(CgroupChecks.all()); // cgroup branch: cgroup.version, cgroup.memory, cgroup.cpu
    all.addAll(ProcessChecks.all()); // cgroup branch: process.seccomp, process.no-new-privs, process.capabilities
    all.addAll(List.of(
        new JournaldStorageCheck(),
        new SystemdUnitDirCheck(),
        new GoToolchainCheck(),
        new GoEnvCheck(),
        new DlvPtraceCheck(),
        new BinaryLinkingCheck(), // --binary only: static vs dynamic against the host's libc
        new BinaryCapabilitiesCheck())); // --binary only: file capabilities and no_new_privs
    return List.copyOf(all);
  }
}
