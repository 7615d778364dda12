package dev.gofer.toolchain.install;

import dev.gofer.mod.zip.Placement;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Where the files of a toolchain module zip go in a GOROOT, so that it is unpacked in one pass
 * (§1.6 of the toolchain reference), each file written once with its final name and mode:
 *
 * <ul>
 *   <li>every file under {@code bin/} and {@code pkg/tool/} is executable (0755): the go command
 *       adds {@code 0111} to exactly these after extracting;
 *   <li>every {@code _go.mod} is also written as {@code go.mod} beside it, as the go command
 *       copies it, so that {@code go} works inside {@code GOROOT/src};
 *   <li>every other file is 0644.
 * </ul>
 *
 * <p>Unlike the module cache (0444), files are writable by their owner: a GOROOT under {@code
 * $GOFER_HOME} is gofer's own, not a shared content-addressed cache that must not be edited in
 * place, and owner-writable files are what a tarball install gives and what {@code rm -rf}
 * removes without a {@code chmod} first. (Uninstall makes read-only trees writable anyway.) The
 * modes are masked by the umask, as for any file a process creates.
 *
 * <p>The go command orders its chmods ({@code bin/go} last) and copies ({@code src/_go.mod}
 * last, as a done marker) because it works in place, where another go command may look at the
 * tree meanwhile. gofer writes a private staging tree that becomes visible by one rename when
 * complete, so it needs no order.
 */
final class ToolchainPlacement implements Placement {
  static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
  static final Set<PosixFilePermission> REGULAR = PosixFilePermissions.fromString("rw-r--r--");

  private final int writers;

  /** A placement writing on {@code writers} threads. */
  ToolchainPlacement(int writers) {
    if (writers < 1) {
      throw new IllegalArgumentException("writers must be at least 1: " + writers);
    }
    this.writers = writers;
  }

  @Override
  public Set<PosixFilePermission> permissions(String name) {
    return name.startsWith("bin/") || name.startsWith("pkg/tool/") ? EXECUTABLE : REGULAR;
  }

  @Override
  public List<String> copies(String name) {
    if (name.equals("_go.mod")) {
      return List.of("go.mod");
    }
    if (name.endsWith("/_go.mod")) {
      return List.of(name.substring(0, name.length() - "_go.mod".length()) + "go.mod");
    }
    return List.of();
  }

  @Override
  public int writers() {
    return writers;
  }
}
