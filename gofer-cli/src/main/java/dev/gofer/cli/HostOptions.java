package dev.gofer.cli;

import dev.gofer.host.HostRoot;
import dev.gofer.host.doctor.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --sysroot} and {@code --profile}, shared by {@code doctor} and {@code sysctl}. */
final class HostOptions {
  @Option(names = "--sysroot", paramLabel = "DIR", defaultValue = "/",
      description = "Read the host's files under DIR instead of / (default: ${DEFAULT-VALUE}).")
  Path sysroot;

  @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "host",
      description = "host, container or build (default: ${DEFAULT-VALUE}).")
  String profile;

  /** The root to read through; a usage error when it is not a directory. */
  HostRoot host() {
    if (!Files.isDirectory(sysroot)) {
      throw new UserException("--sysroot " + sysroot + ": not a directory", Gofer.EXIT_USAGE);
    }
    return sysroot.toAbsolutePath().normalize().getParent() == null ? HostRoot.system() : HostRoot.of(sysroot);
  }

  /** The profile; a usage error for an unknown name. */
  Profile profile() {
    return Profile.parse(profile).orElseThrow(() -> new UserException(
        "--profile " + profile + ": unknown profile (want host, container or build)", Gofer.EXIT_USAGE));
  }
}
