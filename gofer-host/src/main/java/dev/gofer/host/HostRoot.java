package dev.gofer.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The root every host probe reads through, like Lynis's {@code --rootdir} or systemd's
 * {@code --root}: {@code /proc/sys/vm/swappiness} under the root {@code /tmp/rhel9} is the file
 * {@code /tmp/rhel9/proc/sys/vm/swappiness}. Probes never touch absolute paths themselves, so a
 * test can hand the doctor a fake tree.
 *
 * <p>Symbolic links inside the tree are followed as the file system resolves them; an absolute
 * link in a fake tree therefore points out of it. Fixture trees use plain files.
 */
public final class HostRoot {
  /** The most {@link #read} returns of one file: 16 MiB (a kernel config is about 250 KiB). */
  static final int MAX_READ = 16 << 20;

  private final Path root;

  private HostRoot(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The running system, {@code /}. */
  public static HostRoot system() {
    return new HostRoot(Path.of("/"));
  }

  /** A tree whose top stands for {@code /}. */
  public static HostRoot of(Path root) {
    return new HostRoot(Objects.requireNonNull(root, "root"));
  }

  /** The directory standing for {@code /}. */
  public Path root() {
    return root;
  }

  /** Whether this is the running system rather than a tree standing in for one. */
  public boolean isSystem() {
    return root.getParent() == null;
  }

  /**
   * The file standing for an absolute host path.
   *
   * @throws IllegalArgumentException if {@code hostPath} is not absolute or climbs out with
   *     {@code ..}
   */
  public Path resolve(String hostPath) {
    if (!hostPath.startsWith("/")) {
      throw new IllegalArgumentException("host path must be absolute: " + hostPath);
    }
    Path p = root.resolve(hostPath.substring(1)).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("host path leaves the root: " + hostPath);
    }
    return p;
  }

  /** Whether the host path exists (following links). */
  public boolean exists(String hostPath) {
    return Files.exists(resolve(hostPath));
  }

  /** Whether the host path is a directory. */
  public boolean isDirectory(String hostPath) {
    return Files.isDirectory(resolve(hostPath));
  }

  /** Reads a whole text file; never throws for a missing or unreadable file. */
  public Readout read(String hostPath) {
    Path p = resolve(hostPath);
    try {
      // A stream read to EOF, then a lenient decode: /proc and /sys files report size 0 and may
      // hold any byte. Not Files.readAllBytes: on some kernels its first, size-0-sized read of a
      // /proc/sys file returns one byte and the rest of the value is lost ("60" read as "6").
      // Capped, so a link to an endless device cannot exhaust memory.
      try (java.io.InputStream in = Files.newInputStream(p)) {
        return new Readout.Text(hostPath, new String(in.readNBytes(MAX_READ), StandardCharsets.UTF_8));
      }
    } catch (NoSuchFileException e) {
      return new Readout.Missing(hostPath);
    } catch (AccessDeniedException e) {
      return new Readout.Unreadable(hostPath, "permission denied");
    } catch (IOException e) {
      return new Readout.Unreadable(hostPath, reason(e));
    }
  }

  /** The names in a host directory, sorted; empty when it is missing or unreadable. */
  public List<String> list(String hostDir) {
    Path p = resolve(hostDir);
    if (!Files.isDirectory(p)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(p)) {
      List<String> names = new ArrayList<>();
      s.forEach(c -> names.add(c.getFileName().toString()));
      names.sort(null);
      return List.copyOf(names);
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String reason(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
