package dev.gofer.cli;

import dev.gofer.mod.gover.Gover;
import dev.gofer.toolchain.install.InstallException;
import dev.gofer.toolchain.install.ModuleSource;
import dev.gofer.toolchain.install.Toolchains;
import dev.gofer.toolchain.select.Activator;
import dev.gofer.toolchain.select.Resolution;
import dev.gofer.toolchain.select.Resolver;
import dev.gofer.toolchain.select.SelectException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gofer toolchain list [--remote]}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    header = "List installed toolchains, or with --remote those the proxy offers.",
    description = {
      "",
      "Installed toolchains are listed newest first with their GOROOT; the one active in this",
      "directory ends with '* (set by WHAT)', naming the variable or file that chose it (see",
      "'gofer toolchain current'). --remote reads the proxy's",
      "golang.org/toolchain version list for this OS and architecture, newest first in Go's",
      "version order.",
      "",
    })
final class ToolchainListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @CommandLine.Mixin ToolchainContext env;

  @Option(names = "--remote", description = "List what the proxy offers instead.")
  boolean remote;

  @Option(names = "--proxy", paramLabel = "GOPROXY", description = "GOPROXY list for --remote. Env: GOPROXY. Default: " + ToolchainContext.DEFAULT_PROXY + ".")
  String proxy;

  @Option(names = "--json", description = "Print [{\"version\", \"goroot\", \"active\", \"chosenBy\"?}] as JSON (--remote: [{\"version\"}]).")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (remote) {
      List<String> versions;
      try (ModuleSource s = env.moduleSource(proxy)) {
        versions = s.available().stream().distinct().sorted(Gover.ORDER.reversed()).toList();
      } catch (InstallException e) {
        throw ToolchainContext.userError(e);
      }
      if (json) {
        out.println(versions.stream().map(v -> "{\"version\":" + Json.quote(v) + "}").collect(Collectors.joining(",", "[", "]")));
      } else {
        versions.forEach(v -> out.println("go" + v));
      }
      return 0;
    }
    List<Toolchains.Installed> installed;
    try {
      installed = new Toolchains(env.home()).installed();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Active active = active();
    if (json) {
      out.println(installed.stream()
          .map(t -> "{\"version\":" + Json.quote(t.version()) + ",\"goroot\":" + Json.quote(t.goroot().toString())
              + ",\"active\":" + active.is(t.version())
              + (active.is(t.version()) ? ",\"chosenBy\":" + Json.quote(active.chosenBy()) : "") + "}")
          .collect(Collectors.joining(",", "[", "]")));
    } else {
      installed.forEach(t -> out.println("go" + t.version() + "\t" + t.goroot()
          + (active.is(t.version()) ? "\t* (set by " + active.chosenBy() + ")" : "")));
      if (installed.stream().noneMatch(t -> active.is(t.version()))) {
        spec.commandLine().getErr().println("gofer: active here: " + active.note());
      }
    }
    return 0;
  }

  /**
   * The toolchain {@link Resolver} chooses for the working directory: {@code version} when it is
   * a gofer toolchain (installed or not), else empty; {@code note} says what was chosen and why
   * when no listed toolchain is it (the system go, a missing toolchain, a bad version file).
   */
  record Active(Optional<String> version, String chosenBy, String note) {
    boolean is(String v) {
      return version.isPresent() && version.get().equals(v);
    }
  }

  private Active active() {
    Resolution r;
    try {
      r = env.resolver().resolve(env.cwd, env.env);
    } catch (SelectException e) {
      return new Active(Optional.empty(), "", e.getMessage());
    }
    return switch (r) {
      case Resolution.Toolchain t ->
          new Active(Optional.of(t.version()), t.source(), Activator.notInstalled(t).getMessage());
      case Resolution.System s -> new Active(Optional.empty(), s.source(), "the system go " + s.go() + " (set by " + s.source() + ")");
      case Resolution.Unsatisfied u -> new Active(Optional.empty(), u.source(), Activator.notInstalled(u).getMessage());
      case Resolution.None n -> new Active(Optional.empty(), n.source(), Activator.notInstalled(n).getMessage());
    };
  }
}
