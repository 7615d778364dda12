package dev.gofer.cli;

import dev.gofer.host.HostRoot;
import dev.gofer.host.unit.JournaldDropIn;
import dev.gofer.host.unit.SpecException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gofer journald}: a drop-in for a persistent, size-capped journal. */
@Command(
    name = "journald",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Write a journald drop-in for persistent, size-capped logs.",
    description = {
      "",
      "Prints " + JournaldDropIn.PATH + ": Storage=persistent (logs survive a reboot, "
          + "also on the RHEL family, whose RPM does not create /var/log/journal), SystemMaxUse= "
          + "(default " + JournaldDropIn.DEFAULT_MAX_USE + ") and SystemKeepFree=" + JournaldDropIn.DEFAULT_KEEP_FREE
          + ". With --write, writes it atomically under --sysroot, creates /var/log/journal "
          + "(mode 2755, group systemd-journal) and prints the commands that make journald use it.",
      "",
      "Examples:",
      "  gofer journald                      # show the drop-in",
      "  sudo gofer journald --write --max-use 2G",
      "  gofer journald --write --sysroot /mnt/image",
    },
    footer = {"", "Exit codes: 0 done, 2 bad option, 3 could not write (or a different drop-in exists)."})
final class JournaldCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--sysroot", paramLabel = "DIR", defaultValue = "/", description = "Host root to write under. Default: ${DEFAULT-VALUE}.")
  Path sysroot;

  @Option(names = "--write", description = "Write the drop-in and create /var/log/journal instead of printing.")
  boolean write;

  @Option(names = "--max-use", paramLabel = "SIZE", defaultValue = JournaldDropIn.DEFAULT_MAX_USE, description = "Cap on the journal's disk use (SystemMaxUse=). Default: ${DEFAULT-VALUE}.")
  String maxUse;

  @Option(names = "--force", description = "With --write, replace a drop-in that differs.")
  boolean force;

  @Override
  public Integer call() {
    JournaldDropIn dropIn;
    try {
      dropIn = JournaldDropIn.of(maxUse);
    } catch (SpecException e) {
      throw new UserException("--max-use: " + e.getMessage(), Gofer.EXIT_USAGE);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!write) {
      out.print(dropIn.text());
      out.flush();
      return 0;
    }
    HostRoot host = HostRoot.of(sysroot);
    Path target = host.resolve(JournaldDropIn.PATH);
    JournaldDropIn.Written w;
    try {
      w = dropIn.write(host, force);
    } catch (FileAlreadyExistsException e) {
      throw new UserException(target + " exists with different content; pass --force to replace it");
    } catch (IOException e) {
      throw new UserException("writing " + target + ": " + e.getMessage());
    }
    out.println(switch (w.dropIn()) {
      case CREATED -> "wrote " + target;
      case REPLACED -> "replaced " + target;
      case UNCHANGED -> "unchanged " + target;
    });
    out.println((w.journalDirCreated() ? "created " : "kept ") + host.resolve(JournaldDropIn.JOURNAL_DIR)
        + " (mode 2755" + w.group().map(g -> ", group " + g).orElse("") + ")");
    out.println("next, on the host:");
    JournaldDropIn.followUp().forEach(c -> out.println("  " + c));
    out.flush();
    return 0;
  }
}
