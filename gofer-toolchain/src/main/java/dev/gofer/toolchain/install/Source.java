package dev.gofer.toolchain.install;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where toolchains come from: the toolchain module through a proxy, or a release index. */
public sealed interface Source extends AutoCloseable permits ModuleSource, IndexSource {

  /** The Go versions (no {@code go} prefix) this source offers for its platform, in no order. */
  List<String> available();

  /**
   * Downloads toolchain {@code version}, verifies it before unpacking anything, and unpacks it
   * as a finished GOROOT into {@code root}, which must not exist. Temporary files go into {@code
   * work}, an empty private directory that the caller removes afterwards.
   *
   * @throws InstallException if the toolchain is missing, does not verify or does not unpack
   */
  void fetch(String version, Path work, Path root, Listener listener) throws IOException;

  @Override
  void close();
}
