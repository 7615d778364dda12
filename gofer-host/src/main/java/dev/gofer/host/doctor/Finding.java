package dev.gofer.host.doctor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one check: what was seen, what a Go service wants, why, and the fix.
 *
 * @param id the check's stable id, e.g. {@code cgroup.memory}
 * @param level the outcome
 * @param observed what the host shows, in a line ("vm.swappiness = 60, swap active")
 * @param expected what a Go service wants, in a line; empty when there is no expectation
 * @param why the reasoning in a sentence or two (from the reference, not folklore)
 * @param fix what to do, e.g. a drop-in to write or a command; empty when nothing is to be done
 * @param data machine-readable facts (numbers as {@link Long}/{@link Double}, strings, booleans,
 *     lists, nested maps) for {@code --format json}
 */
public record Finding(
    String id, Level level, String observed, String expected, String why, String fix,
    Map<String, Object> data) {
  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(level, "level");
    observed = observed == null ? "" : observed;
    expected = expected == null ? "" : expected;
    why = why == null ? "" : why;
    fix = fix == null ? "" : fix;
    data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data == null ? Map.of() : data));
  }

  /** A finding with no data. */
  public static Finding of(String id, Level level, String observed, String expected, String why, String fix) {
    return new Finding(id, level, observed, expected, why, fix, Map.of());
  }

  /** A skip with the reason (a file that could not be read, a check that does not apply). */
  public static Finding skip(String id, String reason) {
    return new Finding(id, Level.SKIP, reason, "", "", "", Map.of());
  }

  /** This finding with one more data entry. */
  public Finding with(String key, Object value) {
    Map<String, Object> d = new LinkedHashMap<>(data);
    d.put(key, value);
    return new Finding(id, level, observed, expected, why, fix, d);
  }
}
