package dev.gofer.host.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The security fields of {@code /proc/<pid>/status} (proc_pid_status(5)): {@code Key:\tvalue}
 * lines. A field the kernel does not print (older kernels lack {@code CapAmb},
 * {@code NoNewPrivs}, {@code Seccomp_filters}) or that is malformed reads as unknown (empty).
 *
 * @param fields every {@code Key: value} line, value trimmed, in file order
 */
public record ProcStatus(Map<String, String> fields) {
  public ProcStatus {
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Parses the file's text; lines without a colon are skipped. */
  public static ProcStatus parse(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int c = line.indexOf(':');
      if (c > 0) {
        m.putIfAbsent(line.substring(0, c).strip(), line.substring(c + 1).strip());
      }
    }
    return new ProcStatus(m);
  }

  /** A capability set by its key: {@code CapInh}, {@code CapPrm}, {@code CapEff}, {@code CapBnd}, {@code CapAmb}. */
  public Optional<Capabilities> caps(String key) {
    String v = fields.get(key);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Capabilities.parseHex(v));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The effective set, {@code CapEff}. */
  public Optional<Capabilities> effective() {
    return caps("CapEff");
  }

  /** The bounding set, {@code CapBnd}. */
  public Optional<Capabilities> bounding() {
    return caps("CapBnd");
  }

  /** The no_new_privs flag, {@code NoNewPrivs}: 0 or 1. */
  public Optional<Boolean> noNewPrivs() {
    return small("NoNewPrivs", 1).stream().mapToObj(v -> v == 1).findFirst();
  }

  /** The seccomp mode, {@code Seccomp}: 0 disabled, 1 strict, 2 filter. */
  public OptionalInt seccomp() {
    return small("Seccomp", 2);
  }

  /** The number of attached seccomp filters, {@code Seccomp_filters}. */
  public OptionalInt seccompFilters() {
    return small("Seccomp_filters", 1_000_000);
  }

  private OptionalInt small(String key, int max) {
    String v = fields.get(key);
    if (v == null || !v.matches("[0-9]{1,7}") || Integer.parseInt(v) > max) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(v));
  }
}
