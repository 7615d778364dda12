package dev.gofer.mod.sumdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void temporaryFilesCarryTheModuleCacheTempInfixBesideTheirTarget() throws Exception {
    Path target = dir.resolve("sub").resolve("latest");
    Files.createDirectories(target.getParent());

    Path temp = AtomicFiles.newTemp(target);

    assertThat(temp.getParent()).isEqualTo(target.getParent().toAbsolutePath());
    assertThat(temp.getFileName().toString()).startsWith("latest.tmp-").hasSizeGreaterThan("latest.tmp-".length());
  }

  @Test
  void writesReplaceTheTargetAndLeaveNoTemporaryFileWithOrWithoutDirectorySync() throws Exception {
    Path target = dir.resolve("a").resolve("tile");
    AtomicFiles.write(target, new byte[] {1, 2, 3});
    AtomicFiles.write(target, new byte[] {4}, false);

    assertThat(target).hasBinaryContent(new byte[] {4});
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("tile");
    }
  }
}
