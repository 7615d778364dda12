package dev.gofer.host.doctor;

import java.util.List;

/**
 * The process checks, in report order: {@code process.seccomp}, {@code process.no-new-privs},
 * {@code process.capabilities}.
 */
public final class ProcessChecks {
  private ProcessChecks() {}

  /** New instances of the process checks, in report order. */
  public static List<Check> all() {
    return List.of(new SeccompCheck(), new NoNewPrivsCheck(), new CapabilitiesCheck());
  }
}
