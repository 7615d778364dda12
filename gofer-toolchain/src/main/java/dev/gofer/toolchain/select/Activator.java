package dev.gofer.toolchain.select;

import dev.gofer.toolchain.GoferHome;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link Resolution} into a toolchain that exists: when the chosen version is not
 * installed it says how to install it, or with {@code GOFER_AUTO_INSTALL=1} installs it through
 * the {@link Installer} and resolves again.
 */
public final class Activator {
  /** Set to {@code 1} to install a chosen toolchain that is missing instead of failing. */
  public static final String ENV_AUTO_INSTALL = "GOFER_AUTO_INSTALL";

  private final GoferHome home;
  private final Resolver resolver;
  private final Installer installer;

  public Activator(GoferHome home, Installer installer) {
    this.home = home;
    this.resolver = new Resolver(home);
    this.installer = installer;
  }

  /**
   * A toolchain that can run.
   *
   * @param version {@code 1.22.5}, or {@code system}
   * @param goroot the GOROOT to set, empty for the system go (which finds its own)
   * @param bin the directory holding {@code go} and {@code gofmt}
   */
  public record Target(String version, Optional<Path> goroot, Path bin, Resolution why) {}

  /** The target for {@code cwd}, installing it first if allowed. */
  public Target activate(Path cwd, Map<String, String> env) {
    Resolution r = resolver.resolve(cwd, env);
    Optional<Target> t = target(r);
    if (t.isPresent()) {
      return t.get();
    }
    if (!"1".equals(env.get(ENV_AUTO_INSTALL))) {
      throw notInstalled(r);
    }
    String want =
        switch (r) {
          case Resolution.Toolchain tc -> tc.version();
          case Resolution.Unsatisfied u -> u.minimum();
          default -> throw notInstalled(r);
        };
    try {
      installer.install(want);
    } catch (Exception e) {
      throw new SelectException(
          SelectException.Kind.NOT_INSTALLED,
          "installing go" + want + " (chosen by " + r.source() + "): " + e.getMessage());
    }
    Resolution again = resolver.resolve(cwd, env);
    return target(again).orElseThrow(() -> notInstalled(again));
  }

  /** The installed target of {@code r}, if there is one. */
  public Optional<Target> target(Resolution r) {
    return switch (r) {
      case Resolution.Toolchain tc when Installed.has(home, tc.version()) -> {
        Path root = home.toolchain(tc.version());
        yield Optional.of(new Target(tc.version(), Optional.of(root), root.resolve("bin"), r));
      }
      case Resolution.System s ->
          Optional.of(new Target("system", Optional.empty(), s.go().getParent(), r));
      default -> Optional.empty();
    };
  }

  /** The one-line error for a resolution that has no installed target. */
  public static SelectException notInstalled(Resolution r) {
    return switch (r) {
      case Resolution.Toolchain tc ->
          new SelectException(
              SelectException.Kind.NOT_INSTALLED,
              "go" + tc.version() + " is not installed (chosen by " + tc.source()
                  + "); run: gofer toolchain install " + tc.version());
      case Resolution.Unsatisfied u ->
          new SelectException(
              SelectException.Kind.NOT_INSTALLED,
              "no installed toolchain is go" + u.minimum() + " or newer (required by " + u.source()
                  + "); run: gofer toolchain install " + u.minimum());
      case Resolution.None n ->
          new SelectException(
              SelectException.Kind.NO_GO,
              "no Go toolchain chosen and no go on PATH (" + n.source()
                  + "); run: gofer toolchain install VERSION && gofer toolchain use VERSION");
      case Resolution.System s -> new SelectException(SelectException.Kind.NO_GO, "unexpected: " + s);
    };
  }
}
