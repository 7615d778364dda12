package dev.gofer.cli;

import dev.gofer.toolchain.install.InstallException;
import dev.gofer.toolchain.install.Toolchains;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gofer toolchain uninstall VERSION}. */
@Command(
    name = "uninstall",
    mixinStandardHelpOptions = true,
    header = "Remove an installed toolchain (read-only files included).")
final class ToolchainUninstallCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @CommandLine.Mixin ToolchainContext env;

  @Parameters(paramLabel = "VERSION", description = "The exact version: 1.22.5 or go1.22.5.")
  String version;

  @Option(names = "--json", description = "Print {\"removed\": GOROOT} as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Path removed;
    try {
      removed = new Toolchains(env.home()).uninstall(version);
      env.refreshShims(); // drop the go1.X.Y link of what was removed
    } catch (InstallException e) {
      throw ToolchainContext.userError(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    spec.commandLine().getOut().println(json ? "{\"removed\":" + Json.quote(removed.toString()) + "}" : "removed " + removed);
    return 0;
  }
}
