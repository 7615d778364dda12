package dev.gofer.host.cgroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line of {@code /proc/self/cgroup}: {@code hierarchy-ID:controller-list:cgroup-path}. cgroup
 * v2 has the single line {@code 0::<path>}; v1 lines carry a non-zero id and comma-separated
 * controllers ({@code 2:cpu,cpuacct:/docker}), and named hierarchies such as
 * {@code name=systemd}.
 *
 * @param id the hierarchy id, 0 for the unified (v2) hierarchy
 * @param controllers the controllers of a v1 hierarchy; empty for v2
 * @param path the cgroup path, relative to the root of the process's cgroup namespace
 */
public record CgroupLine(int id, List<String> controllers, String path) {
  public CgroupLine {
    controllers = List.copyOf(controllers);
  }

  /** Whether this is the unified (v2) hierarchy's line. */
  public boolean unified() {
    return id == 0 && controllers.isEmpty();
  }

  /** Whether this v1 hierarchy carries the controller {@code name} ({@code cpu}, {@code memory}). */
  public boolean has(String name) {
    return controllers.contains(name);
  }

  /**
   * Parses {@code /proc/self/cgroup}. Lines that do not have three fields, a numeric id and an
   * absolute path are skipped; the path may itself contain {@code :}.
   */
  public static List<CgroupLine> parse(String text) {
    List<CgroupLine> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.strip().split(":", 3);
      if (f.length != 3 || !f[0].matches("[0-9]{1,9}") || !f[2].startsWith("/")) {
        continue;
      }
      List<String> ctl = f[1].isEmpty() ? List.of() : Arrays.asList(f[1].split(","));
      out.add(new CgroupLine(Integer.parseInt(f[0]), ctl, f[2]));
    }
    return List.copyOf(out);
  }
}
