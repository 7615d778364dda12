package dev.gofer.mod.zip;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * How {@link ModuleZip#unzip(java.nio.file.Path, String, String, java.nio.file.Path, Placement)}
 * writes the files of a module zip: the permissions each file is created with, further names
 * that get a copy of it, and how many threads write. Every file is written once, with its final
 * name and mode; nothing is renamed or chmod-ed afterwards.
 */
public interface Placement {
  /** {@code zip.Unzip}'s placement: every file once, read-only (0444), on the calling thread. */
  Placement MODULE_CACHE = new Placement() {
    private final Set<PosixFilePermission> readOnly = PosixFilePermissions.fromString("r--r--r--");

    @Override
    public Set<PosixFilePermission> permissions(String name) {
      return readOnly;
    }
  };

  /**
   * The permissions file {@code name} (a clean slash-separated path below the target, prefix
   * stripped) is created with, before the umask applies. Ignored where the file system has no
   * POSIX permissions.
   */
  Set<PosixFilePermission> permissions(String name);

  /**
   * Further names, relative to the target like {@code name}, under which file {@code name} is
   * written too, with the same content and permissions. Each must be a valid file path; none may
   * collide (also under case folding) with another file or copy. None by default.
   */
  default List<String> copies(String name) {
    return List.of();
  }

  /** How many threads write files (at least 1). One by default. */
  default int writers() {
    return 1;
  }
}
