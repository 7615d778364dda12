package dev.gofer.mod.buildinfo;

import java.util.Objects;

/**
 * The two strings a Go linker leaves in a binary, before parsing: the toolchain version and
 * the module information text with its 16-byte sentinels already removed.
 *
 * @param goVersion the toolchain version, for example {@code go1.22.5}; never empty
 * @param modInfo the module information text {@link BuildInfo#parse} reads; empty for a binary
 *     built outside module mode
 */
public record RawBuildInfo(String goVersion, String modInfo) {

  public RawBuildInfo {
    Objects.requireNonNull(goVersion, "goVersion");
    Objects.requireNonNull(modInfo, "modInfo");
  }

  /**
   * The parsed build information, with {@link #goVersion} set.
   *
   * @throws BuildInfoSyntaxException when the module information text is malformed
   */
  public BuildInfo parse() {
    return BuildInfo.parse(modInfo).withGoVersion(goVersion);
  }
}
