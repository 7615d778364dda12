package dev.gofer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gofer serve}: the verifying module proxy (being built; see the README). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    header = "Run a verifying Go module proxy and checksum-database mirror.",
    description = {"", "Not built yet: this command arrives with the proxy (issue 3)."})
final class ServeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException(
        "serve is not built yet: the verifying proxy is the next milestone (see README.md)");
  }
}
