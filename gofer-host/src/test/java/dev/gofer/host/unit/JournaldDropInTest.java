package dev.gofer.host.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gofer.host.HostRoot;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournaldDropInTest {
  @Test
  void textCapsSizeAndIsPersistent() {
    String text = JournaldDropIn.of("1.5G").text();
    assertThat(text).contains("\n[Journal]\nStorage=persistent\n").contains("SystemMaxUse=1536M\n")
        .contains("SystemKeepFree=2G\n").contains("RHEL");
    assertThatThrownBy(() -> JournaldDropIn.of("lots")).isInstanceOf(SpecException.class);
  }

  /**
   * The written drop-in is what the real systemd reads: {@code systemd-analyze cat-config
   * --root=SYSROOT systemd/journald.conf} works offline and lists it with its settings.
   */
  @Test
  void writeCreatesDropInAndJournalDirectoryThatSystemdReads(@TempDir Path sysroot) throws Exception {
    JournaldDropIn.Written w = JournaldDropIn.of("1G").write(HostRoot.of(sysroot), false);
    Path dropIn = sysroot.resolve(JournaldDropIn.PATH.substring(1));
    Path journal = sysroot.resolve("var/log/journal");
    assertThat(w.dropIn()).isEqualTo(AtomicWrite.Outcome.CREATED);
    assertThat(w.journalDirCreated()).isTrue();
    assertThat(Files.readString(dropIn)).isEqualTo(JournaldDropIn.of("1G").text());
    assertThat(Files.isDirectory(journal)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal))).isEqualTo("rwxr-xr-x");
    Process stat = new ProcessBuilder("stat", "-c", "%a", journal.toString()).start();
    assertThat(new String(stat.getInputStream().readAllBytes()).strip()).isEqualTo("2755");

    SystemdAnalyze.Run r = SystemdAnalyze.run(sysroot, "cat-config", "--no-pager", "--root=" + sysroot, "systemd/journald.conf");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("# " + dropIn).contains("Storage=persistent").contains("SystemMaxUse=1G");

    // Again: nothing changes. A different cap without force: refused, file untouched.
    assertThat(JournaldDropIn.of("1G").write(HostRoot.of(sysroot), false).dropIn()).isEqualTo(AtomicWrite.Outcome.UNCHANGED);
    assertThatThrownBy(() -> JournaldDropIn.of("2G").write(HostRoot.of(sysroot), false))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(dropIn)).contains("SystemMaxUse=1G");
    assertThat(JournaldDropIn.of("2G").write(HostRoot.of(sysroot), true).dropIn()).isEqualTo(AtomicWrite.Outcome.REPLACED);
    assertThat(Files.readString(dropIn)).contains("SystemMaxUse=2G");
    try (var s = Files.list(dropIn.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("60-gofer-persistent.conf");
    }
  }
}
