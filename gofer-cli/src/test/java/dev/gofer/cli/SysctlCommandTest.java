package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysctlCommandTest {
  @TempDir Path dir;

  static void assertSysctlSyntax(String text) {
    assertThat(text).isNotEmpty();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        assertThat(line).matches("# .*|[a-z0-9_]+(\\.[a-z0-9_-]+)+ = [0-9]+");
      }
    }
  }

  @Test
  void aHostThatNeedsNothingGetsNothing() throws Exception {
    Path debian = DoctorCommandTest.fixture(dir, "debian12");
    GoferTest.Result r = GoferTest.run("sysctl", "--sysroot", debian.toString(), "--write");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("needs no sysctl settings");
    assertThat(debian.resolve("etc/sysctl.d/90-gofer-go.conf")).doesNotExist();
  }

  @Test
  void printsTheTwoSettingsTheBadlyTunedHostNeeds() throws Exception {
    Path weak = DoctorCommandTest.fixture(dir, "weak-cmdline");
    GoferTest.Result r = GoferTest.run("sysctl", "--sysroot", weak.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertSysctlSyntax(r.out());
    List<String> settings = r.out().lines().filter(l -> !l.startsWith("#") && !l.isEmpty()).toList();
    assertThat(settings).containsExactly("net.core.somaxconn = 4096", "vm.swappiness = 10");
    assertThat(weak.resolve("etc/sysctl.d/90-gofer-go.conf")).doesNotExist();
  }

  @Test
  void writeGoesUnderTheSysrootAtomically() throws Exception {
    Path weak = DoctorCommandTest.fixture(dir, "weak-cmdline");
    GoferTest.Result r = GoferTest.run("sysctl", "--sysroot", weak.toString(), "--write");
    assertThat(r.code()).as(r.err()).isZero();
    Path file = weak.resolve("etc/sysctl.d/90-gofer-go.conf");
    assertThat(file).exists();
    String text = Files.readString(file);
    assertSysctlSyntax(text);
    assertThat(text).contains("vm.swappiness = 10\n");
    assertThat(r.out()).contains("wrote " + file + " (2 settings)").contains("sysctl -p /etc/sysctl.d/90-gofer-go.conf");
    try (var s = Files.list(file.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("90-gofer-go.conf");
    }
    Path out = dir.resolve("out/gofer.conf");
    GoferTest.Result o = GoferTest.run("sysctl", "--sysroot", weak.toString(), "--output", out.toString());
    assertThat(o.code()).isZero();
    assertThat(Files.readString(out)).isEqualTo(text);
  }

  @Test
  void usageErrors() throws Exception {
    Path weak = DoctorCommandTest.fixture(dir, "weak-cmdline");
    GoferTest.Result both = GoferTest.run("sysctl", "--sysroot", weak.toString(), "--write", "--output", dir.resolve("x").toString());
    assertThat(both.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(both.err().lines()).hasSize(1);
    GoferTest.Result missing = GoferTest.run("sysctl", "--sysroot", dir.resolve("missing").toString());
    assertThat(missing.code()).isEqualTo(Gofer.EXIT_USAGE);
  }
}
