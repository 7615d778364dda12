package dev.gofer.proxy.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveEntryTest {
  static final List<String> DBS = List.of("sum.golang.org", "localhost.localdev/sumdb");

  @Test
  void namesOfTheStoreLayoutAreClassified() {
    assertThat(ArchiveEntry.classify("cache/download/example.com/!fixture/@v/v1.0.0.zip", DBS))
        .isEqualTo(new ArchiveEntry.ModuleFile("example.com/Fixture", "v1.0.0", "zip"));
    assertThat(ArchiveEntry.classify("state/sumdb/localhost.localdev/sumdb/latest", DBS))
        .isEqualTo(new ArchiveEntry.Head("localhost.localdev/sumdb"));
    assertThat(ArchiveEntry.classify("cache/download/sumdb/sum.golang.org/lookup/example.com/a@v1.0.0", DBS))
        .isEqualTo(new ArchiveEntry.Lookup("sum.golang.org", "example.com/a", "v1.0.0", "example.com/a@v1.0.0"));
    assertThat(ArchiveEntry.classify("cache/download/sumdb/sum.golang.org/tile/8/1/000.p/3", DBS))
        .isInstanceOf(ArchiveEntry.TileEntry.class);
    assertThat(ArchiveEntry.classify(Manifest.NAME, DBS)).isInstanceOf(ArchiveEntry.ManifestEntry.class);
  }

  @Test
  void anythingElseIsRefused() {
    for (String name : List.of(
        "cache/download/example.com/a/@v/list",
        "cache/download/example.com/a/@v/v1.0.0.lock",
        "cache/download/example.com/a/@v/master.info",
        "cache/download/sumdb/other.db/tile/8/0/000",
        "cache/download/sumdb/sum.golang.org/tile/8/0/0",
        "state/sumdb/other.db/latest",
        "state/freshness/x")) {
      assertThatThrownBy(() -> ArchiveEntry.classify(name, DBS)).as(name).hasMessageContaining("unexpected entry");
    }
  }

  @Test
  void unsafeNamesAreRefused() {
    for (String name : List.of("/etc/passwd", "../x", "a/../../b", "a//b", "a/./b", "a\\b", "", "a/b\u0000", "caf\u00e9")) {
      assertThatThrownBy(() -> ArchiveEntry.checkSafe(name)).as(name).hasMessageContaining("unsafe entry name");
    }
    ArchiveEntry.checkSafe("cache/download/example.com/!fixture/@v/v1.0.0+incompatible.zip");
  }
}
