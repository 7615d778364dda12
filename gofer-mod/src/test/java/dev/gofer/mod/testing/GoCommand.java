package dev.gofer.mod.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code go} command hermetically: private GOPATH, GOMODCACHE and GOCACHE under a
 * work directory, {@code GOFLAGS=-modcacherw} (so the cache can be deleted), {@code
 * GOTOOLCHAIN=local}, and GOPROXY as the caller sets it.
 */
public final class GoCommand {
  /** The outcome of a run. */
  public record Result(int exitCode, String stdout, String stderr) {}

  private final Path work;
  private final Map<String, String> env;

  private GoCommand(Path work, Map<String, String> env) {
    this.work = work;
    this.env = env;
  }

  /** A go command whose caches live under {@code work} and whose GOPROXY is {@code goproxy}. */
  public static GoCommand hermetic(Path work, String goproxy, Map<String, String> extraEnv)
      throws IOException {
    Files.createDirectories(work);
    Map<String, String> env = new java.util.HashMap<>();
    env.put("GOPATH", work.resolve("gopath").toString());
    env.put("GOMODCACHE", work.resolve("gopath/pkg/mod").toString());
    env.put("GOCACHE", work.resolve("gocache").toString());
    env.put("GOFLAGS", "-modcacherw");
    env.put("GOTOOLCHAIN", "local");
    env.put("GOPROXY", goproxy);
    env.put("GOENV", "off");
    env.put("HOME", work.toString());
    // Go's telemetry would start a background child that outlives the command and writes under
    // the config dir, racing the test's temp-dir cleanup: switch it off for this config dir.
    Path config = work.resolve(".config");
    Files.createDirectories(config.resolve("go/telemetry"));
    Files.writeString(config.resolve("go/telemetry/mode"), "off\n");
    env.put("XDG_CONFIG_HOME", config.toString());
    env.put("GO111MODULE", "on");
    env.putAll(extraEnv);
    return new GoCommand(work, env);
  }

  /** The module cache directory this command uses. */
  public Path modCache() {
    return Path.of(env.get("GOMODCACHE"));
  }

  /** Whether a {@code go} binary is on PATH. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("go", "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs {@code go args...} in {@code dir} and waits for it. */
  public Result run(Path dir, String... args) throws IOException, InterruptedException {
    return run(dir, Map.of(), args);
  }

  /**
   * Runs {@code go args...} in {@code dir} with {@code envOverrides} (for example {@code GOARCH}
   * or {@code CGO_ENABLED}) on top of this command's environment, and waits for it.
   */
  public Result run(Path dir, Map<String, String> envOverrides, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("go");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("GO") && !env.containsKey(k));
    pb.environment().putAll(env);
    pb.environment().putAll(envOverrides);
    Path err = Files.createTempFile(work, "go", ".stderr");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    return new Result(code, out, Files.readString(err));
  }

  /**
   * Runs {@code go args...} like {@link #run(Path, Map, String...)} and returns its standard
   * output; a failure to run or a non-zero exit fails the test with the command and its stderr.
   */
  public String output(Path dir, Map<String, String> envOverrides, String... args) {
    try {
      Result r = run(dir, envOverrides, args);
      if (r.exitCode() != 0) {
        throw new AssertionError(
            "go " + String.join(" ", args) + " failed (" + r.exitCode() + "):\n" + r.stderr()
                + r.stdout());
      }
      return r.stdout();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Sets {@code env} up for building an oracle offline: caches under {@code home}, no proxy, no
   * checksum database, no workspace, no telemetry, the local toolchain.
   */
  public static void offlineBuildEnv(Map<String, String> env, Path home) {
    env.put("GOPATH", home.resolve("path").toString());
    env.put("GOMODCACHE", home.resolve("modcache").toString());
    env.put("GOCACHE", home.resolve("cache").toString());
    env.put("GOFLAGS", "-mod=mod -modcacherw");
    env.put("GOTOOLCHAIN", "local");
    env.put("GOPROXY", "off");
    env.put("GOSUMDB", "off");
    env.put("GOWORK", "off");
    env.put("GOTELEMETRY", "off");
  }

  /**
   * Lays out a Go main module {@code module} in {@code work} that builds against the copy of
   * golang.org/x/mod vendored in the local Go installation ({@code $GOROOT/src/cmd/vendor}), for
   * oracle programs that let Go's own code judge ours without any network: {@code work/xmod} is
   * the copy, {@code work/go.mod} requires and replaces it. The caller adds {@code main.go} and
   * builds. Returns false when there is no go command or no vendored x/mod (the caller skips).
   */
  public static boolean vendoredXmodModule(Path work, String module) throws IOException {
    if (!available()) {
      return false;
    }
    String goroot;
    try {
      Process p = new ProcessBuilder("go", "env", "GOROOT").redirectErrorStream(true).start();
      goroot = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    Path vendored = Path.of(goroot, "src", "cmd", "vendor", "golang.org", "x", "mod");
    if (!Files.isDirectory(vendored)) {
      return false;
    }
    Path xmod = work.resolve("xmod");
    try (java.util.stream.Stream<Path> files = Files.walk(vendored)) {
      for (Path p : files.toList()) {
        Path target = xmod.resolve(vendored.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    String lang = xmodGoVersion(vendored.resolve("../../../modules.txt").normalize());
    Files.writeString(xmod.resolve("go.mod"), "module golang.org/x/mod\ngo " + lang + "\n");
    Files.writeString(
        work.resolve("go.mod"),
        "module " + module + "\ngo " + lang + "\nrequire golang.org/x/mod v0.0.0\nreplace golang.org/x/mod => ./xmod\n");
    return true;
  }

  /** The go version the vendored x/mod is written for ({@code ## explicit; go 1.24.0}); else 1.22. */
  private static String xmodGoVersion(Path modulesTxt) throws IOException {
    if (!Files.isRegularFile(modulesTxt)) {
      return "1.22";
    }
    List<String> lines = Files.readAllLines(modulesTxt);
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith("# golang.org/x/mod ")) {
        for (String part : lines.get(i + 1).split(";")) {
          if (part.strip().startsWith("go ")) {
            return part.strip().substring(3);
          }
        }
      }
    }
    return "1.22";
  }
}
