package dev.gofer.mod.sumdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-backed client store: the go command's layout, compare-and-swap, atomic writes. */
class FileClientStoreTest {
  @TempDir Path tmp;

  ClientStore store() {
    return ClientStore.inDirectories(tmp.resolve("pkg/sumdb"), tmp.resolve("pkg/mod/cache/download"));
  }

  @Test
  void compareAndSwap() throws IOException {
    for (ClientStore s : List.of(store(), ClientStore.inMemory())) {
      assertThat(s.readConfig("x.test/latest")).isEmpty();
      s.writeConfig("x.test/latest", "ignored".getBytes(UTF_8), "one".getBytes(UTF_8));
      assertThat(s.readConfig("x.test/latest")).asString(UTF_8).isEqualTo("one");
      assertThatThrownBy(() -> s.writeConfig("x.test/latest", "zero".getBytes(UTF_8), "two".getBytes(UTF_8)))
          .isInstanceOf(WriteConflictException.class)
          .hasMessage("write conflict");
      assertThat(s.readConfig("x.test/latest")).asString(UTF_8).isEqualTo("one");
      s.writeConfig("x.test/latest", "one".getBytes(UTF_8), "two".getBytes(UTF_8));
      assertThat(s.readConfig("x.test/latest")).asString(UTF_8).isEqualTo("two");
    }
  }

  @Test
  void concurrentCompareAndSwapLosesNoUpdate() throws Exception {
    for (ClientStore s : List.of(store(), ClientStore.inMemory())) {
      int threads = 8;
      int each = 25;
      try (ExecutorService exec = Executors.newFixedThreadPool(threads)) {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          fs.add(
              exec.submit(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      while (true) {
                        byte[] cur = s.readConfig("c/latest");
                        int n = cur.length == 0 ? 0 : Integer.parseInt(new String(cur, UTF_8));
                        try {
                          s.writeConfig("c/latest", cur, Integer.toString(n + 1).getBytes(UTF_8));
                          break;
                        } catch (WriteConflictException e) {
                          // retry
                        }
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
      }
      assertThat(s.readConfig("c/latest")).asString(UTF_8).isEqualTo(Integer.toString(threads * each));
    }
  }

  @Test
  void usesTheGoCommandsLayout() throws IOException {
    ClientStore s = store();
    s.writeConfig("sum.golang.org/latest", new byte[0], "head".getBytes(UTF_8));
    s.writeCache("sum.golang.org/lookup/rsc.io/!quote@v1.5.2", "body".getBytes(UTF_8));
    s.writeCache("sum.golang.org/tile/8/0/x001/234.p/5", "tile".getBytes(UTF_8));
    assertThat(tmp.resolve("pkg/sumdb/sum.golang.org/latest")).hasContent("head");
    assertThat(tmp.resolve("pkg/mod/cache/download/sumdb/sum.golang.org/lookup/rsc.io/!quote@v1.5.2")).hasContent("body");
    assertThat(tmp.resolve("pkg/mod/cache/download/sumdb/sum.golang.org/tile/8/0/x001/234.p/5")).hasContent("tile");
    assertThat(s.readCache("sum.golang.org/tile/8/0/x001/234.p/5")).asString(UTF_8).isEqualTo("tile");
    // No temporary files are left behind.
    try (var walk = Files.walk(tmp)) {
      assertThat(walk.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
    // An empty cache file (a writer that has not finished, in the go command) is a miss.
    Files.write(tmp.resolve("pkg/mod/cache/download/sumdb/sum.golang.org/lookup/empty@v1.0.0"), new byte[0]);
    assertThat(s.readCache("sum.golang.org/lookup/empty@v1.0.0")).isNull();
    assertThat(s.readCache("sum.golang.org/lookup/missing@v1.0.0")).isNull();
  }

  @Test
  void refusesNamesThatLeaveTheDirectory() {
    ClientStore s = store();
    for (String bad : List.of("../x", "a/../../x", "a//b", "/abs", "a/./b", "a\\b", "", "a/")) {
      assertThat(s.readCache(bad)).as(bad).isNull();
      assertThatThrownBy(() -> s.writeCache(bad, new byte[] {1})).as(bad).isInstanceOf(SumdbException.class);
      assertThatThrownBy(() -> s.writeConfig(bad, new byte[0], new byte[] {1})).as(bad).isInstanceOf(SumdbException.class);
    }
  }

  @Test
  void aClientOnDiskAnswersFromItsCacheAfterARestart() {
    Log log = Log.inMemory(ClientLogTest.KEYS.signerKey(), 8);
    for (int i = 0; i < 300; i++) {
      log.append(ClientLogTest.rec(i));
    }
    Client first = ClientLogTest.client(FakeRemote.of(log), store(), 8);
    for (int i = 0; i < 300; i += 37) {
      assertThat(first.lookup("example.com/m" + i, "v1.0." + i)).isEqualTo(ClientLogTest.expectedLines(i));
    }
    String name = first.name();
    assertThat(tmp.resolve("pkg/sumdb/" + name + "/latest")).exists();
    assertThat(tmp.resolve("pkg/mod/cache/download/sumdb/" + name + "/tile/8/0/000")).exists();
    assertThat(tmp.resolve("pkg/mod/cache/download/sumdb/" + name + "/tile/8/0/001.p/44")).exists();
    Client offline =
        ClientLogTest.client(
            path -> {
              throw new IOException("offline");
            },
            store(),
            8);
    for (int i = 0; i < 300; i += 37) {
      assertThat(offline.lookup("example.com/m" + i, "v1.0." + i)).isEqualTo(ClientLogTest.expectedLines(i));
    }
    assertThatThrownBy(() -> offline.lookup("example.com/m1", "v1.0.1"))
        .isInstanceOf(SumdbException.class)
        .hasMessage("example.com/m1@v1.0.1: offline");
  }
}
