package dev.gofer.toolchain;

import dev.gofer.mod.gover.Gover;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The layout of {@code $GOFER_HOME} (default {@code ~/.gofer}) for toolchains:
 *
 * <pre>
 * toolchains/go1.22.5/      a GOROOT, present only when complete (published by rename)
 * bin/                      shims: go, gofmt, and go1.22.5-style links to each GOROOT's bin/go
 * tools/go1.22.5/bin/       GOBIN of that toolchain (gopls, dlv)
 * version                   the global choice ("1.22.5"), written by `gofer toolchain use`
 * </pre>
 *
 * <p>Versions are Go toolchain versions without the {@code go} prefix ({@code 1.22.5}, {@code
 * 1.23rc1}); directory names carry it ({@code go1.22.5}).
 */
public record GoferHome(Path root) {
  public GoferHome {
    Objects.requireNonNull(root, "root");
  }

  /** {@code $GOFER_HOME}, else {@code ~/.gofer}. */
  public static GoferHome fromEnvironment(Map<String, String> env) {
    String home = env.get("GOFER_HOME");
    if (home != null && !home.isEmpty()) {
      return new GoferHome(Path.of(home).toAbsolutePath());
    }
    String user = env.getOrDefault("HOME", System.getProperty("user.home"));
    return new GoferHome(Path.of(user, ".gofer").toAbsolutePath());
  }

  public Path toolchains() {
    return root.resolve("toolchains");
  }

  /** The GOROOT of toolchain {@code version} ({@code 1.22.5}). */
  public Path toolchain(String version) {
    return toolchains().resolve(dirName(version));
  }

  public Path bin() {
    return root.resolve("bin");
  }

  /** The GOBIN for tools built with toolchain {@code version}. */
  public Path toolsBin(String version) {
    return root.resolve("tools").resolve(dirName(version)).resolve("bin");
  }

  /** The file holding the global choice. */
  public Path globalVersionFile() {
    return root.resolve("version");
  }

  /** {@code go1.22.5} for {@code 1.22.5}; the version must be a valid Go toolchain version. */
  public static String dirName(String version) {
    if (!Gover.isValid(version)) {
      throw new IllegalArgumentException("invalid Go version " + version);
    }
    return "go" + version;
  }
}
