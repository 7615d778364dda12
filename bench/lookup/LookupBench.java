import dev.gofer.mod.note.Keys;
import dev.gofer.mod.sumdb.Log;
import dev.gofer.mod.sumdb.LogRecord;
import dev.gofer.mod.testing.TestSumdbServer;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.store.Store;
import dev.gofer.proxy.sumdb.DatabaseConfig;
import dev.gofer.proxy.sumdb.SumdbMirror;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cold verified lookups through gofer's checksum-database mirror ({@code SumdbMirror.goSumLines},
 * what a cold {@code .mod} or {@code .zip} waits for) against a local database of RECORDS records,
 * LOOKUPS of them spread over the tree so that each needs its own level-0 tile, as lookups in
 * sum.golang.org do. Prints the request thread's id (for strace) and the latencies. Run by
 * bench/lookup-fsync.sh.
 *
 * <p>Usage: {@code LookupBench RECORDS LOOKUPS TMPDIR}
 */
public class LookupBench {
  public static void main(String[] a) throws Exception {
    int records = Integer.parseInt(a[0]), lookups = Integer.parseInt(a[1]);
    Path data = Files.createTempDirectory(Path.of(a[2]), "lb");
    String name = "bench.example/sumdb";
    Keys.KeyPair keys = Keys.generate(name);
    Log log = Log.inMemory(keys.signerKey(), 8);
    List<LogRecord> all = new ArrayList<>();
    String h = "h1:" + "A".repeat(43) + "=";
    for (int i = 0; i < records; i++) all.add(LogRecord.of("example.com/m" + i, "v1.0.0", h, h));
    log.append(all);
    try (TestSumdbServer up = TestSumdbServer.start(log, "/sumdb/" + name)) {
      Store store = Store.open(data);
      SumdbMirror m = SumdbMirror.builder(store, new Metrics()).database(DatabaseConfig.of(keys.verifierKey()))
          .upstream("http://127.0.0.1:" + up.url().getPort()).build();
      m.goSumLines("example.com/m0", "v1.0.0"); // first head + JIT warm-up of the path
      System.out.println("request thread " + Files.readSymbolicLink(Path.of("/proc/thread-self")));
      double[] ms = new double[lookups];
      int step = records / (lookups + 1);
      long t0 = System.nanoTime();
      for (int i = 0; i < lookups; i++) {
        long s = System.nanoTime();
        m.goSumLines("example.com/m" + ((i + 1) * step), "v1.0.0");
        ms[i] = (System.nanoTime() - s) / 1e6;
      }
      long t1 = System.nanoTime();
      store.flush();
      long t2 = System.nanoTime();
      Arrays.sort(ms);
      System.out.printf("lookups %d: mean %.2f ms, p50 %.2f, p90 %.2f, p99 %.2f; all %.0f ms; flush after %.0f ms%n",
          lookups, Arrays.stream(ms).average().orElse(0), ms[lookups / 2], ms[lookups * 9 / 10], ms[lookups * 99 / 100],
          (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }
    System.exit(0);
  }
}
