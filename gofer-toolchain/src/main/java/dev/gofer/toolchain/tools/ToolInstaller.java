package dev.gofer.toolchain.tools;

import dev.gofer.toolchain.GoferHome;
import java.io.IOException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Builds a tool with one gofer toolchain: {@code <GOROOT>/bin/go install <pkg>@<version>} with
 * {@code GOROOT} and {@code GOTOOLCHAIN=local} (the chosen toolchain builds it, never another
 * one), the caller's {@code GOPROXY}/{@code GOSUMDB}, and a module and build cache under {@code
 * $GOFER_HOME/cache/} unless {@code GOMODCACHE}/{@code GOCACHE} are set.
 *
 * <p>The go command writes into a staging GOBIN {@code tools/go<V>/.tmp-<name>-<pid>}; the binary
 * is then renamed into {@link GoferHome#toolsBin}, so that directory holds only complete tools.
 * Staging directories left by a crash are removed by the next install for that toolchain.
 */
public final class ToolInstaller {
  private final GoferHome home;
  private final String goVersion;
  private final Map<String, String> env;
  private final Consumer<String> log;

  /**
   * @param goVersion an installed toolchain ({@code 1.22.5})
   * @param env the environment the go command starts from (the user's); GOPROXY must be final
   * @param log receives the go command's output, line by line
   */
  public ToolInstaller(GoferHome home, String goVersion, Map<String, String> env, Consumer<String> log) {
    this.home = Objects.requireNonNull(home);
    this.goVersion = Objects.requireNonNull(goVersion);
    this.env = Map.copyOf(env);
    this.log = Objects.requireNonNull(log);
  }

  /** The environment {@code go install} runs with, GOBIN excepted. */
  public Map<String, String> buildEnv() {
    Map<String, String> e = new HashMap<>(env);
    Path goroot = home.toolchain(goVersion);
    e.put("GOROOT", goroot.toString());
    e.put("GOTOOLCHAIN", "local");
    e.put("PATH", goroot.resolve("bin") + (e.containsKey("PATH") ? ":" + e.get("PATH") : ""));
    Path cache = home.root().resolve("cache");
    if (blank(e.get("GOMODCACHE"))) {
      e.put("GOMODCACHE", cache.resolve("mod").toString());
    }
    if (blank(e.get("GOCACHE"))) {
      e.put("GOCACHE", cache.resolve("build").toString());
    }
    e.remove("GOBIN");
    e.remove("GOFER_GO_VERSION");
    return e;
  }

  /** Builds {@code tool@version} and returns the installed binary. */
  public Path install(Tool tool, String version) throws ToolException {
    Path go = home.toolchain(goVersion).resolve("bin").resolve("go");
    if (!Files.isExecutable(go)) {
      throw ToolException.runtime("go" + goVersion + " is not installed; run: gofer toolchain install " + goVersion);
    }
    Path bin = home.toolsBin(goVersion);
    Path staging = bin.resolveSibling(".tmp-" + tool.name() + "-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(bin);
      removeStaleStaging(bin.getParent());
      Files.createDirectories(staging);
      ProcessBuilder pb = new ProcessBuilder(go.toString(), "install", "-modcacherw", tool.pkg() + "@" + version)
          .directory(staging.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().putAll(buildEnv());
      pb.environment().put("GOBIN", staging.toString());
      Process p = pb.start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        out.lines().forEach(log);
      }
      int code = p.waitFor();
      if (code != 0) {
        throw ToolException.runtime("go install " + tool.pkg() + "@" + version + " with go" + goVersion + " failed (exit " + code + ", output above)");
      }
      Path built = staging.resolve(tool.name());
      if (!Files.isExecutable(built)) {
        throw ToolException.runtime("go install " + tool.pkg() + "@" + version + " made no " + tool.name() + " binary");
      }
      Path dest = bin.resolve(tool.name());
      Files.move(built, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return dest;
    } catch (IOException e) {
      throw ToolException.runtime("installing " + tool.name() + " for go" + goVersion + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ToolException.runtime("interrupted while building " + tool.name());
    } finally {
      deleteTree(staging);
    }
  }

  private static void removeStaleStaging(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".tmp-*")) {
      for (Path p : entries) {
        String pid = p.getFileName().toString().replaceAll(".*-", "");
        boolean alive = pid.matches("[0-9]+") && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
          deleteTree(p);
        }
      }
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
