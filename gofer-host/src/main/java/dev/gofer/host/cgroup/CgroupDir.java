package dev.gofer.host.cgroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The directory of the process's cgroup in one hierarchy: the mount point joined with the cgroup
 * path made relative to the mount's root (as automemlimit and automaxprocs do; the Go runtime
 * joins without the root translation, golang/go#76390).
 *
 * @param mount the cgroup file system the directory lies in
 * @param relative the path below the mount point, without a leading slash; empty for the mount
 *     point itself
 */
public record CgroupDir(Mount mount, String relative) {
  /** The host path of the directory, e.g. {@code /sys/fs/cgroup/system.slice/app.service}. */
  public String path() {
    return relative.isEmpty() ? mount.mountPoint() : join(mount.mountPoint(), relative);
  }

  /** The host path of a file in this directory. */
  public String file(String name) {
    return join(path(), name);
  }

  /** This directory and each ancestor up to and including the mount point, leaf first. */
  public List<CgroupDir> upToMount() {
    List<CgroupDir> out = new ArrayList<>();
    String r = relative;
    while (true) {
      out.add(new CgroupDir(mount, r));
      if (r.isEmpty()) {
        return List.copyOf(out);
      }
      int slash = r.lastIndexOf('/');
      r = slash < 0 ? "" : r.substring(0, slash);
    }
  }

  /**
   * Resolves a cgroup path from {@code /proc/self/cgroup} against the mount: the path must lie at
   * or below the mount's root. Empty when it does not (a {@code ..} escape, e.g. a container whose
   * v1 mount root is {@code /docker/<id>} while its cgroup path is {@code /}).
   */
  public static Optional<CgroupDir> resolve(Mount mount, String cgroupPath) {
    List<String> path = segments(cgroupPath);
    List<String> root = segments(mount.root());
    if (path == null || root == null || path.size() < root.size() || !path.subList(0, root.size()).equals(root)) {
      return Optional.empty();
    }
    return Optional.of(new CgroupDir(mount, String.join("/", path.subList(root.size(), path.size()))));
  }

  /** The normalised segments of an absolute path, or null when {@code ..} climbs above {@code /}. */
  private static List<String> segments(String p) {
    List<String> out = new ArrayList<>();
    for (String s : p.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (out.isEmpty()) {
          return null;
        }
        out.removeLast();
        continue;
      }
      out.add(s);
    }
    return out;
  }

  private static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }
}
