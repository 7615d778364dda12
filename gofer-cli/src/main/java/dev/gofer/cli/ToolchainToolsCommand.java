package dev.gofer.cli;

import dev.gofer.mod.goproxy.ClientOptions;
import dev.gofer.mod.goproxy.ProxyChain;
import dev.gofer.mod.ModException;
import dev.gofer.toolchain.select.Installed;
import dev.gofer.toolchain.tools.Ptrace;
import dev.gofer.toolchain.tools.Releases;
import dev.gofer.toolchain.tools.Tool;
import dev.gofer.toolchain.tools.ToolException;
import dev.gofer.toolchain.tools.ToolInstaller;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gofer toolchain tools}: gopls and dlv per toolchain. */
@Command(
    name = "tools",
    mixinStandardHelpOptions = true,
    header = "Build gopls and dlv with a toolchain, into that toolchain's GOBIN.",
    subcommands = {ToolchainToolsCommand.Install.class, ToolchainToolsCommand.GrantPtrace.class})
final class ToolchainToolsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code --toolchain V}, else the active toolchain (resolved as {@code which} does); must be a gofer toolchain. */
  static String toolchain(ToolchainContext ctx, String flag, PrintWriter err) {
    if (flag != null) {
      String v = ToolchainContext.version(flag);
      if (!Installed.has(ctx.home(), v)) {
        throw new UserException("go" + v + " is not installed; run: gofer toolchain install " + v, Gofer.EXIT_RUNTIME);
      }
      return v;
    }
    String v = ToolchainSwitch.activate(ctx, err, Gofer.EXIT_RUNTIME).version();
    if (v.equals("system")) {
      throw new UserException("the active toolchain is the system go, and tools are kept per gofer toolchain;"
          + " pass --toolchain VERSION or run: gofer toolchain use VERSION", Gofer.EXIT_RUNTIME);
    }
    return v;
  }

  static UserException userError(ToolException e) {
    return new UserException(e.getMessage(), e.isUsage() ? Gofer.EXIT_USAGE : Gofer.EXIT_RUNTIME);
  }

  @Command(name = "install", mixinStandardHelpOptions = true,
      header = "Build tools with a toolchain into $GOFER_HOME/tools/go<V>/bin.",
      description = {"",
          "TOOL is gopls, dlv, or the path of a main package; TOOL@VERSION pins a release (gopls@v0.16.2).",
          "Without a version, the newest release whose go.mod go line the toolchain accepts is chosen",
          "(from the GOPROXY list's @v/list and .mod files). The toolchain builds it with",
          "GOTOOLCHAIN=local, the GOPROXY/GOSUMDB in effect, and GOMODCACHE/GOCACHE under",
          "$GOFER_HOME/cache unless set. The shims in $GOFER_HOME/bin then run the tool of the",
          "toolchain chosen for the working directory."})
  static final class Install implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ToolchainContext ctx;

    @Parameters(arity = "1..*", paramLabel = "TOOL") List<String> tools;

    @Option(names = "--toolchain", paramLabel = "VERSION", description = "Toolchain to build with (default: the active one).")
    String toolchain;

    @Option(names = "--proxy", paramLabel = "GOPROXY", description = "GOPROXY list to use. Env: GOPROXY. Default: " + ToolchainContext.DEFAULT_PROXY + ".")
    String proxy;

    @Option(names = "--json", description = "Print [{\"tool\", \"module\", \"version\", \"goLine\", \"toolchain\", \"path\"}] as JSON.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String v = toolchain(ctx, toolchain, err);
      String goproxy = ctx.goproxy(proxy);
      Map<String, String> env = new HashMap<>(ctx.env);
      env.put("GOPROXY", goproxy);
      ToolInstaller installer = new ToolInstaller(ctx.home(), v, env, line -> err.println("  " + line));
      List<String> rows = new ArrayList<>();
      try (ProxyChain chain = ProxyChain.create(goproxy, ClientOptions.defaults())) {
        List<Tool.Request> requests = new ArrayList<>();
        for (String t : tools) {
          requests.add(Tool.parse(t, chain));
        }
        for (Tool.Request r : requests) {
          Tool tool = r.tool();
          String version;
          String goLine;
          if (r.version().isPresent()) {
            version = r.version().get();
            goLine = Releases.goLine(chain, tool.module(), version);
          } else {
            Releases.Choice c = Releases.newestFor(chain, tool.module(), v);
            version = c.version();
            goLine = c.goLine();
            err.println(tool.name() + ": " + tool.module() + "@" + version + " (go " + goLine + ") is the newest release go" + v + " can build"
                + (c.skipped().isEmpty() ? "" : "; skipped " + String.join(", ", c.skipped())));
          }
          err.println("building " + tool.pkg() + "@" + version + " with go" + v);
          err.flush();
          Path path = installer.install(tool, version);
          if (!json) {
            out.println(tool.name() + " " + version + " installed in " + path);
            out.flush();
          }
          rows.add("{\"tool\":" + Json.quote(tool.name()) + ",\"module\":" + Json.quote(tool.module())
              + ",\"version\":" + Json.quote(version) + ",\"goLine\":" + Json.quote(goLine)
              + ",\"toolchain\":" + Json.quote(v) + ",\"path\":" + Json.quote(path.toString()) + "}");
        }
      } catch (ToolException e) {
        throw userError(e);
      } catch (ModException e) {
        throw new UserException(e.getMessage(), Gofer.EXIT_RUNTIME);
      } finally {
        if (!rows.isEmpty()) {
          ctx.refreshShims();
        }
      }
      if (json) {
        out.println(rows.stream().collect(Collectors.joining(",", "[", "]")));
      }
      return 0;
    }
  }

  @Command(name = "grant-ptrace", mixinStandardHelpOptions = true,
      header = "Give a toolchain's dlv CAP_SYS_PTRACE (setcap), so dlv attach works without root.",
      description = {"",
          "Runs setcap cap_sys_ptrace+ep on $GOFER_HOME/tools/go<V>/bin/dlv (Debian: apt-get install",
          "libcap2-bin) and checks the result with getcap. Needs root. Explains",
          "/proc/sys/kernel/yama/ptrace_scope (3 forbids attaching even with the capability) and",
          "that file capabilities do nothing under no_new_privs (systemd NoNewPrivileges=yes,",
          "containers with no-new-privileges)."})
  static final class GrantPtrace implements Callable<Integer> {
    /** The proc file system to read; tests point it elsewhere. */
    static final String ENV_PROC = "GOFER_PROC";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ToolchainContext ctx;

    @Option(names = "--toolchain", paramLabel = "VERSION", description = "Whose dlv (default: the active toolchain's).")
    String toolchain;

    @Option(names = "--dry-run", description = "Print what would run, change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      String v = toolchain(ctx, toolchain, spec.commandLine().getErr());
      Path dlv = ctx.home().toolsBin(v).resolve("dlv");
      if (!Files.isExecutable(dlv)) {
        throw new UserException("go" + v + " has no dlv (" + dlv + "); run: gofer toolchain tools install dlv --toolchain " + v, Gofer.EXIT_RUNTIME);
      }
      Path proc = Path.of(ctx.env.getOrDefault(ENV_PROC, "/proc"));
      Ptrace.explain(Ptrace.Kernel.read(proc)).forEach(out::println);
      String command = String.join(" ", Ptrace.setcapCommand(dlv));
      if (dryRun) {
        out.println("dry run, would run: " + command);
        out.flush();
        return 0;
      }
      if (effectiveUid(proc) != 0) {
        out.flush();
        throw new UserException("setting a file capability needs root; run: sudo gofer toolchain tools grant-ptrace --toolchain " + v, Gofer.EXIT_RUNTIME);
      }
      if (Ptrace.onPath("setcap", ctx.env.getOrDefault("PATH", "") + ":/usr/sbin:/sbin").isEmpty()) {
        throw new UserException("setcap not found; install it (Debian/Ubuntu: apt-get install -y libcap2-bin)", Gofer.EXIT_RUNTIME);
      }
      out.println("running: " + command);
      out.flush();
      try {
        Ptrace.grant(dlv);
        String caps = Ptrace.capabilities(dlv);
        if (!caps.contains(Ptrace.CAPABILITY)) {
          throw new UserException("setcap ran but getcap " + dlv + " shows \"" + caps + "\", not " + Ptrace.CAPABILITY
              + " (does the file system support security.* extended attributes?)", Gofer.EXIT_RUNTIME);
        }
        out.println("granted: getcap " + dlv + " = " + caps);
        out.println("note: rebuilding dlv (tools install dlv) replaces the file and drops the capability; run grant-ptrace again");
      } catch (ToolException e) {
        throw userError(e);
      }
      return 0;
    }

    /** The effective user id, from {@code <proc>/self/status} ({@code Uid: real effective ...}). */
    static int effectiveUid(Path proc) {
      try {
        for (String line : Files.readAllLines(proc.resolve("self/status"))) {
          if (line.startsWith("Uid:")) {
            return Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
          }
        }
      } catch (IOException | RuntimeException e) {
        // fall through: treat as not root
      }
      return -1;
    }
  }
}
