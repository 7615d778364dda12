package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import dev.gofer.mod.buildinfo.BuildInfo;
import java.nio.file.Path;
import java.util.Map;
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
 * @param buildInfo its build info, if it is a Go binary
 */
public record Context(
    HostRoot host, Profile profile, Map<String, String> env, Optional<Path> binary,
    Optional<BuildInfo> buildInfo) {
  public Context {
    env = Map.copyOf(env);
  }

  /** An environment variable, if set and not empty. */
  public Optional<String> getenv(String name) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }
}
