package dev.gofer.host.doctor;

import java.util.Locale;

/**
 * How a check came out, in the order of severity. By default only {@link #FAIL} changes the exit
 * code (as kube-bench: a warning never fails a run); {@code gofer doctor --fail-on=warn} lets
 * {@link #WARN} count too (reference §12).
 */
public enum Level {
  /** The host is fit in this respect. */
  PASS,
  /** A fact worth knowing; nothing to do. */
  INFO,
  /** Probably wrong for a Go service; look at the fix. */
  WARN,
  /** Wrong for a Go service; the run exits 1. */
  FAIL,
  /** Not applicable, filtered out with {@code --skip}, or its input could not be read. */
  SKIP;

  /** The lower-case name used in JSON and JUnit: pass, info, warn, fail, skip. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
