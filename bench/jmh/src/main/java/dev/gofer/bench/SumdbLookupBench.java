package dev.gofer.bench;

import dev.gofer.mod.note.Keys;
import dev.gofer.mod.sumdb.Client;
import dev.gofer.mod.sumdb.ClientStore;
import dev.gofer.mod.sumdb.Log;
import dev.gofer.mod.sumdb.LogRecord;
import dev.gofer.mod.sumdb.SumdbRemote;
import dev.gofer.mod.tlog.Tile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verified checksum-database lookups in a log of a million records (tile height 8), with the
 * client's tile cache warm: each operation looks up a random record, parses it, verifies the
 * signed tree head that comes with it, and proves the record's inclusion through tiles. The
 * remote is the {@link Log} itself in the same JVM (no network), so the figure is the cost of
 * verification.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class SumdbLookupBench {
  @Param({"1000000"})
  int records;

  Log log;
  Client client;
  String[] paths;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Keys.KeyPair keys = Keys.generate("bench.example/sumdb");
    log = Log.inMemory(keys.signerKey(), 8);
    paths = new String[records];
    List<LogRecord> batch = new ArrayList<>(10_000);
    for (int i = 0; i < records; i++) {
      paths[i] = "example.com/m" + i;
      batch.add(
          LogRecord.of(
              paths[i],
              "v1.0.0",
              "h1:" + b64(i, 'z'),
              "h1:" + b64(i, 'm')));
      if (batch.size() == 10_000) {
        log.append(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      log.append(batch);
    }
    SumdbRemote remote = this::serve;
    client = Client.builder(keys.verifierKey(), remote, ClientStore.inMemory()).tileHeight(8).build();
    // Warm the tile cache: one lookup per level-0 tile brings every tile a proof can need.
    for (int i = 0; i < records; i += 256) {
      client.lookup(paths[i], "v1.0.0");
    }
  }

  private byte[] serve(String path) {
    if (path.equals("/latest")) {
      return log.signed().note();
    }
    if (path.startsWith("/lookup/")) {
      String mv = path.substring("/lookup/".length());
      int at = mv.lastIndexOf('@');
      return log.lookup(mv.substring(0, at), mv.substring(at + 1));
    }
    return log.tile(Tile.parsePath(path.substring(1)));
  }

  private static String b64(int i, char fill) {
    StringBuilder b = new StringBuilder(Integer.toString(i));
    while (b.length() < 43) {
      b.append(fill);
    }
    return b.append('=').toString();
  }

  @Benchmark
  @Threads(1)
  public List<String> verifiedLookup(ThreadRandom r) {
    int i = r.random.nextInt(records);
    return client.lookup(paths[i], "v1.0.0");
  }

  @Benchmark
  @Threads(2)
  public List<String> verifiedLookup2Threads(ThreadRandom r) {
    int i = r.random.nextInt(records);
    return client.lookup(paths[i], "v1.0.0");
  }

  /** Per-thread random source. */
  @State(Scope.Thread)
  public static class ThreadRandom {
    final SplittableRandom random = new SplittableRandom(Thread.currentThread().threadId());
  }
}
