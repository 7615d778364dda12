package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import dev.gofer.host.inspect.BinaryReport;
import dev.gofer.mod.buildinfo.BuildInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a check may look at. Files come only through {@link #host()}; facts that are not
 * files (the environment, the PATH lookup of {@code go}) come through {@link #env()} so tests can
 * fake them, as spectre-meltdown-checker's environment mocks do.
 *
 * @param host the root every file is read through ({@code --sysroot})
 * @param profile host, container or build
 * @param env the environment of the service or shell being checked (GOMEMLIMIT, GOPROXY, PATH...)
 * @param binary the Go binary given with {@code --binary}, if any
 * @param buildInfo its build info, if it is a Go binary; with a {@code report}, the report's
 * @param report what {@code gofer inspect} reads from the binary (linking and build info), the
 *     source of the binary-aware findings; empty without {@code --binary}
 */
public record Context(
    HostRoot host, Profile profile, Map<String, String> env, Optional<Path> binary,
    Optional<BuildInfo> buildInfo, Optional<BinaryReport> report) {
  public Context {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(profile, "profile");
    env = Map.copyOf(env);
    Objects.requireNonNull(binary, "binary");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(buildInfo, "buildInfo");
    if (report.isPresent()) {
      buildInfo = Optional.of(report.get().buildInfo());
    }
  }

  /** A context without a {@link BinaryReport}: the binary's build info alone, or nothing. */
  public Context(HostRoot host, Profile profile, Map<String, String> env, Optional<Path> binary, Optional<BuildInfo> buildInfo) {
    this(host, profile, env, binary, buildInfo, Optional.empty());
  }

  /** A context for the Go binary {@code binary}, read into {@code report} ({@code doctor --binary}). */
  public static Context withBinary(HostRoot host, Profile profile, Map<String, String> env, Path binary, BinaryReport report) {
    return new Context(host, profile, env, Optional.of(binary), Optional.of(report.buildInfo()), Optional.of(report));
  }

  /** An environment variable, if set and not empty. */
  public Optional<String> getenv(String name) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }
}
