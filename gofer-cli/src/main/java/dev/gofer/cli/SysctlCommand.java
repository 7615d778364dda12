package dev.gofer.cli;

import dev.gofer.host.HostRoot;
import dev.gofer.host.doctor.Context;
import dev.gofer.host.doctor.SysctlPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gofer sysctl}: the sysctl.d file with only the settings this host needs for Go services. */
@Command(
    name = "sysctl",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Write the sysctl settings this host needs for Go services.",
    description = {
      "",
      "Runs the doctor's kernel checks and prints " + SysctlPlan.PATH + " with only the settings "
          + "they call for (net.core.somaxconn below 1024, vm.swappiness above 60 with swap active, "
          + "kernel.yama.ptrace_scope 2 in the build profile; never fs.file-max on systemd hosts), "
          + "each with a comment giving the reason. When nothing is needed it says so and writes "
          + "nothing.",
      "",
      "--write puts the file under --sysroot (atomically: a temporary file, then a rename); "
          + "--output FILE writes it to FILE instead.",
      "",
      "Examples:",
      "  gofer sysctl                          # show what this host needs",
      "  sudo gofer sysctl --write && sudo sysctl --system",
      "  gofer sysctl --sysroot /mnt/web1 --output web1-sysctl.conf",
      "",
      "Exit 0: printed, written, or nothing needed; 2: usage error; 3: could not write.",
    })
final class SysctlCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin HostOptions hostOptions;

  @Option(names = "--write", description = "Write the file to SYSROOT" + SysctlPlan.PATH + ".")
  boolean write;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the file to FILE.")
  Path output;

  @Override
  public Integer call() {
    if (write && output != null) {
      throw new UserException("--write and --output exclude each other", Gofer.EXIT_USAGE);
    }
    HostRoot host = hostOptions.host();
    SysctlPlan plan = SysctlPlan.of(new Context(host, hostOptions.profile(), System.getenv(), Optional.empty(), Optional.empty()));
    PrintWriter out = spec.commandLine().getOut();
    if (plan.isEmpty()) {
      out.println("# this host needs no sysctl settings for Go services; nothing written");
      out.flush();
      return 0;
    }
    String text = plan.render();
    if (!write && output == null) {
      out.print(text);
      out.flush();
      return 0;
    }
    Path target = output != null ? output : host.resolve(SysctlPlan.PATH);
    try {
      writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UserException("writing " + target + ": " + e.getMessage());
    }
    String applied = output != null ? target.toString() : SysctlPlan.PATH;
    out.println("wrote " + target + " (" + plan.settings().size() + " setting" + (plan.settings().size() == 1 ? "" : "s") + ")");
    out.println("next: sysctl -p " + applied + "   (or sysctl --system), then restart the Go services");
    out.flush();
    return 0;
  }

  /** Temporary file in the target's directory, fsync, rename over the target. */
  private static void writeAtomically(Path target, byte[] data) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
