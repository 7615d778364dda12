package dev.gofer.host.doctor;

import java.util.Locale;
import java.util.Optional;

/** What kind of place is being checked; some checks apply or weigh differently per profile. */
public enum Profile {
  /** A machine (or VM) that runs Go services under systemd. */
  HOST,
  /** Inside a container: only namespaced sysctls are settable; host values show read-only. */
  CONTAINER,
  /** A build or development machine: debugging (ptrace, delve) matters, service limits less. */
  BUILD;

  /** host, container or build. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The profile named on the command line. */
  public static Optional<Profile> parse(String s) {
    for (Profile p : values()) {
      if (p.key().equals(s)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
