package dev.gofer.cli;

import dev.gofer.toolchain.install.InstallException;
import dev.gofer.toolchain.install.ModuleSource;
import dev.gofer.toolchain.install.Platform;
import dev.gofer.toolchain.GoferHome;
import dev.gofer.toolchain.select.Activator;
import dev.gofer.toolchain.select.Installer;
import dev.gofer.toolchain.select.Resolver;
import dev.gofer.toolchain.select.SelectException;
import dev.gofer.toolchain.select.Shims;
import dev.gofer.toolchain.select.Versions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the toolchain commands share: the environment, the working directory, {@code
 * $GOFER_HOME}, and how to reach the installer. A picocli mixin that {@link Gofer}'s factory
 * creates, so tests choose the environment and directory.
 */
final class ToolchainContext {
  /** Overrides how the shims start gofer (a shell command prefix). */
  static final String ENV_GOFER_CMD = "GOFER_CMD";

  /** The GOPROXY used when neither {@code --proxy} nor {@code GOPROXY} is set. */
  static final String DEFAULT_PROXY = "https://proxy.golang.org";

  final Map<String, String> env;
  final Path cwd;
  private final OutputStream logs;

  @picocli.CommandLine.Option(names = "--gofer-home", paramLabel = "DIR",
      description = "Toolchains, shims and the global choice (default: $GOFER_HOME, else ~/.gofer).")
  Path goferHome;

  ToolchainContext(Map<String, String> env, Path cwd, OutputStream logs) {
    this.env = env;
    this.cwd = cwd;
    this.logs = logs;
  }

  /**
   * The working directory as the shell spells it: {@code $PWD} when it names the process's
   * directory (so the walk up goes through symlinks the way the shims' does), else {@code
   * user.dir}.
   */
  static Path workingDirectory(Map<String, String> env) {
    Path dir = Path.of(System.getProperty("user.dir"));
    String pwd = env.get("PWD");
    if (pwd != null && pwd.startsWith("/")) {
      try {
        if (Files.isSameFile(Path.of(pwd), dir)) {
          return Path.of(pwd);
        }
      } catch (IOException | RuntimeException e) {
        // fall through
      }
    }
    return dir;
  }

  /** This context with another environment. */
  ToolchainContext withEnv(Map<String, String> other) {
    ToolchainContext c = new ToolchainContext(other, cwd, logs);
    c.goferHome = goferHome;
    return c;
  }

  GoferHome home() {
    return goferHome != null ? new GoferHome(goferHome.toAbsolutePath()) : GoferHome.fromEnvironment(env);
  }

  /** A version from the command line, or a usage error (exit 2). */
  static String version(String text) {
    try {
      return Versions.parse(text);
    } catch (SelectException e) {
      throw new UserException(e.getMessage(), Gofer.EXIT_USAGE);
    }
  }

  Resolver resolver() {
    return new Resolver(home());
  }

  /** Resolves with automatic installation through {@code gofer toolchain install}, in-process. */
  Activator activator(CommandLineRunner runner) {
    return new Activator(home(), installer(runner));
  }

  /** Runs a gofer command line in this process (the seam to {@code toolchain install}). */
  @FunctionalInterface
  interface CommandLineRunner {
    int run(String... args);
  }

  /**
   * The installer seam: {@code gofer toolchain install VERSION} run in this process, its output
   * on stderr so that a command's stdout stays data.
   */
  Installer installer(CommandLineRunner runner) {
    return version -> {
      int code = runner.run("toolchain", "install", version);
      if (code != 0) {
        throw new IllegalStateException("gofer toolchain install " + version + " failed (exit " + code + ")");
      }
    };
  }

  /** A runner of gofer command lines sharing this context, writing everything to {@code err}. */
  CommandLineRunner runner(PrintWriter err) {
    return args -> {
      picocli.CommandLine cli = Gofer.commandLine(env, logs, cwd);
      if (!cli.getSubcommands().get("toolchain").getSubcommands().containsKey("install")) {
        throw new UserException("automatic installation needs 'gofer toolchain install', which this gofer lacks");
      }
      cli.setOut(err);
      cli.setErr(err);
      return cli.execute(args);
    };
  }

  /** The shims, starting gofer the way this process was started (or as {@code GOFER_CMD} says). */
  Shims shims() {
    return new Shims(home(), goferCommand());
  }

  /** Rewrites shims and version links when they are out of date. */
  void refreshShims() {
    shims().refresh();
  }

  private String goferCommand() {
    String cmd = env.get(ENV_GOFER_CMD);
    if (cmd != null && !cmd.isBlank()) {
      return cmd;
    }
    String launcher = env.get("GOFER_LAUNCHER");
    if (launcher != null && !launcher.isBlank()) {
      return Shims.quote(launcher);
    }
    List<String> words = new ArrayList<>();
    words.add(ProcessHandle.current().info().command().orElse("java"));
    Path jar = jar();
    if (jar != null) {
      words.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
    } else {
      words.addAll(List.of("-cp", System.getProperty("java.class.path"), Gofer.class.getName()));
    }
    return String.join(" ", words.stream().map(Shims::quote).toList());
  }

  private static Path jar() {
    try {
      Path p = Path.of(Gofer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) ? p : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /** {@code --proxy}, else {@code GOPROXY}, else {@value #DEFAULT_PROXY}. */
  String goproxy(String flag) {
    if (flag != null && !flag.isBlank()) {
      return flag;
    }
    String v = env.get("GOPROXY");
    return v == null || v.isBlank() ? DEFAULT_PROXY : v;
  }

  ModuleSource moduleSource(String proxyFlag) {
    try {
      return ModuleSource.create(goproxy(proxyFlag), env.get("GOSUMDB"), home(), Platform.current());
    } catch (InstallException e) {
      throw userError(e);
    }
  }

  static UserException userError(InstallException e) {
    return new UserException(e.getMessage(), e.isUsage() ? Gofer.EXIT_USAGE : Gofer.EXIT_RUNTIME);
  }

}
