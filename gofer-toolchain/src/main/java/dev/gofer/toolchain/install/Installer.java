package dev.gofer.toolchain.install;

import dev.gofer.mod.gover.Gover;
import dev.gofer.toolchain.GoferHome;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Installs toolchains into {@code $GOFER_HOME/toolchains/go<V>} atomically: everything happens
 * in a private staging directory {@code toolchains/.tmp-go<V>-<random>/} (the download, then the
 * unpacked tree), and the finished tree is published with one rename. A failure removes the
 * staging directory; a crash leaves it behind, invisible to {@link Toolchains}, and the next
 * install removes it. Installs of one version are serialised by {@code toolchains/.lock-go<V>};
 * the second one waits, then finds the toolchain installed.
 *
 * <p>Why an interrupted install leaves no visible trace and never a half-installed toolchain,
 * without an fsync per file:
 *
 * <ul>
 *   <li>Until the rename, every file is below a {@code .tmp-} directory that {@link Toolchains},
 *       the shims and {@code go<V>} links never look at. A process killed at any point before
 *       the rename ({@code kill -9}, Ctrl-C, out of memory) leaves only that directory, which
 *       the next install removes once it holds the version's lock (so never under a running
 *       install).
 *   <li>The rename ({@code rename(2)}, same directory, so same file system) is atomic: another
 *       process sees no {@code go<V>} or the whole tree. Killing the process does not lose
 *       written data: it is in the kernel's page cache.
 *   <li>Power loss or a kernel crash can lose data in the page cache. So before the rename the
 *       staged tree is flushed with one {@code syncfs} ({@link DiskFlush}, about 0.5 s for a
 *       250 MB toolchain here, where an fsync per file would cost seconds): a rename that
 *       survives a crash names files whose data survived too. A rename lost in a crash leaves
 *       the staging directory, removed as above.
 * </ul>
 */
public final class Installer {
  /** The marker in the names of staging directories. */
  static final String STAGING = ".tmp-";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final GoferHome home;
  private final Source source;
  private final Listener listener;
  private final StagingHook beforePublish;

  /** Called with the unpacked tree before it is published (tests inject crashes here). */
  interface StagingHook {
    void unpacked(Path root) throws IOException;
  }

  public Installer(GoferHome home, Source source, Listener listener) {
    this(home, source, listener, root -> {});
  }

  Installer(GoferHome home, Source source, Listener listener, StagingHook beforePublish) {
    this.home = Objects.requireNonNull(home);
    this.source = Objects.requireNonNull(source);
    this.listener = Objects.requireNonNull(listener);
    this.beforePublish = Objects.requireNonNull(beforePublish);
  }

  /** What an install did: the version, its GOROOT, and whether it was there already. */
  public record Result(String version, Path goroot, boolean alreadyInstalled) {}

  /**
   * Resolves {@code request} against the source (a family or {@code latest} against its version
   * list) and installs it, unless it is installed.
   *
   * @throws InstallException if it cannot be found, verified or unpacked; nothing is then left
   *     in {@code toolchains/} but the lock file
   */
  public Result install(VersionRequest request) throws IOException {
    String version = resolve(request);
    Path target = home.toolchain(version);
    if (Files.isDirectory(target)) {
      return new Result(version, target, true);
    }
    Path toolchains = home.toolchains();
    Files.createDirectories(toolchains);
    removeAbandonedStaging(toolchains);
    try (VersionLock lock = VersionLock.acquire(toolchains, version)) {
      if (Files.isDirectory(target)) {
        return new Result(version, target, true);
      }
      removeStaging(toolchains, version);
      Path staging = toolchains.resolve(STAGING + "go" + version + "-" + HexFormat.of().formatHex(randomBytes()));
      Files.createDirectory(staging);
      try {
        Path root = staging.resolve("go");
        source.fetch(version, staging, root, listener);
        beforePublish.unpacked(root);
        DiskFlush.flush(root);
        Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        ToolchainTree.delete(staging);
      }
      return new Result(version, target, false);
    }
  }

  /** The exact version {@code request} means. */
  public String resolve(VersionRequest request) {
    if (request instanceof VersionRequest.Exact e) {
      return e.version();
    }
    return request.pick(source.available()).orElseThrow(
        () -> new InstallException("no release of " + request.describe() + " for " + Platform.current() + " at " + source));
  }

  static byte[] randomBytes() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Removes the staging directories of {@code version} (call with its lock held). */
  private static void removeStaging(Path toolchains, String version) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(toolchains, STAGING + "go" + version + "-*")) {
      for (Path p : ds) {
        ToolchainTree.delete(p);
      }
    }
  }

  /** Removes staging directories left by crashed installs whose version nobody is installing. */
  static void removeAbandonedStaging(Path toolchains) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(toolchains, STAGING + "go*")) {
      for (Path p : ds) {
        String name = p.getFileName().toString().substring((STAGING + "go").length());
        int dash = name.lastIndexOf('-');
        String v = dash < 0 ? "" : name.substring(0, dash);
        if (!Gover.isValid(v)) {
          continue;
        }
        try (VersionLock l = VersionLock.tryAcquire(toolchains, v)) {
          if (l != null) {
            ToolchainTree.delete(p);
          }
        }
      }
    }
  }
}
