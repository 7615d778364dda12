package dev.gofer.toolchain.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gofer.toolchain.GoferHome;
import dev.gofer.toolchain.testing.FixtureToolchains;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexSourceTest {
  @TempDir Path tmp;
  FixtureToolchains up;
  GoferHome home;

  @BeforeEach
  void start() {
    up = FixtureToolchains.start(InstallerTest.ARCH);
    home = new GoferHome(tmp.resolve("home"));
  }

  @AfterEach
  void stop() {
    up.close();
  }

  Installer.Result install(String version) throws IOException {
    try (IndexSource s = IndexSource.create(up.indexUrl(), null, Platform.current())) {
      return new Installer(home, s, Listener.NONE).install(VersionRequest.parse(version));
    }
  }

  List<String> visible() throws IOException {
    if (!Files.isDirectory(home.toolchains())) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(home.toolchains())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".lock-")).sorted().toList();
    }
  }

  @Test
  void installsFromTheIndexWithTheTarsModes() throws Exception {
    up.publishTarball("1.91.0", true, null).publishTarball("1.91.1", true, null).publishTarball("1.92rc1", false, null);
    Installer.Result r = install("1.91");
    assertThat(r.version()).isEqualTo("1.91.1");
    Path goroot = home.toolchain("1.91.1");
    assertThat(InstallerTest.run(goroot.resolve("bin/go"))).isEqualTo("go version go1.91.1 linux/" + InstallerTest.ARCH);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(goroot.resolve("pkg/tool/linux_" + InstallerTest.ARCH + "/compile")))).isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(goroot.resolve("VERSION")))).isEqualTo("rw-r--r--");
    assertThat(install("latest").version()).isEqualTo("1.91.1");
    assertThat(install("go1.92rc1").alreadyInstalled()).isFalse();
    assertThat(visible()).containsExactly("go1.91.1", "go1.92rc1");
  }

  @Test
  void aBadSha256IsRefusedBeforeUnpacking() throws Exception {
    up.publishTarball("1.91.0", true, "ab".repeat(32));
    assertThatThrownBy(() -> install("1.91.0")).isInstanceOf(InstallException.class).hasMessageContaining("SHA-256 mismatch");
    assertThat(visible()).isEmpty();
  }

  @Test
  void aTruncatedTarballIsRefused() throws Exception {
    byte[] tgz = FixtureToolchains.tarGz(up.tree("1.91.0"), true);
    byte[] half = Arrays.copyOf(tgz, tgz.length / 2);
    up.publishTarball("1.91.0", true, null, tgz);
    up.serveTarball("1.91.0", half);
    assertThatThrownBy(() -> install("1.91.0")).isInstanceOf(InstallException.class).hasMessageContaining("truncated");
    assertThat(visible()).isEmpty();
  }

  @Test
  void tarballsThatEscapeOrLinkOutAreRefused() throws Exception {
    Map<String, byte[]> escaping = new LinkedHashMap<>(up.tree("1.91.0"));
    escaping.put("RAW:go/../../evil", "x".getBytes(StandardCharsets.UTF_8));
    up.publishTarball("1.91.0", true, null, FixtureToolchains.tarGz(escaping, true));
    assertThatThrownBy(() -> install("1.91.0")).isInstanceOf(InstallException.class).hasMessageContaining("escapes");

    Map<String, byte[]> linking = new LinkedHashMap<>(up.tree("1.91.1"));
    linking.put("RAW:go/bin/sh->../../../../bin/sh", new byte[0]);
    up.publishTarball("1.91.1", true, null, FixtureToolchains.tarGz(linking, true));
    assertThatThrownBy(() -> install("1.91.1")).isInstanceOf(InstallException.class).hasMessageContaining("outside the toolchain directory");

    Map<String, byte[]> outsidePrefix = new LinkedHashMap<>(up.tree("1.91.2"));
    outsidePrefix.put("RAW:notgo/x", new byte[1]);
    up.publishTarball("1.91.2", true, null, FixtureToolchains.tarGz(outsidePrefix, true));
    assertThatThrownBy(() -> install("1.91.2")).isInstanceOf(InstallException.class).hasMessageContaining("not under go/");

    assertThat(visible()).isEmpty();
    try (Stream<Path> s = Files.walk(tmp)) {
      assertThat(s.filter(p -> p.getFileName().toString().equals("evil"))).isEmpty();
    }
  }
}
