package dev.gofer.toolchain.select;

import dev.gofer.mod.gover.Gover;
import dev.gofer.toolchain.GoferHome;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the toolchain for a directory, in this order:
 *
 * <ol>
 *   <li>{@code GOFER_GO_VERSION};
 *   <li>{@code .go-version}, walking up from the directory to the root;
 *   <li>the nearest {@code go.work} (its path from {@code GOWORK} if set; none if {@code
 *       GOWORK=off}), else the nearest {@code go.mod}: its {@code toolchain} line pins a version;
 *       without one, its {@code go} line is a minimum met by the newest installed toolchain at
 *       least that version;
 *   <li>{@code .tool-versions} ({@code golang} or {@code go}), walking up;
 *   <li>the global choice, {@code $GOFER_HOME/version};
 *   <li>the first {@code go} on {@code PATH} that is not a shim in {@code $GOFER_HOME/bin}.
 * </ol>
 *
 * <p>A go.work anywhere above wins over a nearer go.mod, because that is the file the go command
 * then obeys. Resolution never installs anything; see {@link Activator}.
 */
public final class Resolver {
  /** The variable that overrides every file. */
  public static final String ENV_VERSION = "GOFER_GO_VERSION";

  private final GoferHome home;

  public Resolver(GoferHome home) {
    this.home = home;
  }

  /**
   * The choice for {@code cwd} (absolute) under the environment {@code env}.
   *
   * @throws SelectException when a variable or file that decides holds no valid version
   */
  public Resolution resolve(Path cwd, Map<String, String> env) {
    String pinned = env.get(ENV_VERSION);
    if (pinned != null && !pinned.isBlank()) {
      String v = Versions.strip(pinned.strip());
      if (v == null) {
        throw new SelectException(
            SelectException.Kind.BAD_FILE,
            ENV_VERSION + "=" + pinned + " is not a Go version: want one such as 1.22.5 or go1.22.5");
      }
      return toolchain(v, ENV_VERSION, env);
    }
    Path dir = cwd.toAbsolutePath().normalize();
    Optional<Path> goVersion = nearest(dir, ".go-version");
    if (goVersion.isPresent()) {
      return toolchain(VersionFiles.versionFile(goVersion.get()), goVersion.get().toString(), env);
    }
    Optional<Path> mod = goWork(dir, env).or(() -> nearest(dir, "go.mod"));
    if (mod.isPresent()) {
      VersionFiles.GoLines lines = VersionFiles.goLines(mod.get());
      if (lines.toolchain().isPresent()) {
        return new Resolution.Toolchain(lines.toolchain().get(), mod.get() + " toolchain line");
      }
      if (lines.go().isPresent()) {
        return minimum(Versions.strip(lines.go().get()), mod.get() + " go line");
      }
    }
    Optional<Path> tools = nearest(dir, ".tool-versions");
    if (tools.isPresent()) {
      Optional<String> v = VersionFiles.toolVersions(tools.get());
      if (v.isPresent()) {
        return toolchain(v.get(), tools.get().toString(), env);
      }
    }
    Path global = home.globalVersionFile();
    if (Files.isRegularFile(global)) {
      return toolchain(VersionFiles.versionFile(global), global + " (global)", env);
    }
    return system(env);
  }

  private Resolution toolchain(String version, String source, Map<String, String> env) {
    return version.equals("system") ? system(env, source) : new Resolution.Toolchain(version, source);
  }

  /** The newest installed toolchain at least {@code min}. */
  private Resolution minimum(String min, String source) {
    List<String> installed = Installed.versions(home);
    if (!installed.isEmpty()) {
      String newest = installed.getLast();
      if (Gover.compare(newest, min) >= 0) {
        return new Resolution.Toolchain(newest, source + " " + min + " (newest installed >= " + min + ")");
      }
    }
    return new Resolution.Unsatisfied(min, source + " " + min);
  }

  private Resolution system(Map<String, String> env) {
    return system(env, "system go on PATH");
  }

  private Resolution system(Map<String, String> env, String source) {
    return systemGo(env, "go")
        .<Resolution>map(go -> new Resolution.System(go, source))
        .orElseGet(() -> new Resolution.None(source + ": no go on PATH"));
  }

  /**
   * The first executable {@code program} on {@code PATH} outside {@code $GOFER_HOME/bin} that is
   * not the same file as a shim there: the shims' guard against running themselves.
   */
  public Optional<Path> systemGo(Map<String, String> env, String program) {
    String path = env.getOrDefault("PATH", "");
    Path shim = home.bin().resolve(program);
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path dir = Path.of(entry).toAbsolutePath().normalize();
      Path candidate = dir.resolve(program);
      if (dir.equals(home.bin().toAbsolutePath().normalize()) || !Files.isExecutable(candidate)
          || Files.isDirectory(candidate) || sameFile(candidate, shim)) {
        continue;
      }
      return Optional.of(candidate);
    }
    return Optional.empty();
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Path> goWork(Path dir, Map<String, String> env) {
    String gowork = env.getOrDefault("GOWORK", "");
    if (gowork.equals("off")) {
      return Optional.empty();
    }
    if (!gowork.isEmpty()) {
      Path p = Path.of(gowork);
      return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
    return nearest(dir, "go.work");
  }

  private static Optional<Path> nearest(Path dir, String name) {
    for (Path d = dir; d != null; d = d.getParent()) {
      Path f = d.resolve(name);
      if (Files.isRegularFile(f)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
