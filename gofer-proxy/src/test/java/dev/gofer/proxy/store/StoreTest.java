package dev.gofer.proxy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path data;

  @Test
  void openingRemovesWhatKilledWritersLeftBehindAndKeepsEverythingPublished() throws Exception {
    Store first = Store.open(data);
    Path mod = first.file("example.com/m", "v1.0.0", "mod");
    first.write(mod, "module example.com/m\n".getBytes());
    // What a kill -9 leaves: a module file's temp, a checksum-database cache and state temp
    // (gofer-mod's AtomicFiles names them <name>.tmp-<random>), and mirror import's work tree.
    Path modTemp = first.newTemp(mod);
    Path tileTemp = Files.createDirectories(first.sumdb("sum.golang.org").resolve("tile/8/0")).resolve("000.tmp-12345");
    Files.writeString(tileTemp, "half a tile");
    Path latestTemp = Files.createDirectories(first.state().resolve("sumdb/sum.golang.org")).resolve("latest.tmp-987");
    Files.writeString(latestTemp, "half a head");
    Path work = data.resolve("import.tmp-4711");
    Files.createDirectories(work.resolve("archive/cache/download/example.com/m/@v"));
    Files.writeString(work.resolve("archive/cache/download/example.com/m/@v/v1.0.0.zip"), "staged");

    Store.open(data);

    assertThat(modTemp).doesNotExist();
    assertThat(tileTemp).doesNotExist();
    assertThat(latestTemp).doesNotExist();
    assertThat(work).doesNotExist();
    assertThat(mod).hasContent("module example.com/m\n");
    assertThat(first.sumdb("sum.golang.org").resolve("tile/8/0")).isDirectory();
  }

  @Test
  void publishedFilesAreCompleteAndFlushLeavesNothingPending() throws Exception {
    Store store = Store.open(data);
    Path dir = store.versionDir("example.com/m");
    for (int i = 0; i < 20; i++) {
      store.write(dir.resolve("v1.0." + i + ".mod"), ("module example.com/m // " + i + "\n").getBytes());
    }
    store.flush();

    for (int i = 0; i < 20; i++) {
      assertThat(dir.resolve("v1.0." + i + ".mod")).hasContent("module example.com/m // " + i + "\n");
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.filter(Store::isTemp)).isEmpty();
    }
  }
}
