package dev.gofer.toolchain.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gofer.toolchain.GoferHome;
import dev.gofer.toolchain.testing.FixtureToolchains;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallerTest {
  static final String ARCH = Platform.current().goarch();

  @TempDir Path tmp;
  FixtureToolchains up;
  GoferHome home;

  @BeforeEach
  void start() {
    up = FixtureToolchains.start(ARCH);
    home = new GoferHome(tmp.resolve("home"));
  }

  @AfterEach
  void stop() {
    up.close();
  }

  ModuleSource source() {
    return ModuleSource.create(up.proxyUrl(), up.gosumdb(), home, Platform.current());
  }

  Installer.Result install(String version) throws IOException {
    try (ModuleSource s = source()) {
      return new Installer(home, s, Listener.NONE).install(VersionRequest.parse(version));
    }
  }

  static String run(Path exe) throws Exception {
    Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out.strip();
  }

  /** Everything in toolchains/ but the lock files. */
  List<String> visible() throws IOException {
    if (!Files.isDirectory(home.toolchains())) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(home.toolchains())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".lock-")).sorted().toList();
    }
  }

  @Test
  void installsAVerifiedToolchainThatRuns() throws Exception {
    up.publish("1.91.0");
    Installer.Result r = install("go1.91.0");
    assertThat(r.alreadyInstalled()).isFalse();
    Path goroot = home.toolchain("1.91.0");
    assertThat(r.goroot()).isEqualTo(goroot);
    assertThat(run(goroot.resolve("bin/go"))).isEqualTo("go version go1.91.0 linux/" + ARCH);
    assertThat(visible()).containsExactly("go1.91.0");

    for (String exec : List.of("bin/go", "bin/gofmt", "pkg/tool/linux_" + ARCH + "/compile")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(goroot.resolve(exec)))).as(exec).isEqualTo("rwxr-xr-x");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(goroot.resolve("VERSION")))).isEqualTo("rw-r--r--");
    assertThat(goroot.resolve("src/go.mod")).hasContent("module std\n\ngo 1.91");
    assertThat(goroot.resolve("src/cmd/go.mod")).hasContent("module cmd\n\ngo 1.91");
    assertThat(goroot.resolve("src/_go.mod")).exists();
    // the checksum database's head is persisted, its verified lookup cached
    assertThat(home.root().resolve("sumdb/sum.fixture.example/latest")).isNotEmptyFile();
    assertThat(home.root().resolve("cache/sumdb/sum.fixture.example/lookup")).isDirectory();

    Installer.Result again = install("1.91.0");
    assertThat(again.alreadyInstalled()).isTrue();
    assertThat(new Toolchains(home).installed()).extracting(Toolchains.Installed::version).containsExactly("1.91.0");
  }

  @Test
  void aLanguageVersionMeansItsNewestPatchAndLatestSkipsReleaseCandidates() throws Exception {
    up.publish("1.91.0").publish("1.91.2").publish("1.91.10").publish("1.92rc1").publish("1.90.3");
    assertThat(install("1.91").version()).isEqualTo("1.91.10");
    assertThat(install("latest").version()).isEqualTo("1.91.10");
    assertThat(install("latest").alreadyInstalled()).isTrue();
    assertThat(install("1.92rc1").version()).isEqualTo("1.92rc1");
    assertThat(run(home.toolchain("1.92rc1").resolve("bin/go"))).contains("go1.92rc1");
    assertThat(new Toolchains(home).installed()).extracting(Toolchains.Installed::version).containsExactly("1.92rc1", "1.91.10");
    assertThatThrownBy(() -> install("1.93")).isInstanceOf(InstallException.class).hasMessageContaining("no release of Go 1.93");
    assertThatThrownBy(() -> install("1.95.1")).isInstanceOf(InstallException.class).hasMessageContaining("toolchain not available");
  }

  @Test
  void aTamperedZipIsRefusedBeforeAnythingIsUnpacked() throws Exception {
    up.publish("1.91.0");
    Map<String, byte[]> evil = new LinkedHashMap<>(up.tree("1.91.0"));
    evil.put("bin/go", "#!/bin/sh\necho pwned\n".getBytes(StandardCharsets.UTF_8));
    up.serve("1.91.0", up.moduleZip("1.91.0", evil));
    assertThatThrownBy(() -> install("1.91.0"))
        .isInstanceOf(InstallException.class)
        .hasMessageContaining("checksum mismatch")
        .hasMessageNotContaining("\n");
    assertThat(visible()).isEmpty();
  }

  @Test
  void aTruncatedDownloadIsRefused() throws Exception {
    byte[] zip = up.moduleZip("1.91.0", up.tree("1.91.0"));
    up.publish("1.91.0", zip);
    up.serve("1.91.0", Arrays.copyOf(zip, zip.length / 2));
    assertThatThrownBy(() -> install("1.91.0")).isInstanceOf(InstallException.class).hasMessageContaining("corrupt zip");
    assertThat(visible()).isEmpty();
  }

  @Test
  void aZipWithAnEscapingPathIsRefusedEvenWhenTheDatabaseVouchesForIt() throws Exception {
    Map<String, byte[]> tree = new LinkedHashMap<>(up.tree("1.91.0"));
    tree.put("RAW:" + FixtureToolchains.MODULE + "@" + up.moduleVersion("1.91.0") + "/../../evil", "x".getBytes(StandardCharsets.UTF_8));
    up.publish("1.91.0", up.moduleZip("1.91.0", tree));
    assertThatThrownBy(() -> install("1.91.0")).isInstanceOf(InstallException.class).hasMessageContaining("unpacking");
    assertThat(visible()).isEmpty();
    try (Stream<Path> s = Files.walk(tmp)) {
      assertThat(s.filter(p -> p.getFileName().toString().equals("evil"))).isEmpty();
    }
  }

  @Test
  void theDatabaseIsReachedThroughAProxyThatSupportsIt() throws Exception {
    up.publish("1.91.0");
    // a first proxy that serves only the database (at /sumdb/<name>/) and 404s module requests
    try (var proxied = dev.gofer.mod.testing.TestSumdbServer.start(up.log(), "/sumdb/sum.fixture.example")) {
      String base = proxied.url().toString().replace("/sumdb/sum.fixture.example", "");
      try (ModuleSource s = ModuleSource.create(base + "," + up.proxyUrl(), up.verifierKey(), home, Platform.current())) {
        new Installer(home, s, Listener.NONE).install(VersionRequest.parse("1.91.0"));
      }
      assertThat(proxied.requests("/supported")).isEqualTo(1);
      assertThat(proxied.requestsStartingWith("/lookup/")).isEqualTo(1);
    }
    assertThat(run(home.toolchain("1.91.0").resolve("bin/go"))).contains("go1.91.0");
  }

  @Test
  void gosumdbOffIsRefusedLikeTheGoCommand() {
    InstallException e = org.junit.jupiter.api.Assertions.assertThrows(InstallException.class,
        () -> ModuleSource.create(up.proxyUrl(), "off", home, Platform.current()));
    assertThat(e).hasMessage("checksum database disabled by GOSUMDB=off");
    assertThatThrownBy(() -> ModuleSource.create("direct", null, home, Platform.current())).hasMessageContaining("no proxy");
  }

  @Test
  void aSingleFileProxySkipsTheDatabaseAsInGo() throws Exception {
    byte[] zip = up.moduleZip("1.91.0", up.tree("1.91.0"));
    Path dir = tmp.resolve("fileproxy/golang.org/toolchain/@v");
    Files.createDirectories(dir);
    Files.write(dir.resolve(up.moduleVersion("1.91.0") + ".zip"), zip);
    Files.write(dir.resolve(up.moduleVersion("1.91.0") + ".mod"), FixtureToolchains.GO_MOD);
    Files.writeString(dir.resolve("list"), up.moduleVersion("1.91.0") + "\n");
    List<String> infos = new ArrayList<>();
    Listener l = new Listener() {
      @Override public void info(String message) { infos.add(message); }
      @Override public Download download(String what) { return Download.NONE; }
    };
    try (ModuleSource s = ModuleSource.create(tmp.resolve("fileproxy").toUri().toString(), "off", home, Platform.current())) {
      new Installer(home, s, l).install(VersionRequest.parse("1.91"));
    }
    assertThat(run(home.toolchain("1.91.0").resolve("bin/go"))).contains("go1.91.0");
    assertThat(infos).anyMatch(m -> m.contains("not verifying"));
  }

  @Test
  void concurrentInstallsOfOneVersionYieldOneGoodInstall() throws Exception {
    up.publish("1.91.0");
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Installer.Result>> fs = new ArrayList<>();
    try (ExecutorService ex = Executors.newFixedThreadPool(3)) {
      for (int i = 0; i < 3; i++) {
        fs.add(ex.submit(() -> {
          go.await();
          return install("1.91.0");
        }));
      }
      go.countDown();
      int fresh = 0;
      for (Future<Installer.Result> f : fs) {
        if (!f.get().alreadyInstalled()) {
          fresh++;
        }
      }
      assertThat(fresh).isEqualTo(1);
    }
    assertThat(visible()).containsExactly("go1.91.0");
    assertThat(run(home.toolchain("1.91.0").resolve("bin/go"))).contains("go1.91.0");
  }

  @Test
  void aFailureMidInstallLeavesNoTrace() throws Exception {
    up.publish("1.91.0");
    try (ModuleSource s = source()) {
      Installer failing = new Installer(home, s, Listener.NONE, root -> {
        assertThat(root.resolve("bin/go")).exists();
        throw new IOException("disk full (simulated)");
      });
      assertThatThrownBy(() -> failing.install(VersionRequest.parse("1.91.0"))).hasMessageContaining("disk full");
    }
    assertThat(visible()).isEmpty();
    assertThat(new Toolchains(home).installed()).isEmpty();
  }

  @Test
  void aKilledInstallLeavesNoVisibleToolchainAndTheNextRunCleansUp() throws Exception {
    up.publish("1.91.0");
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            InstallCrashChild.class.getName(), home.root().toString(), up.proxyUrl(), up.gosumdb(), "1.91.0")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("unpacked");
      child.destroyForcibly();
      child.waitFor();
    }
    assertThat(visible()).singleElement().asString().startsWith(".tmp-go1.91.0-");
    assertThat(new Toolchains(home).installed()).isEmpty();

    assertThat(install("1.91.0").alreadyInstalled()).isFalse();
    assertThat(visible()).containsExactly("go1.91.0");
  }

  @Test
  void everyFileHasItsFinalModeAndEveryUnderscoreGoModItsTwin() throws Exception {
    Map<String, byte[]> tree = new LinkedHashMap<>(up.tree("1.91.0"));
    tree.put("bin/linux_extra/helper", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
    tree.put("pkg/tool/linux_" + ARCH + "/link", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
    tree.put("pkg/include/funcdata.h", "// h\n".getBytes(StandardCharsets.UTF_8));
    tree.put("src/make.bash", "#!/bin/bash\n".getBytes(StandardCharsets.UTF_8));
    tree.put("_go.mod", "module root\n".getBytes(StandardCharsets.UTF_8));
    up.publish("1.91.0", up.moduleZip("1.91.0", tree));
    Path goroot = install("1.91.0").goroot();

    Map<String, String> modes = new java.util.TreeMap<>();
    try (Stream<Path> s = Files.walk(goroot)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        modes.put(goroot.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
      }
    }
    Map<String, String> want = new java.util.TreeMap<>();
    for (String name : tree.keySet()) {
      String mode = name.startsWith("bin/") || name.startsWith("pkg/tool/") ? "rwxr-xr-x" : "rw-r--r--";
      want.put(name, mode);
      if (name.endsWith("_go.mod")) {
        want.put(name.replace("_go.mod", "go.mod"), mode);
      }
    }
    // exactly the zip's files plus one go.mod per _go.mod, each with its mode (src/make.bash
    // included: the module carries no modes, and the go command makes only bin/ and pkg/tool/
    // executable); nothing read-only
    assertThat(modes).isEqualTo(want);
    for (String name : tree.keySet()) {
      if (name.endsWith("_go.mod")) {
        assertThat(goroot.resolve(name.replace("_go.mod", "go.mod"))).hasBinaryContent(tree.get(name));
      }
    }
    // an ordinary recursive delete works: nothing needs a chmod first
    try (Stream<Path> s = Files.walk(goroot)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void aKillDuringTheUnpackLeavesNoHalfInstalledToolchain() throws Exception {
    // big enough that unpacking takes a while after the "verified" line
    Map<String, byte[]> tree = new LinkedHashMap<>(up.tree("1.91.0"));
    byte[] body = new byte[8192];
    Arrays.fill(body, (byte) 'x');
    for (int i = 0; i < 3000; i++) {
      tree.put("src/pkg" + (i % 50) + "/f" + i + ".go", body);
    }
    up.publish("1.91.0", up.moduleZip("1.91.0", tree));
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            InstallCrashChild.class.getName(), home.root().toString(), up.proxyUrl(), up.gosumdb(), "1.91.0", "verified")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("verified");
      child.destroyForcibly();
      child.waitFor();
    }
    // all or nothing: no toolchain, or (had the unpack won the race) a complete one
    List<Toolchains.Installed> installed = new Toolchains(home).installed();
    if (!installed.isEmpty()) {
      try (Stream<Path> s = Files.walk(home.toolchain("1.91.0"))) {
        assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(tree.size() + 2);
      }
    } else {
      assertThat(visible()).allMatch(n -> n.startsWith(".tmp-go1.91.0-"));
      assertThat(install("1.91.0").alreadyInstalled()).isFalse();
    }
    assertThat(visible()).containsExactly("go1.91.0");
    assertThat(run(home.toolchain("1.91.0").resolve("bin/go"))).contains("go1.91.0");
  }

  @Test
  void uninstallRemovesReadOnlyTreesAndRefusesWhatIsNotAToolchain() throws Exception {
    up.publish("1.91.0");
    install("1.91.0");
    Path goroot = home.toolchain("1.91.0");
    try (Stream<Path> s = Files.walk(goroot)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.setPosixFilePermissions(p, Files.isDirectory(p) ? PosixFilePermissions.fromString("r-xr-xr-x") : PosixFilePermissions.fromString("r--r--r--"));
      }
    }
    Toolchains tcs = new Toolchains(home);
    assertThat(tcs.uninstall("go1.91.0")).isEqualTo(goroot);
    assertThat(goroot).doesNotExist();
    assertThat(visible()).isEmpty();
    assertThatThrownBy(() -> tcs.uninstall("1.91.0")).isInstanceOf(InstallException.class).hasMessage("go1.91.0 is not installed (see 'gofer toolchain list')");

    Path outside = Files.createDirectories(tmp.resolve("precious"));
    Files.writeString(outside.resolve("keep"), "x");
    Files.createSymbolicLink(home.toolchain("1.91.1"), outside);
    assertThatThrownBy(() -> tcs.uninstall("1.91.1")).isInstanceOf(InstallException.class).hasMessageContaining("symbolic link");
    assertThat(outside.resolve("keep")).exists();
    assertThat(Files.getPosixFilePermissions(outside)).contains(PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void badVersionsAreUsageErrors() {
    for (String bad : List.of("1.x", "go", "1.22.5; rm -rf /", "", "v1.22.5", "1.22.05")) {
      assertThatThrownBy(() -> VersionRequest.parse(bad)).as(bad)
          .isInstanceOfSatisfying(InstallException.class, e -> assertThat(e.isUsage()).isTrue())
          .hasMessageStartingWith("invalid Go version");
    }
    assertThat(VersionRequest.parse("go1.22.5")).isEqualTo(new VersionRequest.Exact("1.22.5"));
    assertThat(VersionRequest.parse("1.22")).isEqualTo(new VersionRequest.Family("1.22"));
    assertThat(VersionRequest.parse("1.20")).isEqualTo(new VersionRequest.Exact("1.20"));
    assertThat(VersionRequest.parse("1.23rc1")).isEqualTo(new VersionRequest.Exact("1.23rc1"));
  }
}
