package dev.gofer.host.cgroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code /proc/self/mountinfo} (proc(5)): {@code (1) mount ID (2) parent ID (3)
 * major:minor (4) root (5) mount point (6) mount options (7) optional fields... (8) "-" (9)
 * fstype (10) source (11) super options}. Paths are unescaped: the kernel writes space, tab,
 * newline and backslash as the octal escapes {@code \040}, {@code \011}, {@code \012} and
 * {@code \134}.
 *
 * @param mountId the mount's id
 * @param parentId the parent mount's id
 * @param majorMinor the device, {@code 0:29}
 * @param root the directory of the file system that is mounted here ({@code /} or, for a v1
 *     cgroup seen from a container, e.g. {@code /docker})
 * @param mountPoint where it is mounted, relative to the process's root
 * @param options per-mount options
 * @param optionalFields {@code shared:10} and the like; may be empty
 * @param fstype {@code cgroup2}, {@code cgroup}, {@code tmpfs}, {@code nsfs}...
 * @param source the mount source, e.g. {@code cgroup}
 * @param superOptions per-superblock options; a v1 cgroup names its controllers here
 */
public record Mount(
    int mountId, int parentId, String majorMinor, String root, String mountPoint, String options,
    List<String> optionalFields, String fstype, String source, String superOptions) {
  public Mount {
    optionalFields = List.copyOf(optionalFields);
  }

  /** The super options as a list: {@code rw,cpu,cpuacct} gives {@code [rw, cpu, cpuacct]}. */
  public List<String> superOptionList() {
    return Arrays.asList(superOptions.split(","));
  }

  /**
   * Parses mountinfo text, skipping lines that do not have the shape above (fewer than ten
   * fields, no {@code -} separator, non-numeric ids). Nothing else about a line is interpreted, so
   * an {@code nsfs} line or an unknown file system type does not disturb the rest.
   */
  public static List<Mount> parse(String text) {
    List<Mount> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      parseLine(line).ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  /** One mountinfo line, if it is well formed. */
  public static Optional<Mount> parseLine(String line) {
    String[] f = line.strip().split("[ \t]+");
    if (f.length < 10 || !f[0].matches("[0-9]{1,10}") || !f[1].matches("[0-9]{1,10}")) {
      return Optional.empty();
    }
    int sep = -1;
    for (int i = 6; i < f.length; i++) {
      if (f[i].equals("-")) {
        sep = i;
        break;
      }
    }
    if (sep < 0 || f.length < sep + 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Mount(
          Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2], unescape(f[3]), unescape(f[4]), f[5],
          Arrays.asList(f).subList(6, sep), f[sep + 1], unescape(f[sep + 2]),
          f.length > sep + 3 ? f[sep + 3] : ""));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Undoes the kernel's octal escapes ({@code \040} is a space); a backslash not followed by three
   * octal digits is kept as it is.
   */
  public static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1) && isOctal(s, i + 2) && isOctal(s, i + 3)) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int i) {
    return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
  }
}
