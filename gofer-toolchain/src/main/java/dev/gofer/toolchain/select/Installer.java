package dev.gofer.toolchain.select;

/**
 * Installs a toolchain on demand ({@code GOFER_AUTO_INSTALL=1}). The seam between choosing and
 * installing: the CLI implements it with {@code gofer toolchain install}.
 */
@FunctionalInterface
public interface Installer {
  /**
   * Installs {@code version} ({@code 1.22.5}, or a minimum such as {@code 1.22} meaning its newest
   * patch release) into the home, or throws with a one-line message.
   */
  void install(String version) throws Exception;

  /** An installer that refuses: automatic installation is not available. */
  Installer NONE =
      v -> {
        throw new UnsupportedOperationException("automatic installation is not available");
      };
}
