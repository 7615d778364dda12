package dev.gofer.host.unit;

import dev.gofer.mod.buildinfo.BuildInfo;
import dev.gofer.mod.gover.Gover;
import java.util.Arrays;

/**
 * What the unit writer knows about the Go runtime in the service binary: whether it sizes
 * GOMAXPROCS from the cgroup CPU limit itself (Go 1.25 and later, unless the main module's
 * {@code go} line is older, which leaves {@code containermaxprocs=0} in the binary's default
 * GODEBUG).
 */
public sealed interface GoRuntime {
  /** The first Go release whose runtime reads the cgroup CPU limit. */
  String CGROUP_AWARE_SINCE = "1.25";

  /** Whether the runtime is known to set GOMAXPROCS from the cgroup limit by itself. */
  default boolean cgroupAware() {
    return this instanceof Known k && k.readsCgroupLimit();
  }

  /** One line for the unit's comment: what was found and what it means. */
  String explanation();

  /** No binary was given: the Go version is unknown. */
  record Unknown() implements GoRuntime {
    @Override
    public String explanation() {
      return "the binary's Go version is unknown (no --binary), so GOMAXPROCS is set from CPUQuota=;"
          + " harmless for Go 1.25+ (it only stops runtime updates), needed before it";
    }
  }

  /**
   * The binary's build information was read.
   *
   * @param goVersion the toolchain, e.g. {@code go1.26.8}
   * @param readsCgroupLimit whether the runtime sets GOMAXPROCS from the cgroup limit
   * @param reason why, in a few words
   */
  record Known(String goVersion, boolean readsCgroupLimit, String reason) implements GoRuntime {
    @Override
    public String explanation() {
      return goVersion + ": " + reason;
    }
  }

  /** The runtime of a binary with this build information. */
  static GoRuntime of(BuildInfo info) {
    String full = info.goVersion().strip();
    String go = full.split("\\s+", 2)[0];
    String version = go.startsWith("go") ? go.substring(2) : go;
    if (!Gover.isValid(version)) {
      return new Known(full, false, "not a release version, so treated as not reading the cgroup CPU limit");
    }
    if (Gover.compare(version, CGROUP_AWARE_SINCE) < 0) {
      return new Known(go, false, "older than Go " + CGROUP_AWARE_SINCE + ", so the runtime ignores the cgroup CPU limit");
    }
    boolean disabled = info.setting("DefaultGODEBUG")
        .map(d -> Arrays.asList(d.split(",")).contains("containermaxprocs=0"))
        .orElse(false);
    if (disabled) {
      return new Known(go, false,
          "built for an older go line (DefaultGODEBUG has containermaxprocs=0), so the runtime ignores the cgroup CPU limit");
    }
    return new Known(go, true, "sets GOMAXPROCS from the cgroup CPU limit itself, so the unit leaves it alone");
  }
}
