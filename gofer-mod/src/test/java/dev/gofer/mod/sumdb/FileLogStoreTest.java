package dev.gofer.mod.sumdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-backed log store keeps every published record across restarts and crashes. */
class FileLogStoreTest {
  static final String SKEY = ClientLogTest.KEYS.signerKey();

  @TempDir Path tmp;

  static Log open(Path dir) throws IOException {
    return Log.open(LogStore.open(dir), SKEY, 2);
  }

  static void appendBatch(Log log, int from, int count) {
    List<LogRecord> batch = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      batch.add(ClientLogTest.rec(i));
    }
    log.append(batch);
  }

  /** Every lookup of the first {@code n} records verifies through a client that trusts nothing. */
  static void verifyThroughClient(Log log, int n) {
    Client client = ClientLogTest.client(FakeRemote.of(log), ClientStore.inMemory(), 2);
    for (int i = 0; i < n; i++) {
      assertThat(client.lookup("example.com/m" + i, "v1.0." + i)).isEqualTo(ClientLogTest.expectedLines(i));
    }
    assertThat(client.latest().tree()).isEqualTo(log.signed().tree());
  }

  @Test
  void survivesRestarts() throws IOException {
    Path dir = tmp.resolve("log");
    byte[] head;
    try (Log log = open(dir)) {
      assertThat(log.size()).isZero();
      appendBatch(log, 0, 7);
      appendBatch(log, 7, 1);
      head = log.signed().note();
    }
    try (Log log = open(dir)) {
      assertThat(log.size()).isEqualTo(8);
      assertThat(log.signed().note()).isEqualTo(head);
      appendBatch(log, 8, 5);
      verifyThroughClient(log, 13);
    }
    try (Log log = open(dir)) {
      verifyThroughClient(log, 13);
      assertThat(log.id("example.com/m12", "v1.0.12")).isEqualTo(12);
    }
  }

  @Test
  void refusesASecondOpen() throws IOException {
    Path dir = tmp.resolve("log");
    try (LogStore first = LogStore.open(dir)) {
      assertThatThrownBy(() -> LogStore.open(dir))
          .isInstanceOf(SumdbException.class)
          .hasMessageContaining("open in another process");
    }
    LogStore.open(dir).close();
  }

  @Test
  void anInterruptedAppendIsDroppedAtEveryOffset() throws IOException {
    Path base = tmp.resolve("base");
    List<byte[]> lookups = new ArrayList<>();
    byte[] pubHead;
    try (Log log = open(base)) {
      appendBatch(log, 0, 4);
      appendBatch(log, 4, 3);
      appendBatch(log, 7, 3);
      for (int i = 0; i < 10; i++) {
        lookups.add(log.lookup("example.com/m" + i, "v1.0." + i));
      }
      pubHead = log.signed().note();
    }
    byte[] pubRecords = Files.readAllBytes(base.resolve(FileLogStore.RECORDS));
    byte[] pubHashes = Files.readAllBytes(base.resolve(FileLogStore.HASHES));
    byte[] pubHeadFile = Files.readAllBytes(base.resolve(FileLogStore.HEAD));

    Path next = tmp.resolve("next");
    copy(base, next);
    try (Log log = open(next)) {
      appendBatch(log, 10, 3);
    }
    byte[] postRecords = Files.readAllBytes(next.resolve(FileLogStore.RECORDS));
    byte[] postHashes = Files.readAllBytes(next.resolve(FileLogStore.HASHES));
    byte[] postHeadFile = Files.readAllBytes(next.resolve(FileLogStore.HEAD));
    assertThat(postRecords).startsWith(pubRecords);
    assertThat(postHashes).startsWith(pubHashes);

    Path dir = tmp.resolve("crash");
    int states = 0;
    Random random = new Random(1);
    // The records file cut at every offset of the last append, with the hashes not yet written,
    // partly written, or complete; the head not yet replaced.
    int[] hashCuts = {pubHashes.length, pubHashes.length + 17, postHashes.length};
    for (int k = pubRecords.length; k <= postRecords.length; k++) {
      int h = hashCuts[k % 3];
      write(dir, Arrays.copyOf(postRecords, k), Arrays.copyOf(postHashes, h), pubHeadFile);
      expectPublished(dir, lookups, pubHead, states++ % 50 == 0);
    }
    // The hashes file cut at every offset, records complete.
    for (int h = pubHashes.length; h <= postHashes.length; h++) {
      write(dir, postRecords, Arrays.copyOf(postHashes, h), pubHeadFile);
      expectPublished(dir, lookups, pubHead, false);
      states++;
    }
    // Garbage after the published data (a torn write of random bytes), and a leftover temporary
    // head file from an interrupted rename.
    for (int len = 1; len <= 64; len++) {
      byte[] junk = new byte[len];
      random.nextBytes(junk);
      write(dir, concat(pubRecords, junk), concat(pubHashes, junk), pubHeadFile);
      Files.write(dir.resolve(".head.123.tmp"), Arrays.copyOf(postHeadFile, len));
      expectPublished(dir, lookups, pubHead, false);
      states++;
    }
    assertThat(states).isGreaterThan(400);

    // The head published: the append is complete.
    write(dir, postRecords, postHashes, postHeadFile);
    try (Log log = open(dir)) {
      assertThat(log.size()).isEqualTo(13);
      verifyThroughClient(log, 13);
    }

    // After recovering from a crash, the log goes on and its new head extends the old one.
    write(dir, Arrays.copyOf(postRecords, pubRecords.length + 5), pubHashes, pubHeadFile);
    Client client = null;
    try (Log log = open(dir)) {
      client = ClientLogTest.client(FakeRemote.of(log), ClientStore.inMemory(), 2);
      assertThat(client.merge(pubHead)).isEqualTo(Client.When.FUTURE);
      appendBatch(log, 10, 6);
      assertThat(client.merge(log.signed().note())).isEqualTo(Client.When.FUTURE);
      verifyThroughClient(log, 16);
    }
  }

  private static void expectPublished(Path dir, List<byte[]> lookups, byte[] head, boolean client)
      throws IOException {
    try (Log log = open(dir)) {
      assertThat(log.size()).isEqualTo(lookups.size());
      assertThat(log.signed().note()).isEqualTo(head);
      for (int i = 0; i < lookups.size(); i++) {
        assertThat(log.lookup("example.com/m" + i, "v1.0." + i)).isEqualTo(lookups.get(i));
      }
      assertThat(log.id("example.com/m10", "v1.0.10")).isEqualTo(-1);
      if (client) {
        verifyThroughClient(log, lookups.size());
      }
    }
    // Recovery truncated the files to the published lengths.
    assertThat(Files.size(dir.resolve(FileLogStore.HASHES)) % 32).isZero();
  }

  @Test
  void reportsDamageToPublishedData() throws IOException {
    Path base = tmp.resolve("base");
    try (Log log = open(base)) {
      appendBatch(log, 0, 9);
    }
    byte[] records = Files.readAllBytes(base.resolve(FileLogStore.RECORDS));
    byte[] hashes = Files.readAllBytes(base.resolve(FileLogStore.HASHES));
    byte[] head = Files.readAllBytes(base.resolve(FileLogStore.HEAD));
    Path dir = tmp.resolve("damaged");
    for (int i = 0; i < records.length; i += 7) {
      byte[] r = records.clone();
      r[i] ^= 0x20;
      write(dir, r, hashes, head);
      assertThatThrownBy(() -> open(dir).close()).as("records byte " + i).isInstanceOf(SumdbException.class);
    }
    for (int i = 0; i < hashes.length; i += 5) {
      byte[] h = hashes.clone();
      h[i] ^= 0x01;
      write(dir, records, h, head);
      assertThatThrownBy(() -> open(dir).close()).as("hashes byte " + i).isInstanceOf(SumdbException.class);
    }
    for (int i = 0; i < head.length; i += 3) {
      byte[] h = head.clone();
      h[i] ^= 0x04;
      write(dir, records, hashes, h);
      assertThatThrownBy(() -> open(dir).close()).as("head byte " + i).isInstanceOf(SumdbException.class);
    }
    write(dir, Arrays.copyOf(records, records.length - 1), hashes, head);
    assertThatThrownBy(() -> open(dir).close()).isInstanceOf(SumdbException.class);
    write(dir, records, Arrays.copyOf(hashes, hashes.length - 32), head);
    assertThatThrownBy(() -> open(dir).close()).isInstanceOf(SumdbException.class);
  }

  @Test
  void survivesKillDashNineMidAppend() throws Exception {
    Path dir = tmp.resolve("killed");
    Random random = new Random();
    for (int round = 0; round < 3; round++) {
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  LogCrashChild.class.getName(),
                  dir.toString(),
                  SKEY)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      long lastPublished = -1;
      int target = 20 + random.nextInt(60);
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
        int seen = 0;
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("published ")) {
            lastPublished = Long.parseLong(line.substring("published ".length()));
            if (++seen >= target) {
              break;
            }
          }
        }
        child.destroyForcibly(); // SIGKILL, in the middle of some append
        child.waitFor();
      }
      assertThat(lastPublished).as("child output").isPositive();
      try (Log log = open(dir)) {
        assertThat(log.size()).isGreaterThanOrEqualTo(lastPublished);
        verifyThroughClient(log, (int) log.size());
      }
    }
  }

  static void write(Path dir, byte[] records, byte[] hashes, byte[] head) throws IOException {
    if (Files.exists(dir)) {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    Files.write(dir.resolve(FileLogStore.RECORDS), records);
    Files.write(dir.resolve(FileLogStore.HASHES), hashes);
    Files.write(dir.resolve(FileLogStore.HEAD), head);
  }

  static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    for (String f : List.of(FileLogStore.RECORDS, FileLogStore.HASHES, FileLogStore.HEAD)) {
      Files.copy(from.resolve(f), to.resolve(f));
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
