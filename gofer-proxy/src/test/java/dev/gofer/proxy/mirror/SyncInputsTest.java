package dev.gofer.proxy.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncInputsTest {
  @TempDir Path dir;

  @Test
  void goSumVersionsNamedOnlyByGoModLinesNeedNoZip() throws Exception {
    Files.writeString(dir.resolve("go.sum"), """
        example.com/a v1.0.0 h1:zip=
        example.com/a v1.0.0/go.mod h1:mod=
        example.com/b v1.2.0/go.mod h1:bmod=
        """);
    SyncInputs in = SyncInputs.read(List.of("go.sum"), dir);
    assertThat(in.wanted()).containsExactly(new Wanted("example.com/a", "v1.0.0", true), new Wanted("example.com/b", "v1.2.0", false));
    assertThat(in.goSumHash("example.com/a", "v1.0.0")).isEqualTo("h1:zip=");
    assertThat(in.goSumHash("example.com/b", "v1.2.0/go.mod")).isEqualTo("h1:bmod=");
  }

  @Test
  void goModRequiresListFilesAndArgumentsMergeNeedingTheZipIfAnyDoes() throws Exception {
    Files.writeString(dir.resolve("go.mod"), "module example.com/me\n\ngo 1.21\n\nrequire (\n\texample.com/b v1.2.0\n\texample.com/c/v2 v2.0.1 // indirect\n)\n");
    Files.writeString(dir.resolve("go.sum"), "example.com/b v1.2.0/go.mod h1:bmod=\n");
    Files.writeString(dir.resolve("more.txt"), "# tools\nexample.com/tool@v0.3.0\n\ngo.sum  # again\n");
    SyncInputs in = SyncInputs.read(List.of("go.sum", "go.mod", "@more.txt"), dir);
    assertThat(in.wanted()).containsExactly(
        new Wanted("example.com/b", "v1.2.0", true),
        new Wanted("example.com/c/v2", "v2.0.1", true),
        new Wanted("example.com/tool", "v0.3.0", true));
  }

  @Test
  void badInputsAreOneLineErrorsNamingWhere() throws Exception {
    Files.writeString(dir.resolve("go.sum"), "example.com/a v1.0.0 h1:x=\nexample.com/a v1.0.0 h1:y=\n");
    Files.writeString(dir.resolve("bad.sum"), "example.com/a v1.0.0\n");
    Files.writeString(dir.resolve("loop.txt"), "@loop.txt\n");
    assertThatThrownBy(() -> SyncInputs.read(List.of("go.sum"), dir)).hasMessage("go.sum:2: example.com/a v1.0.0: two different hashes given (h1:x= and h1:y=)");
    assertThatThrownBy(() -> SyncInputs.read(List.of("bad.sum"), dir)).hasMessageStartingWith("bad.sum:1: malformed go.sum line");
    assertThatThrownBy(() -> SyncInputs.read(List.of("@loop.txt"), dir)).hasMessageContaining("nested more than");
    assertThatThrownBy(() -> SyncInputs.read(List.of("example.com/a@master"), dir)).hasMessageContaining("not a canonical version");
    assertThatThrownBy(() -> SyncInputs.read(List.of("example.com/a@v2.0.0"), dir)).isInstanceOf(SyncInputs.InputException.class);
    assertThatThrownBy(() -> SyncInputs.read(List.of("../x@v1.0.0"), dir)).hasMessageContaining("malformed module path");
    assertThatThrownBy(() -> SyncInputs.read(List.of("README"), dir)).hasMessageContaining("not a go.mod or go.sum file");
  }
}
