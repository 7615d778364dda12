package dev.gofer.toolchain.install;

import dev.gofer.toolchain.GoferHome;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link InstallerTest}: installs a toolchain and prints a line at the
 * moment the parent should kill it. With mode {@code unpacked} (the default) it prints {@code
 * unpacked} once the tree is unpacked in its staging directory and blocks until killed; with
 * {@code verified} it prints {@code verified} as unpacking starts and goes on, so that a kill
 * lands in the middle of the unpack.
 */
public final class InstallCrashChild {
  private InstallCrashChild() {}

  public static void main(String[] args) throws Exception {
    GoferHome home = new GoferHome(Path.of(args[0]));
    boolean midUnpack = args.length > 4 && args[4].equals("verified");
    Listener listener = new Listener() {
      @Override
      public void info(String message) {
        if (midUnpack && message.startsWith("verified ")) {
          System.out.println("verified");
          System.out.flush();
        }
      }

      @Override
      public Download download(String what) {
        return Download.NONE;
      }
    };
    try (ModuleSource s = ModuleSource.create(args[1], args[2], home, Platform.current())) {
      Installer installer = midUnpack
          ? new Installer(home, s, listener)
          : new Installer(home, s, listener, root -> {
            System.out.println("unpacked");
            System.out.flush();
            System.in.read(); // the parent kills this process; it never answers
            throw new IllegalStateException("not killed");
          });
      installer.install(VersionRequest.parse(args[3]));
    }
    System.out.println("installed");
  }
}
