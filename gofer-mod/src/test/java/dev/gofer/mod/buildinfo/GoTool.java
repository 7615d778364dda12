package dev.gofer.mod.buildinfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Runs the real {@code go} command hermetically for integration tests: its own GOPATH, module
 * and build caches under a temporary directory, {@code GOTOOLCHAIN=local}, no user config, and
 * a {@code file://} module proxy the test fills itself, so nothing touches the network.
 */
final class GoTool {
  final Path home;
  final Path proxy;

  GoTool(Path home) {
    this.home = home;
    this.proxy = home.resolve("proxy");
  }

  /** Whether a {@code go} command runs here at all. */
  static boolean available() {
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

  Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", home.resolve("home").toString());
    env.put("GOENV", "off");
    env.put("GOPATH", home.resolve("gopath").toString());
    env.put("GOMODCACHE", home.resolve("gopath/pkg/mod").toString());
    env.put("GOCACHE", home.resolve("gocache").toString());
    env.put("GOTOOLCHAIN", "local");
    env.put("GOFLAGS", "-mod=mod -modcacherw");
    env.put("GOPROXY", URI.create("file://" + proxy.toAbsolutePath()).toString());
    env.put("GOSUMDB", "off");
    env.put("GOWORK", "off");
    env.putAll(extra);
    return env;
  }

  /** Runs {@code go args...} in {@code dir} and returns its standard output; fails on error. */
  String run(Path dir, Map<String, String> extraEnv, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("go");
    cmd.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(home, "out", ".txt");
      Path err = Files.createTempFile(home, "err", ".txt");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().clear();
      pb.environment().putAll(env(extraEnv));
      Process p = pb.start();
      if (!p.waitFor(15, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + " timed out");
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(
            cmd + " failed (" + p.exitValue() + "):\n" + Files.readString(err) + stdout);
      }
      return stdout;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Publishes a module version with the given files to the test's file:// proxy. */
  void publish(String modulePath, String version, Map<String, String> files) throws IOException {
    Path dir = proxy.resolve(modulePath).resolve("@v");
    Files.createDirectories(dir);
    String goMod = files.get("go.mod");
    Files.writeString(dir.resolve(version + ".mod"), goMod);
    Files.writeString(
        dir.resolve(version + ".info"),
        "{\"Version\":\"" + version + "\",\"Time\":\"2024-01-02T03:04:05Z\"}");
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(modulePath + "@" + version + "/" + f.getKey()));
        z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    Files.write(dir.resolve(version + ".zip"), zip.toByteArray());
    Files.writeString(dir.resolve("list"), version + "\n");
  }
}
