package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import dev.gofer.host.Readout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Small readers shared by the checks: one integer from a {@code /proc/sys} file, the boot
 * command line, {@code Key: value} files. Each returns a {@link Value} so that a check turns a
 * missing or malformed file into a skip with the reason in one line.
 */
final class Probe {
  private Probe() {}

  /** A parsed fact, or why there is none. */
  sealed interface Value<T> {
    /** The fact, if there is one. */
    default Optional<T> get() {
      return this instanceof Ok<T> ok ? Optional.of(ok.value()) : Optional.empty();
    }
  }

  /** The fact. */
  record Ok<T>(T value) implements Value<T> {}

  /** Why there is no fact: "/proc/sys/vm/swappiness: not present". */
  record Bad<T>(String reason) implements Value<T> {}

  /** The one decimal integer in a file such as {@code /proc/sys/vm/swappiness}. */
  static Value<Long> integer(HostRoot host, String path) {
    Readout r = host.read(path);
    if (!(r instanceof Readout.Text t)) {
      return new Bad<>(r.problem());
    }
    String s = t.content().strip();
    return parseLong(s).<Value<Long>>map(Ok::new)
        .orElseGet(() -> new Bad<>(path + ": not an integer: " + excerpt(s)));
  }

  /** A decimal integer (optionally negative), or empty. */
  static Optional<Long> parseLong(String s) {
    if (!s.matches("-?[0-9]{1,19}")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The words of {@code /proc/cmdline}. */
  static Value<List<String>> cmdline(HostRoot host) {
    Readout r = host.read("/proc/cmdline");
    if (!(r instanceof Readout.Text t)) {
      return new Bad<>(r.problem());
    }
    String s = t.content().strip();
    return new Ok<>(s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+")));
  }

  /**
   * {@code Key: value} lines such as {@code /proc/meminfo} or {@code /proc/self/status}, the
   * value trimmed; lines without a colon are ignored.
   */
  static Map<String, String> keyed(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        m.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    return m;
  }

  /** A {@code /proc/meminfo} value in kB ("CommitLimit:  8000 kB"), if present and numeric. */
  static Optional<Long> kilobytes(Map<String, String> meminfo, String key) {
    String v = meminfo.get(key);
    if (v == null) {
      return Optional.empty();
    }
    return parseLong(v.replaceFirst("\\s*kB$", "").strip());
  }

  /** Whether a systemd is the init system: {@code /run/systemd/system} or PID 1 named systemd. */
  static boolean systemd(HostRoot host) {
    if (host.isDirectory("/run/systemd/system")) {
      return true;
    }
    return host.read("/proc/1/comm").firstLine().map("systemd"::equals).orElse(false);
  }

  /**
   * The machine architecture: {@code /proc/sys/kernel/arch} (Linux 6.1+), else guessed from
   * {@code /proc/cpuinfo} ({@code flags} lines are x86, {@code Features} lines arm), else the
   * JVM's own on the running system.
   */
  static Optional<String> arch(HostRoot host) {
    Optional<String> arch = host.read("/proc/sys/kernel/arch").firstLine()
        .filter(s -> s.matches("[A-Za-z0-9_]{1,32}"));
    if (arch.isPresent()) {
      return arch;
    }
    Optional<String> cpuinfo = host.read("/proc/cpuinfo").text();
    if (cpuinfo.isPresent()) {
      Map<String, String> k = keyed(cpuinfo.get());
      if (k.containsKey("flags") && k.containsKey("vendor_id")) {
        return Optional.of("x86_64");
      }
      if (k.containsKey("Features") && k.containsKey("CPU implementer")) {
        return Optional.of("aarch64");
      }
    }
    if (host.isSystem()) {
      String os = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
      return Optional.of(switch (os) {
        case "amd64" -> "x86_64";
        case "arm64" -> "aarch64";
        default -> os;
      });
    }
    return Optional.empty();
  }

  /** The directories of a PATH value, absolute ones only (relative entries mean nothing here). */
  static List<String> pathDirs(String path) {
    List<String> dirs = new ArrayList<>();
    for (String d : path.split(":")) {
      if (d.startsWith("/") && !d.contains("/../") && !d.endsWith("/..")) {
        dirs.add(d);
      }
    }
    return dirs;
  }

  /** At most 40 printable characters of a value, for a message. */
  static String excerpt(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() <= 40 ? "\"" + clean + "\"" : "\"" + clean.substring(0, 40) + "...\"";
  }

  /**
   * The first executable regular file {@code name} in the PATH directories, as a host path,
   * looked up through the host root; nothing is executed.
   */
  static Optional<String> which(HostRoot host, List<String> dirs, String name) {
    for (String dir : dirs) {
      String p = (dir.endsWith("/") ? dir : dir + "/") + name;
      java.nio.file.Path f = host.resolve(p);
      if (java.nio.file.Files.isRegularFile(f) && java.nio.file.Files.isExecutable(f)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** A value with anything outside printable ASCII replaced by {@code ?}, for reports. */
  static String excerptRaw(String s) {
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
