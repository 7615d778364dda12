package dev.gofer.toolchain.install;

import dev.gofer.mod.gover.Gover;
import dev.gofer.toolchain.GoferHome;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The installed toolchains of a {@link GoferHome}: each directory {@code toolchains/go<V>} whose
 * name carries a valid Go version. Staging directories ({@code .tmp-}) and lock files are not
 * toolchains.
 */
public final class Toolchains {
  private final GoferHome home;

  public Toolchains(GoferHome home) {
    this.home = home;
  }

  /** One installed toolchain. */
  public record Installed(String version, Path goroot) {}

  /** The installed toolchains, newest first in Go's version order. */
  public List<Installed> installed() throws IOException {
    Path dir = home.toolchains();
    List<Installed> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "go*")) {
      for (Path p : ds) {
        String v = p.getFileName().toString().substring(2);
        if (Gover.isValid(v) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          out.add(new Installed(v, p));
        }
      }
    }
    out.sort(Comparator.comparing(Installed::version, Gover.ORDER).reversed());
    return out;
  }

  /** True if toolchain {@code version} is installed. */
  public boolean isInstalled(String version) {
    return Files.isDirectory(home.toolchain(version), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Removes toolchain {@code version} (text as the user wrote it: {@code 1.22.5} or {@code
   * go1.22.5}), read-only files included. The tree is first renamed to a staging name, so it
   * disappears at once; then it is deleted.
   *
   * @return the GOROOT it had
   * @throws InstallException if the version is malformed (usage) or not installed, or the entry
   *     is not a directory inside {@code toolchains/} (a link is refused, not followed)
   */
  public Path uninstall(String text) throws IOException {
    String version = switch (VersionRequest.parse(text)) {
      case VersionRequest.Exact e -> e.version();
      default -> throw InstallException.usage("uninstall needs an exact version such as 1.22.5, not " + text);
    };
    Path toolchains = home.toolchains();
    Path target = home.toolchain(version);
    if (!target.normalize().getParent().equals(toolchains.normalize())) {
      throw new InstallException("refusing to remove " + target + ": not inside " + toolchains);
    }
    if (Files.isSymbolicLink(target)) {
      throw new InstallException("refusing to remove " + target + ": it is a symbolic link, not a toolchain gofer installed");
    }
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new InstallException("go" + version + " is not installed (see 'gofer toolchain list')");
    }
    try (VersionLock lock = VersionLock.acquire(toolchains, version)) {
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new InstallException("go" + version + " is not installed (see 'gofer toolchain list')");
      }
      Path doomed = toolchains.resolve(Installer.STAGING + "go" + version + "-rm" + HexFormat.of().formatHex(Installer.randomBytes()));
      Files.move(target, doomed, StandardCopyOption.ATOMIC_MOVE);
      ToolchainTree.delete(doomed);
    }
    return target;
  }
}
