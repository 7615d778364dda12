package dev.gofer.toolchain.select;

import java.nio.file.Path;

/**
 * What {@link Resolver} chose for a directory, and why ({@link #source()}, for example {@code
 * /src/app/.go-version} or {@code GOFER_GO_VERSION}).
 */
public sealed interface Resolution {
  /** Why this was chosen: a variable, a file, or a description such as {@code system go on PATH}. */
  String source();

  /** The version for display: {@code 1.22.5}, {@code >=1.21}, or {@code system}. */
  String version();

  /** A specific toolchain, installed or not. */
  record Toolchain(String version, String source) implements Resolution {}

  /**
   * A {@code go} line no installed toolchain satisfies: any toolchain at least {@code minimum}
   * would do. Install one with {@code gofer toolchain install minimum}.
   */
  record Unsatisfied(String minimum, String source) implements Resolution {
    @Override
    public String version() {
      return ">=" + minimum;
    }
  }

  /** Nothing chose a gofer toolchain: the first {@code go} on PATH that is not a shim. */
  record System(Path go, String source) implements Resolution {
    @Override
    public String version() {
      return "system";
    }
  }

  /** Nothing chose a toolchain and PATH has no go either. */
  record None(String source) implements Resolution {
    @Override
    public String version() {
      return "none";
    }
  }
}
