package dev.gofer.toolchain.select;

import dev.gofer.mod.gover.Gover;
import dev.gofer.toolchain.GoferHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The installed toolchains of a {@link GoferHome}: directories {@code toolchains/go<V>} with an
 * executable {@code bin/go}. Staging directories ({@code .tmp-} in the name) never count.
 */
public final class Installed {
  private Installed() {}

  /** Whether toolchain {@code version} is installed. */
  public static boolean has(GoferHome home, String version) {
    return Files.isExecutable(home.toolchain(version).resolve("bin").resolve("go"));
  }

  /** The installed versions, oldest first in Go's version order. */
  public static List<String> versions(GoferHome home) {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(home.toolchains())) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(home.toolchains())) {
      dirs.forEach(
          d -> {
            String name = d.getFileName().toString();
            String v = name.startsWith("go") && !name.contains(".tmp-") ? name.substring(2) : "";
            if (Gover.isValid(v) && Files.isExecutable(d.resolve("bin").resolve("go"))) {
              out.add(v);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Gover.sort(out);
    return out;
  }
}
