package dev.gofer.toolchain.select;

import dev.gofer.mod.gover.Gover;

/** Toolchain versions as users write them: {@code 1.22.5} or {@code go1.22.5}. */
public final class Versions {
  private Versions() {}

  /**
   * The version without its {@code go} prefix, checked with {@link Gover}.
   *
   * @throws SelectException ({@link SelectException.Kind#BAD_VERSION}) for anything else
   */
  public static String parse(String text) {
    String v = strip(text);
    if (v == null) {
      throw new SelectException(
          SelectException.Kind.BAD_VERSION,
          "invalid Go version \"" + text + "\": want a toolchain version such as 1.22.5 or go1.22.5");
    }
    return v;
  }

  /** {@link #parse}, or {@code null} for an invalid version. */
  static String strip(String text) {
    if (text == null) {
      return null;
    }
    String v = text.startsWith("go") ? text.substring(2) : text;
    return Gover.isValid(v) ? v : null;
  }
}
