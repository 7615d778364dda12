package dev.gofer.host.cgroup;

import java.util.Optional;

/**
 * A limit looked up from the process's cgroup up to the mount point: what the leaf itself says
 * and the tightest value on the way (automemlimit's walk). The Go 1.25 runtime reads only the
 * leaf (golang/go#81180), so the two can differ in what they mean for a Go service.
 *
 * @param leaf the limit set on the process's own cgroup, if any
 * @param effective the tightest limit on the leaf or any ancestor up to the mount, if any; the
 *     leaf's own setting when it ties with an ancestor
 */
public record Walk<T>(Optional<Setting<T>> leaf, Optional<Setting<T>> effective) {
  /** No limit anywhere. */
  public static <T> Walk<T> none() {
    return new Walk<>(Optional.empty(), Optional.empty());
  }

  /** Whether the effective limit comes from an ancestor, not from the leaf. */
  public boolean setOnParent() {
    return effective.isPresent()
        && (leaf.isEmpty() || !leaf.get().file().equals(effective.get().file()));
  }

  /** "leaf", "parent" or "none", as reports say where a limit was set. */
  public String where() {
    return effective.isEmpty() ? "none" : setOnParent() ? "parent" : "leaf";
  }
}
