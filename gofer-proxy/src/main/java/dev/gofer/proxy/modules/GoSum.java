package dev.gofer.proxy.modules;

import java.util.List;
import java.util.Optional;

/** Reading go.sum lines ({@code <module> <version>[/go.mod] h1:<base64>}). */
final class GoSum {
  private GoSum() {}

  /**
   * The {@code h1:} hash that {@code lines} give for {@code module} and {@code what} (a version
   * for the zip line, {@code <version>/go.mod} for the go.mod line). Lines with other hash
   * algorithms are ignored, as the go command ignores them.
   */
  static Optional<String> hash(List<String> lines, String module, String what) {
    for (String line : lines) {
      String[] f = line.strip().split(" ");
      if (f.length == 3 && f[0].equals(module) && f[1].equals(what) && f[2].startsWith("h1:")) {
        return Optional.of(f[2]);
      }
    }
    return Optional.empty();
  }
}
