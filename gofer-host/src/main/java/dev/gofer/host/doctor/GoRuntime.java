package dev.gofer.host.doctor;

import dev.gofer.mod.buildinfo.BuildInfo;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the checked Go binary's build info says about its runtime's cgroup awareness. */
final class GoRuntime {
  private static final Pattern VERSION = Pattern.compile("go1\\.(\\d+)(?:[.a-z].*)?(?:\\s.*)?");

  private GoRuntime() {}

  /** The minor version of a {@code go1.N...} toolchain, if it is one ({@code go1.25.3 X:boringcrypto} gives 25). */
  static Optional<Integer> minor(String goVersion) {
    Matcher m = VERSION.matcher(goVersion.strip());
    return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  /**
   * Whether the binary's runtime sets GOMAXPROCS from the cgroup CPU limit by itself: built by Go
   * 1.25 or later and its {@code DefaultGODEBUG} build setting does not carry
   * {@code containermaxprocs=0} (which a {@code go} line older than 1.25 puts there). Empty when
   * the version cannot be read.
   */
  static Optional<Boolean> cgroupAware(BuildInfo info) {
    Optional<Integer> minor = minor(info.goVersion());
    if (minor.isEmpty()) {
      return Optional.empty();
    }
    boolean disabled = info.setting("DefaultGODEBUG")
        .map(g -> ("," + g.replace(" ", "") + ",").contains(",containermaxprocs=0,")).orElse(false);
    return Optional.of(minor.get() >= 25 && !disabled);
  }

  /** Whether the binary was built with cgo ({@code CGO_ENABLED=1}); empty when it does not say. */
  static Optional<Boolean> cgo(BuildInfo info) {
    return info.setting("CGO_ENABLED").map(v -> v.equals("1"));
  }
}
