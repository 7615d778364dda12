package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import dev.gofer.mod.buildinfo.BuildInfoReader;
import dev.gofer.mod.ModException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code go.toolchain}: the {@code go} command the PATH of {@link Context#env()} finds, looked up
 * through the host root, and its version, read without executing anything: the
 * {@code <GOROOT>/VERSION} file (first line, e.g. {@code go1.22.5}) where GOROOT is the directory
 * above {@code bin/go}, else the Go version in the binary's build info. PASS with a version,
 * INFO when the version cannot be told; when there is none, INFO on hosts and in containers
 * (services are compiled binaries) and WARN in the build profile.
 */
final class GoToolchainCheck implements Check {
  static final String ID = "go.toolchain";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    Optional<String> path = context.getenv("PATH").map(Probe::pathDirs)
        .flatMap(dirs -> Probe.which(host, dirs, "go"));
    String why = "Builds need a go command; services run compiled binaries and need none.";
    String expected = context.profile() == Profile.BUILD ? "a go on PATH" : "none needed on a service host";
    if (path.isEmpty()) {
      Level level = context.profile() == Profile.BUILD ? Level.WARN : Level.INFO;
      return Finding.of(ID, level, "no go on PATH", expected, why,
          level == Level.WARN ? "gofer toolchain install <version> && gofer toolchain use <version>" : "")
          .with("path", null).with("version", null);
    }
    Path file = host.resolve(path.get());
    if (host.isSystem()) {
      try {
        file = file.toRealPath();
      } catch (IOException e) {
        // keep the PATH entry itself
      }
    }
    Path goroot = file.getParent() == null ? null : file.getParent().getParent();
    Optional<String> version = Optional.empty();
    String source = null;
    if (goroot != null) {
      String rel = host.root().relativize(goroot).toString();
      String versionFile = "/" + (rel.isEmpty() ? "" : rel + "/") + "VERSION";
      if (goroot.startsWith(host.root())) {
        version = host.read(versionFile).firstLine().filter(v -> v.matches("go[0-9][0-9A-Za-z.+-]{0,40}"));
        source = version.isPresent() ? versionFile : null;
      }
    }
    if (version.isEmpty()) {
      try {
        String v = BuildInfoReader.readFile(file).goVersion();
        if (!v.isEmpty()) {
          version = Optional.of(v.split("\\s+")[0]);
          source = "build info";
        }
      } catch (ModException | IllegalArgumentException e) {
        // not a Go binary (a shim script, for instance): version unknown
      }
    }
    Finding f = version.isPresent()
        ? Finding.of(ID, Level.PASS, path.get() + " (" + version.get() + ", from " + source + ")", expected, why, "")
        : Finding.of(ID, Level.INFO, path.get() + " (version unknown: no GOROOT/VERSION and no build info)",
            expected, why, "");
    return f.with("path", path.get()).with("version", version.orElse(null)).with("versionSource", source);
  }
}
