package dev.gofer.cli;

import dev.gofer.mod.gover.Gover;
import dev.gofer.toolchain.install.InstallException;
import dev.gofer.toolchain.install.ModuleSource;
import dev.gofer.toolchain.install.Toolchains;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
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
      "Installed toolchains are listed newest first with their GOROOT. --remote reads the proxy's",
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

  @Option(names = "--json", description = "Print [{\"version\", \"goroot\"?}] as JSON.")
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
        out.println(versions.stream().map(v -> "{\"version\":" + ToolchainContext.json(v) + "}").collect(Collectors.joining(",", "[", "]")));
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
    if (json) {
      out.println(installed.stream()
          .map(t -> "{\"version\":" + ToolchainContext.json(t.version()) + ",\"goroot\":" + ToolchainContext.json(t.goroot().toString()) + "}")
          .collect(Collectors.joining(",", "[", "]")));
    } else {
      installed.forEach(t -> out.println("go" + t.version() + "\t" + t.goroot()));
    }
    return 0;
  }
}
