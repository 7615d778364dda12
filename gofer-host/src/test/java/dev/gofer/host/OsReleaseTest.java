package dev.gofer.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OsReleaseTest {
  @ParameterizedTest(name = "{0} / {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
    // ID | ID_LIKE | family   (values as the reference table records them)
    "\"rhel\"      | \"fedora\"             | RHEL",
    "\"almalinux\" | \"rhel centos fedora\" | RHEL",
    "\"rocky\"     | \"rhel centos fedora\" | RHEL",
    "\"centos\"    | \"rhel fedora\"        | RHEL",
    "ubuntu        | debian                 | UBUNTU",
    "debian        |                        | DEBIAN",
    "linuxmint     | \"ubuntu debian\"      | UBUNTU",
    "arch          |                        | OTHER",
  })
  void familyFromIdThenIdLike(String id, String idLike, Distro family) {
    String text = "NAME=x\nID=" + id + "\n" + (idLike == null ? "" : "ID_LIKE=" + idLike + "\n");
    assertThat(OsRelease.parse(text, "/etc/os-release").distro()).isEqualTo(family);
  }

  @Test
  void quotesEscapesCommentsAndJunk() {
    OsRelease os = OsRelease.parse("""
        # comment
        PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"
        ID="rhel"
        VERSION_ID='9.4'
        ODD="a \\"quoted\\" \\$word"
        no equals sign here
        =nokey
        PLATFORM_ID="platform:el9"
        """, "/etc/os-release");
    assertThat(os.id()).isEqualTo("rhel");
    assertThat(os.versionId()).contains("9.4");
    assertThat(os.majorVersion()).contains(9);
    assertThat(os.get("ODD")).contains("a \"quoted\" $word");
    assertThat(os.get("PLATFORM_ID")).contains("platform:el9");
    assertThat(os.prettyName()).isEqualTo("Red Hat Enterprise Linux 9.4 (Plow)");
    assertThat(os.fields()).hasSize(5);
  }

  @Test
  void debianSidHasNoVersionAndVendorDirFollowsRelease() {
    OsRelease sid = OsRelease.parse("ID=debian\nPRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\n", "x");
    assertThat(sid.versionId()).isEmpty();
    assertThat(Distro.DEBIAN.vendorUnitDir(sid)).isEqualTo("/lib/systemd/system");
    OsRelease d13 = OsRelease.parse("ID=debian\nVERSION_ID=\"13\"\n", "x");
    assertThat(Distro.DEBIAN.vendorUnitDir(d13)).isEqualTo("/usr/lib/systemd/system");
    assertThat(Distro.RHEL.vendorUnitDir(d13)).isEqualTo("/usr/lib/systemd/system");
    assertThat(Distro.UBUNTU.adminUnitDir()).isEqualTo("/etc/systemd/system");
  }

  @Test
  void readsEtcThenUsrLibFallback(@TempDir Path root) throws IOException {
    HostRoot host = HostRoot.of(root);
    assertThat(OsRelease.read(host)).isEmpty();
    Files.createDirectories(root.resolve("usr/lib"));
    Files.writeString(root.resolve("usr/lib/os-release"), "ID=debian\nVERSION_ID=\"12\"\n");
    assertThat(OsRelease.read(host)).get().extracting(OsRelease::source).isEqualTo("/usr/lib/os-release");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/os-release"), "ID=ubuntu\n");
    assertThat(OsRelease.read(host).orElseThrow().distro()).isEqualTo(Distro.UBUNTU);
  }
}
