package dev.gofer.proxy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

    // Within one JVM a second open shares the first one's hold: the first is still alive.
    Store.open(data).close();
    assertThat(modTemp).exists();
    assertThat(work).exists();

    first.close(); // now nobody has the store open, as after a kill -9
    Store.open(data).close();

    assertThat(modTemp).doesNotExist();
    assertThat(tileTemp).doesNotExist();
    assertThat(latestTemp).doesNotExist();
    assertThat(work).doesNotExist();
    assertThat(mod).hasContent("module example.com/m\n");
    assertThat(first.sumdb("sum.golang.org").resolve("tile/8/0")).isDirectory();
  }

  @Test
  void aLiveOtherProcessKeepsItsTempFilesAndAKilledOneLosesThem() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process other =
        new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), HoldStore.class.getName(), data.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      Path temp;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        assertThat(line).as("the other process opened the store").isNotNull();
        temp = Path.of(line);

        Store.open(data).close();
        assertThat(temp).as("the live process's download").hasContent("a download under way");

        other.destroyForcibly(); // SIGKILL: the kernel drops its lock, its temp file stays
        assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(temp).exists();

      Store.open(data).close();
      assertThat(temp).as("left by a killed process").doesNotExist();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void writtenBehindFilesAreReadableAtOnceAndPresentAfterFlush() throws Exception {
    try (Store store = Store.open(data)) {
      Path dir = store.sumdb("sum.golang.org").resolve("tile/8/0");
      for (int i = 0; i < 50; i++) {
        byte[] bytes = ("tile " + i).getBytes(StandardCharsets.UTF_8);
        Path target = dir.resolve("%03d".formatted(i));
        store.writeBehind(target, bytes);
        byte[] queued = store.pending(target); // removed from the queue only once published
        assertThat(queued != null ? queued : Files.readAllBytes(target)).isEqualTo(bytes);
      }
      store.writeBehind(dir.resolve("000"), "tile 0, again".getBytes(StandardCharsets.UTF_8));
      store.flush();

      for (int i = 1; i < 50; i++) {
        assertThat(dir.resolve("%03d".formatted(i))).hasContent("tile " + i);
        assertThat(store.pending(dir.resolve("%03d".formatted(i)))).isNull();
      }
      assertThat(dir.resolve("000")).hasContent("tile 0, again");
      try (Stream<Path> s = Files.list(dir)) {
        assertThat(s.filter(Store::isTemp)).isEmpty();
      }
    }
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
    store.close();
  }
}
