package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A systemd configuration file as systemd merges it (journald.conf(5), systemd-system.conf(5)):
 * the main file is the first of {@code /etc/systemd/NAME}, {@code /run/systemd/NAME},
 * {@code /usr/local/lib/systemd/NAME}, {@code /usr/lib/systemd/NAME}; then the drop-ins
 * {@code NAME.d/*.conf} of those four directories, sorted by file name across all of them, where a
 * name present in several directories is taken from the first (so {@code /etc} masks
 * {@code /usr/lib}). Later files override earlier ones, and within a file the last assignment
 * wins. Lines starting with {@code #} or {@code ;} are comments.
 */
final class SystemdConfig {
  private static final List<String> DIRS =
      List.of("/etc/systemd/", "/run/systemd/", "/usr/local/lib/systemd/", "/usr/lib/systemd/");

  private SystemdConfig() {}

  /** The value of a key, where it was set, and every file read. */
  record Setting(Optional<String> value, Optional<String> source, List<String> files) {}

  /** The files systemd reads for {@code name} (e.g. {@code journald.conf}), in applying order. */
  static List<String> files(HostRoot host, String name) {
    List<String> files = new ArrayList<>();
    for (String dir : DIRS) {
      if (host.read(dir + name).text().isPresent()) {
        files.add(dir + name);
        break;
      }
    }
    TreeMap<String, String> dropins = new TreeMap<>();
    for (String dir : DIRS) {
      String d = dir + name + ".d";
      for (String f : host.list(d)) {
        if (f.endsWith(".conf")) {
          dropins.putIfAbsent(f, d + "/" + f);
        }
      }
    }
    files.addAll(dropins.values());
    return files;
  }

  /**
   * The compiled-in default that the main file documents: systemd ships its configuration files
   * with every key commented out at its compiled default ({@code #DefaultLimitNOFILE=1024:524288}
   * since systemd 240; {@code #DefaultLimitNOFILE=} with no value in 239 and older). Empty when
   * there is no main file or no such comment; an empty string when the comment has no value.
   */
  static Optional<String> documentedDefault(HostRoot host, String name, String section, String key) {
    List<String> files = files(host, name);
    if (files.isEmpty() || files.getFirst().contains(".d/")) {
      return Optional.empty();
    }
    Optional<String> text = host.read(files.getFirst()).text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String current = "";
    String found = null;
    for (String raw : text.get().split("\n")) {
      String line = raw.strip();
      if (line.startsWith("[") && line.endsWith("]")) {
        current = line.substring(1, line.length() - 1).strip();
        continue;
      }
      if (current.equals(section) && line.startsWith("#")) {
        String body = line.substring(1).strip();
        int eq = body.indexOf('=');
        if (eq > 0 && body.substring(0, eq).strip().equals(key)) {
          found = body.substring(eq + 1).strip();
        }
      }
    }
    return Optional.ofNullable(found);
  }

  /** The merged value of {@code key} in {@code [section]}. */
  static Setting lookup(HostRoot host, String name, String section, String key) {
    List<String> files = files(host, name);
    String value = null;
    String source = null;
    for (String file : files) {
      Optional<String> text = host.read(file).text();
      if (text.isEmpty()) {
        continue;
      }
      String current = "";
      for (String raw : text.get().split("\n")) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
          continue;
        }
        if (line.startsWith("[") && line.endsWith("]")) {
          current = line.substring(1, line.length() - 1).strip();
          continue;
        }
        int eq = line.indexOf('=');
        if (eq > 0 && current.equals(section) && line.substring(0, eq).strip().equals(key)) {
          value = line.substring(eq + 1).strip();
          source = file;
        }
      }
    }
    return new Setting(Optional.ofNullable(value), Optional.ofNullable(source), List.copyOf(files));
  }
}
