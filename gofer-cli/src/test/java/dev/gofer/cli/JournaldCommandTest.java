package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournaldCommandTest {
  @Test
  void printsTheDropInByDefault() {
    GoferTest.Result r = GoferTest.run("journald", "--max-use", "512M");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("# /etc/systemd/journald.conf.d/60-gofer-persistent.conf:")
        .contains("Storage=persistent\n", "SystemMaxUse=512M\n", "SystemKeepFree=2G\n");
  }

  @Test
  void writeCreatesTheDropInAndTheJournalDirectoryUnderTheSysroot(@TempDir Path root) throws Exception {
    GoferTest.Result r = GoferTest.run("journald", "--write", "--sysroot", root.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path dropIn = root.resolve("etc/systemd/journald.conf.d/60-gofer-persistent.conf");
    assertThat(Files.readString(dropIn)).contains("SystemMaxUse=1G\n");
    assertThat(root.resolve("var/log/journal")).isDirectory();
    assertThat(r.out()).contains("wrote " + dropIn, "created " + root.resolve("var/log/journal") + " (mode 2755)",
        "systemd-tmpfiles --create --prefix /var/log/journal", "journalctl --flush");

    GoferTest.Result other = GoferTest.run("journald", "--write", "--sysroot", root.toString(), "--max-use", "3G");
    assertThat(other.code()).isEqualTo(Gofer.EXIT_RUNTIME);
    assertThat(other.err()).contains("pass --force").hasLineCount(1);
    assertThat(Files.readString(dropIn)).contains("SystemMaxUse=1G\n");
  }

  @Test
  void aBadSizeIsAUsageError() {
    GoferTest.Result r = GoferTest.run("journald", "--max-use", "huge");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).startsWith("gofer: --max-use: invalid size \"huge\"").hasLineCount(1);
  }
}
