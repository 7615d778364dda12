package dev.gofer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotFilesTest {
  @TempDir Path dir;

  Path file(String name, int size, int seed) throws IOException {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return Files.write(dir.resolve(name), b);
  }

  static StoredFile meta(Path f) throws IOException {
    return StoredFile.of(Files.readAttributes(f, BasicFileAttributes.class), Answer.ZIP, Answer.Caching.IMMUTABLE);
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @Test
  void holdsTheWholeFileAndServesSlicesOfIt() throws IOException {
    HotFiles hot = HotFiles.of(1024, 4096, Duration.ofHours(1));
    Path f = file("a.zip", 1000, 1);
    assertThat(hot.get("/a")).isNull();

    HotFiles.Entry e = hot.load("/a", "zip", f, meta(f));

    assertThat(hot.get("/a")).isSameAs(e);
    assertThat(bytes(e.slice(0, 1000))).isEqualTo(Files.readAllBytes(f));
    byte[] part = new byte[10];
    System.arraycopy(Files.readAllBytes(f), 990, part, 0, 10);
    assertThat(bytes(e.slice(990, 10))).isEqualTo(part);
    assertThat(e.slice(0, 10).isReadOnly()).isTrue();
    assertThat(hot.totalBytes()).isEqualTo(1000);
  }

  @Test
  void refusesFilesOverTheEntryLimitAndHoldsNothingWhenDisabled() throws IOException {
    Path big = file("big.zip", 2000, 2);
    assertThat(HotFiles.of(1024, 1 << 20, Duration.ofHours(1)).load("/big", "zip", big, meta(big))).isNull();
    HotFiles off = HotFiles.disabled();
    Path small = file("small.mod", 10, 3);
    assertThat(off.wants(10)).isFalse();
    assertThat(off.load("/small", "mod", small, meta(small))).isNull();
    assertThat(off.size()).isZero();
  }

  @Test
  void anEntryIsTrustedOnlyForItsWindowThenRenewedWhenTheFileIsUnchanged() throws IOException {
    HotFiles hot = HotFiles.of(1024, 4096, Duration.ZERO);
    Path f = file("a.mod", 100, 4);
    HotFiles.Entry e = hot.load("/a", "mod", f, meta(f));
    // Window zero: every request must look at the file again.
    assertThat(hot.get("/a")).isNull();
    assertThat(hot.load("/a", "mod", f, meta(f))).isSameAs(e);
  }

  @Test
  void aRepublishedFileReplacesTheHeldOne() throws IOException {
    HotFiles hot = HotFiles.of(1024, 4096, Duration.ZERO);
    Path f = file("a.zip", 100, 5);
    HotFiles.Entry first = hot.load("/a", "zip", f, meta(f));
    Path next = file("next", 200, 6);
    Files.setLastModifiedTime(next, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    Files.move(next, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    HotFiles.Entry second = hot.load("/a", "zip", f, meta(f));

    assertThat(second).isNotSameAs(first);
    assertThat(bytes(second.slice(0, 200))).isEqualTo(Files.readAllBytes(f));
    assertThat(hot.totalBytes()).isEqualTo(200);
    hot.remove("/a");
    assertThat(hot.size()).isZero();
    assertThat(hot.totalBytes()).isZero();
  }

  @Test
  void aFileThatChangedSizeWhileItWasStattedIsNotHeld() throws IOException {
    HotFiles hot = HotFiles.of(1024, 4096, Duration.ofHours(1));
    Path f = file("a.zip", 100, 7);
    StoredFile before = meta(f);
    Files.write(f, new byte[50]);
    assertThat(hot.load("/a", "zip", f, before)).isNull();
    assertThat(hot.size()).isZero();
  }

  @Test
  void evictsOldestUnusedFirstAndStaysWithinTheBudget() throws IOException {
    HotFiles hot = HotFiles.of(1000, 2500, Duration.ofHours(1));
    Path a = file("a", 1000, 8);
    Path b = file("b", 1000, 9);
    Path c = file("c", 1000, 10);
    hot.load("/a", "zip", a, meta(a));
    hot.load("/b", "zip", b, meta(b));
    assertThat(hot.get("/a")).isNotNull(); // a is used: spared once

    hot.load("/c", "zip", c, meta(c));

    assertThat(hot.totalBytes()).isLessThanOrEqualTo(2500);
    assertThat(hot.get("/b")).isNull();
    assertThat(hot.get("/a")).isNotNull();
    assertThat(hot.get("/c")).isNotNull();
  }

  @Test
  void limitsMustNotBeNegative() {
    assertThatThrownBy(() -> HotFiles.of(-1, 10, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HotFiles.of(1, 10, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
