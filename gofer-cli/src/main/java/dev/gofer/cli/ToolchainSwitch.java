package dev.gofer.cli;

import dev.gofer.toolchain.select.Activator;
import dev.gofer.toolchain.select.Installed;
import dev.gofer.toolchain.select.Resolution;
import dev.gofer.toolchain.select.SelectException;
import dev.gofer.toolchain.select.ShellInit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code gofer toolchain} commands that choose and run toolchains: {@code use}, {@code local},
 * {@code shell}, {@code current}, {@code which}, {@code exec}, {@code init} and {@code rehash}.
 * The order in which a toolchain is chosen is {@link dev.gofer.toolchain.select.Resolver}'s.
 */
final class ToolchainSwitch {
  private ToolchainSwitch() {}

  static final String ORDER =
      "Order: GOFER_GO_VERSION; .go-version (walking up); the toolchain line, else the go line as a"
          + " minimum, of the nearest go.work or go.mod; .tool-versions; $GOFER_HOME/version;"
          + " the system go on PATH.";

  /** {@link SelectException} as the one-line error and exit code of a command. */
  static UserException userError(SelectException e, int notInstalledExit) {
    int code =
        switch (e.kind()) {
          case BAD_VERSION -> Gofer.EXIT_USAGE;
          case BAD_FILE -> Gofer.EXIT_RUNTIME;
          case NOT_INSTALLED, NO_GO -> notInstalledExit;
        };
    return new UserException(e.getMessage(), code);
  }

  /** Writes {@code text} to {@code file} by rename, so readers see the old or the new file. */
  static void writeAtomically(Path file, String text) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the next write replaces it
      }
      throw new UserException("writing " + file + ": " + e.getMessage());
    }
  }

  /** A version or {@code system}. */
  static String versionOrSystem(String text) {
    return text.equals("system") ? text : ToolchainContext.version(text);
  }

  static void warnIfMissing(ToolchainContext ctx, String v, PrintWriter err) {
    if (!v.equals("system") && !Installed.has(ctx.home(), v)) {
      err.println("gofer: go" + v + " is not installed yet; run: gofer toolchain install " + v);
    }
  }

  @Command(name = "use", mixinStandardHelpOptions = true,
      header = "Set the global toolchain ($GOFER_HOME/version).",
      description = {"", "VERSION is 1.22.5, go1.22.5, or 'system' (the go on PATH).", ORDER})
  static final class Use implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ToolchainContext ctx;
    @Parameters(paramLabel = "VERSION") String version;

    @Override
    public Integer call() {
      String v = versionOrSystem(version);
      writeAtomically(ctx.home().globalVersionFile(), v + "\n");
      ctx.refreshShims();
      warnIfMissing(ctx, v, spec.commandLine().getErr());
      spec.commandLine().getOut().println("global toolchain: " + v + " (" + ctx.home().globalVersionFile() + ")");
      return 0;
    }
  }

  @Command(name = "local", mixinStandardHelpOptions = true,
      header = "Pin this directory's toolchain (writes .go-version here).",
      description = {"", "VERSION is 1.22.5, go1.22.5, or 'system'.", ORDER})
  static final class Local implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ToolchainContext ctx;
    @Parameters(paramLabel = "VERSION") String version;

    @Override
    public Integer call() {
      String v = versionOrSystem(version);
      Path file = ctx.cwd.resolve(".go-version");
      writeAtomically(file, v + "\n");
      ctx.refreshShims();
      warnIfMissing(ctx, v, spec.commandLine().getErr());
      spec.commandLine().getOut().println("local toolchain: " + v + " (" + file + ")");
      return 0;
    }
  }

  @Command(name = "shell", mixinStandardHelpOptions = true,
      header = "Print the line that pins this shell's toolchain.",
      description = {"", "Use: eval \"$(gofer toolchain shell 1.22.5)\"; fish: gofer toolchain shell --shell fish 1.22.5 | source"})
  static final class Shell implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ToolchainContext ctx;
    @Parameters(paramLabel = "VERSION") String version;
    @Option(names = "--shell", paramLabel = "SHELL", description = "bash, zsh (default: export line) or fish.")
    String shell = "bash";

    @Override
    public Integer call() {
      String v = versionOrSystem(version);
      warnIfMissing(ctx, v, spec.commandLine().getErr());
      ShellInit.Shell s = parseShell(shell);
      spec.commandLine().getOut().println(
          s == ShellInit.Shell.FISH ? "set -gx GOFER_GO_VERSION " + v : "export GOFER_GO_VERSION=" + v);
      return 0;
    }
  }

  static ShellInit.Shell parseShell(String name) {
    try {
      return ShellInit.Shell.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserException("unknown shell \"" + name + "\": want bash, zsh or fish", Gofer.EXIT_USAGE);
    }
  }

  @Command(name = "current", mixinStandardHelpOptions = true,
      header = "Show the toolchain chosen here and why.",
      description = {"", ORDER, "Exit 1 when the chosen toolchain is not installed."})
  static final class Current implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ToolchainContext ctx;
    @Option(names = "--json", description = "Print {\"version\", \"source\", \"installed\", \"goroot\"?, \"go\"?} as JSON.")
    boolean json;

    @Override
    public Integer call() {
      Resolution r;
      try {
        r = ctx.resolver().resolve(ctx.cwd, ctx.env);
      } catch (SelectException e) {
        throw userError(e, Gofer.EXIT_PROBLEMS);
      }
      Activator activator = new Activator(ctx.home(), dev.gofer.toolchain.select.Installer.NONE);
      Optional<Activator.Target> t = activator.target(r);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        StringBuilder b = new StringBuilder("{\"version\":").append(Json.quote(t.map(Activator.Target::version).orElse(r.version())));
        b.append(",\"source\":").append(Json.quote(r.source()));
        b.append(",\"installed\":").append(t.isPresent());
        t.flatMap(Activator.Target::goroot).ifPresent(g -> b.append(",\"goroot\":").append(Json.quote(g.toString())));
        t.ifPresent(x -> b.append(",\"go\":").append(Json.quote(x.bin().resolve("go").toString())));
        out.println(b.append('}'));
      } else if (t.isPresent()) {
        out.println(t.get().version() + " (set by " + r.source() + ")");
      } else {
        out.println(r.version() + " (set by " + r.source() + ")");
        spec.commandLine().getErr().println("gofer: " + Activator.notInstalled(r).getMessage());
      }
      out.flush();
      return t.isPresent() ? 0 : Gofer.EXIT_PROBLEMS;
    }
  }

  @Command(name = "which", mixinStandardHelpOptions = true,
      header = "Print the path of a program of the active toolchain.",
      description = {"", "PROGRAM is go (default), gofmt, or a tool in the toolchain's GOBIN (gopls, dlv).",
          ORDER, "Exit 1 when the toolchain or program is not installed; GOFER_AUTO_INSTALL=1 installs the toolchain."})
  static final class Which implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ToolchainContext ctx;
    @Parameters(paramLabel = "PROGRAM", arity = "0..1") String program = "go";

    @Override
    public Integer call() {
      Activator.Target t = activate(ctx, spec.commandLine().getErr(), Gofer.EXIT_PROBLEMS);
      List<Path> candidates = new ArrayList<>(List.of(t.bin().resolve(program)));
      if (!t.version().equals("system")) {
        candidates.add(ctx.home().toolsBin(t.version()).resolve(program));
      } else if (!program.equals("go")) {
        ctx.resolver().systemGo(ctx.env, program).ifPresent(candidates::add);
      }
      Path found = candidates.stream().filter(Files::isExecutable).findFirst()
          .orElseThrow(() -> new UserException(
              (t.version().equals("system") ? "the system go" : "go" + t.version()) + " has no " + program
                  + " (looked in " + String.join(", ", candidates.stream().map(Path::toString).toList()) + ")",
              Gofer.EXIT_PROBLEMS));
      spec.commandLine().getOut().println(found);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** The active toolchain, installed on demand; refreshes the shims. */
  static Activator.Target activate(ToolchainContext ctx, PrintWriter err, int notInstalledExit) {
    try {
      Activator.Target t = ctx.activator(ctx.runner(err)).activate(ctx.cwd, ctx.env);
      ctx.refreshShims();
      return t;
    } catch (SelectException e) {
      throw userError(e, notInstalledExit);
    }
  }

  @Command(name = "exec", mixinStandardHelpOptions = true,
      header = "Run a command with a toolchain first on PATH.",
      description = {"", "Sets GOROOT, puts the toolchain's bin and GOBIN first on PATH, pins GOFER_GO_VERSION",
          "for nested shims and sets GOTOOLCHAIN=local unless it is set. Exits with the command's code."},
      footerHeading = "%nExample:%n",
      footer = "  gofer toolchain exec 1.22.5 -- go test ./...")
  static final class Exec implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ToolchainContext ctx;
    @Parameters(index = "0", paramLabel = "VERSION") String version;
    @Parameters(index = "1..*", paramLabel = "CMD", arity = "1..*") List<String> command;

    @Override
    public Integer call() throws InterruptedException {
      String v = ToolchainContext.version(version);
      Map<String, String> env = new java.util.HashMap<>(ctx.env);
      env.put(dev.gofer.toolchain.select.Resolver.ENV_VERSION, v);
      ToolchainContext pinned = ctx.withEnv(env);
      Activator.Target t = activate(pinned, spec.commandLine().getErr(), Gofer.EXIT_RUNTIME);
      ProcessBuilder pb = new ProcessBuilder(command).directory(ctx.cwd.toFile()).inheritIO();
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.environment().put("PATH", t.bin() + ":" + ctx.home().toolsBin(v) + ":" + env.getOrDefault("PATH", ""));
      t.goroot().ifPresent(g -> pb.environment().put("GOROOT", g.toString()));
      pb.environment().putIfAbsent("GOTOOLCHAIN", "local");
      spec.commandLine().getOut().flush();
      try {
        return pb.start().waitFor();
      } catch (IOException e) {
        throw new UserException("running " + command.getFirst() + ": " + e.getMessage(), Gofer.EXIT_RUNTIME);
      }
    }
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      header = "Write the shims and print the shell snippet that puts them first on PATH.",
      description = {"", "bash:  echo 'eval \"$(gofer toolchain init bash)\"' >> ~/.bashrc",
          "zsh:   echo 'eval \"$(gofer toolchain init zsh)\"' >> ~/.zshrc",
          "fish:  echo 'gofer toolchain init fish | source' >> ~/.config/fish/config.fish"})
  static final class Init implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ToolchainContext ctx;
    @Parameters(paramLabel = "SHELL", arity = "0..1", description = "bash, zsh or fish (default: from $SHELL, else bash).")
    String shell;

    @Override
    public Integer call() {
      String name = shell != null ? shell : Path.of(ctx.env.getOrDefault("SHELL", "bash")).getFileName().toString();
      ShellInit.Shell s = shell != null ? parseShell(name) : (name.equals("zsh") || name.equals("fish") ? parseShell(name) : ShellInit.Shell.BASH);
      ctx.refreshShims();
      spec.commandLine().getOut().print(ShellInit.snippet(s, ctx.home()));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "rehash", mixinStandardHelpOptions = true,
      header = "Rewrite the shims and the go1.X.Y links of the installed toolchains.",
      description = {"", "use, local, which, exec and init do this too when something changed."})
  static final class Rehash implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ToolchainContext ctx;

    @Override
    public Integer call() {
      boolean changed = ctx.shims().refresh();
      spec.commandLine().getOut().println((changed ? "updated " : "up to date: ") + ctx.home().bin());
      return 0;
    }
  }
}
