package dev.gofer.host.unit;

import dev.gofer.host.inspect.BinaryReport;

/**
 * What the unit writer knows about the Go runtime in the service binary: whether it sizes
 * GOMAXPROCS from the cgroup CPU limit itself, decided by {@link
 * BinaryReport#cgroupAwareGomaxprocs()} (the doctor's {@code cgroup.cpu} asks the same), and
 * how the binary is linked, for the unit's comments.
 */
public sealed interface GoRuntime {
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
   * The binary was read.
   *
   * @param goVersion the toolchain, e.g. {@code go1.26.8}
   * @param readsCgroupLimit whether the runtime sets GOMAXPROCS from the cgroup limit
   * @param reason why, in a few words
   * @param linking {@code statically linked}, or {@code dynamically linked (glibc,
   *     /lib64/ld-linux-x86-64.so.2)}: what the host must provide
   * @param dynamic whether the binary needs a dynamic loader and libraries on the host
   * @param needed the shared libraries it needs ({@code DT_NEEDED}), empty when static
   */
  record Known(String goVersion, boolean readsCgroupLimit, String reason, String linking, boolean dynamic,
      java.util.List<String> needed) implements GoRuntime {
    public Known {
      needed = java.util.List.copyOf(needed);
    }

    /** A runtime known only by its version (no linking facts): treated as static. */
    public Known(String goVersion, boolean readsCgroupLimit, String reason) {
      this(goVersion, readsCgroupLimit, reason, "statically linked", false, java.util.List.of());
    }

    @Override
    public String explanation() {
      return goVersion + ": " + reason;
    }
  }

  /** The runtime of the binary {@code report} describes. */
  static GoRuntime of(BinaryReport report) {
    String go = report.buildInfo().goVersion().strip().split("\\s+", 2)[0];
    boolean aware = report.cgroupAwareGomaxprocs();
    String reason = report.gomaxprocsReason()
        + (aware ? ", so the unit leaves GOMAXPROCS alone" : ", so the unit sets GOMAXPROCS");
    var l = report.linking();
    String linking = l.isStatic() ? l.linkage()
        : l.linkage() + " (" + l.libc().name().toLowerCase(java.util.Locale.ROOT) + l.interpreter().map(i -> ", " + i).orElse("") + ")";
    return new Known(go, aware, reason, linking, !l.isStatic(), l.needed());
  }
}
