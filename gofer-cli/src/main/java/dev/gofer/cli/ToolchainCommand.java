package dev.gofer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gofer toolchain}: verified Go toolchains and per-directory switching. */
@Command(
    name = "toolchain",
    mixinStandardHelpOptions = true,
    header = "Install, switch and run verified Go toolchains.",
    subcommands = {
      ToolchainInstallCommand.class,
      ToolchainListCommand.class,
      ToolchainUninstallCommand.class,
      ToolchainSwitch.Use.class,
      ToolchainSwitch.Local.class,
      ToolchainSwitch.Shell.class,
      ToolchainSwitch.Current.class,
      ToolchainSwitch.Which.class,
      ToolchainSwitch.Exec.class,
      ToolchainSwitch.Init.class,
      ToolchainSwitch.Rehash.class,
      ToolchainToolsCommand.class,
    })
final class ToolchainCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
