package dev.gofer.toolchain.select;

import dev.gofer.toolchain.GoferHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Installed toolchains as tests need them: a GOROOT whose bin/go prints its version. */
final class Fakes {
  private Fakes() {}

  /** Installs a fake {@code go<version>} whose go and gofmt print their version, GOROOT and args. */
  static Path install(GoferHome home, String version) throws IOException {
    Path root = home.toolchain(version);
    Path bin = Files.createDirectories(root.resolve("bin"));
    script(bin.resolve("go"), "echo \"go version go" + version + " linux/amd64 GOROOT=$GOROOT GOTOOLCHAIN=$GOTOOLCHAIN args=$*\"");
    script(bin.resolve("gofmt"), "echo \"gofmt of go" + version + " args=$*\"");
    return root;
  }

  /** An executable sh script at {@code file} running {@code body}. */
  static Path script(Path file, String body) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
