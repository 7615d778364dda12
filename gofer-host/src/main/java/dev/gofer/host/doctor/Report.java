package dev.gofer.host.doctor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a doctor run found.
 *
 * @param host facts about the host ({@code "host"} in JSON): os, distro, kernel, arch, cgroup
 *     mode, profile, sysroot
 * @param findings one per check, in report order
 */
public record Report(Map<String, Object> host, List<Finding> findings) {
  public Report {
    host = Collections.unmodifiableMap(new LinkedHashMap<>(host));
    findings = List.copyOf(findings);
  }

  /** Whether any finding failed: the exit code is 1 then. */
  public boolean failed() {
    return findings.stream().anyMatch(f -> f.level() == Level.FAIL);
  }

  /**
   * Whether any finding is at or above {@code threshold}: {@link Level#FAIL} counts fails only,
   * {@link Level#WARN} counts warnings and fails.
   *
   * @throws IllegalArgumentException for a threshold other than WARN or FAIL
   */
  public boolean reaches(Level threshold) {
    return switch (threshold) {
      case FAIL -> failed();
      case WARN -> findings.stream().anyMatch(f -> f.level() == Level.WARN || f.level() == Level.FAIL);
      default -> throw new IllegalArgumentException("threshold " + threshold.key() + ": want warn or fail");
    };
  }

  /** How many findings have each level, every level present (zero counts included). */
  public Map<Level, Long> counts() {
    Map<Level, Long> m = new LinkedHashMap<>();
    for (Level l : Level.values()) {
      m.put(l, findings.stream().filter(f -> f.level() == l).count());
    }
    return m;
  }
}
