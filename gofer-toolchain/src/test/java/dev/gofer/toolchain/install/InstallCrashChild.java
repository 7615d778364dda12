package dev.gofer.toolchain.install;

import dev.gofer.toolchain.GoferHome;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link InstallerTest}: installs a toolchain, and once it is unpacked in
 * its staging directory, prints {@code unpacked} and blocks until killed.
 */
public final class InstallCrashChild {
  private InstallCrashChild() {}

  public static void main(String[] args) throws Exception {
    GoferHome home = new GoferHome(Path.of(args[0]));
    try (ModuleSource s = ModuleSource.create(args[1], args[2], home, Platform.current())) {
      new Installer(home, s, Listener.NONE, root -> {
        System.out.println("unpacked");
        System.out.flush();
        System.in.read(); // the parent kills this process; it never answers
        throw new IllegalStateException("not killed");
      }).install(VersionRequest.parse(args[3]));
    }
  }
}
