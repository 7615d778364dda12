package dev.gofer.proxy.mirror;

import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.proxy.http.Answer;
import dev.gofer.proxy.http.ModuleSource;
import dev.gofer.proxy.modules.ChecksumVerifier;
import dev.gofer.proxy.modules.ChecksumVerifier.ChecksumDatabaseException;
import dev.gofer.proxy.modules.OnlineModules;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code gofer mirror sync}: makes a store hold the given module versions, fetched through the
 * same verified path as {@code gofer serve} (an {@link OnlineModules}: store hits stay, misses
 * are fetched, hashed, checked against the checksum database and published atomically), a
 * bounded number at a time.
 *
 * <p>For each version it asks for the {@code .mod}, the exact {@code .info} and, unless only the
 * go.mod is wanted, the {@code .zip}; then, for public modules, the verified checksum-database
 * lines (so the lookup is stored); then it compares the hashes the inputs' go.sum files gave with
 * what is stored. At the end a {@link SumdbSeal} proves every public version's lookup against the
 * newest tree head, so the tiles an offline client needs are stored too.
 */
public final class MirrorSync {

  /** Hears about progress; called from worker threads, one call at a time. */
  public interface Listener {
    /** Before the first version starts. */
    default void started(int total) {}

    /** After each version, {@code done} of {@code total}. */
    default void finished(SyncReport.Item item, int done, int total) {}

    /** Before the checksum-database data is sealed. */
    default void sealing(int versions) {}

    Listener NONE = new Listener() {};
  }

  private final Store store;
  private final ModuleSource modules;
  private final ChecksumVerifier verifier;
  private final PrefixPatterns privatePatterns;
  private final Optional<SumdbSeal> seal;
  private final int concurrency;

  /**
   * A sync into {@code store} through {@code modules} (normally an {@link OnlineModules} over the
   * same store).
   *
   * @param verifier the checksum database that {@code modules} verifies against
   * @param privatePatterns modules never looked up in the checksum database (GOPRIVATE syntax)
   * @param seal the seal of the verifier's database, if it has one (none: lookups are stored but
   *     not proven against a newer head)
   * @param concurrency versions fetched at once (8 is plenty: each fetch holds one upstream
   *     permit at a time)
   */
  public MirrorSync(
      Store store,
      ModuleSource modules,
      ChecksumVerifier verifier,
      PrefixPatterns privatePatterns,
      Optional<SumdbSeal> seal,
      int concurrency) {
    this.store = Objects.requireNonNull(store, "store");
    this.modules = Objects.requireNonNull(modules, "modules");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.privatePatterns = Objects.requireNonNull(privatePatterns, "privatePatterns");
    this.seal = Objects.requireNonNull(seal, "seal");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    this.concurrency = concurrency;
  }

  /** Syncs every version of {@code inputs}; never throws for a version that fails. */
  public SyncReport sync(SyncInputs inputs, Listener listener) {
    List<Wanted> wanted = inputs.wanted();
    int total = wanted.size();
    listener.started(total);
    AtomicInteger done = new AtomicInteger();
    Semaphore slots = new Semaphore(concurrency);
    java.util.concurrent.locks.ReentrantLock report = new java.util.concurrent.locks.ReentrantLock();
    List<Future<SyncReport.Item>> futures = new ArrayList<>(total);
    try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Wanted w : wanted) {
        futures.add(
            exec.submit(
                () -> {
                  slots.acquireUninterruptibly();
                  SyncReport.Item item;
                  try {
                    item = one(w, inputs);
                  } catch (RuntimeException e) {
                    item = new SyncReport.Item(w, SyncReport.Outcome.FAILED, SyncInputs.oneLine(String.valueOf(e.getMessage())));
                  } finally {
                    slots.release();
                  }
                  report.lock();
                  try {
                    listener.finished(item, done.incrementAndGet(), total);
                  } finally {
                    report.unlock();
                  }
                  return item;
                }));
      }
    }
    List<SyncReport.Item> items = new ArrayList<>(total);
    for (Future<SyncReport.Item> f : futures) {
      try {
        items.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    SyncReport result = new SyncReport(sealed(items, listener));
    // Records, lookups and tiles are stored in the background; "done" means they are on disk.
    store.flush();
    return result;
  }

  private List<SyncReport.Item> sealed(List<SyncReport.Item> items, Listener listener) {
    if (seal.isEmpty()) {
      return items;
    }
    List<Wanted> toProve =
        items.stream()
            .filter(i -> i.outcome() != SyncReport.Outcome.FAILED && !isPrivate(i.wanted().module()))
            .map(SyncReport.Item::wanted)
            .toList();
    if (toProve.isEmpty()) {
      return items;
    }
    listener.sealing(toProve.size());
    store.flush(); // the seal reads the stored lookups from disk
    Map<String, String> failed = seal.get().prove(toProve);
    if (failed.isEmpty()) {
      return items;
    }
    List<SyncReport.Item> out = new ArrayList<>(items.size());
    for (SyncReport.Item i : items) {
      String why = failed.get(i.wanted().key());
      out.add(why == null ? i : new SyncReport.Item(i.wanted(), SyncReport.Outcome.FAILED, why));
    }
    return out;
  }

  private boolean isPrivate(String module) {
    return !module.equals(OnlineModules.TOOLCHAIN) && privatePatterns.matches(module);
  }

  private SyncReport.Item one(Wanted w, SyncInputs inputs) {
    String m = w.module();
    String v = w.version();
    boolean present =
        Files.isRegularFile(store.file(m, v, "mod"))
            && Files.isRegularFile(store.file(m, v, "info"))
            && (!w.zip() || (Files.isRegularFile(store.file(m, v, "zip")) && Files.isRegularFile(store.file(m, v, "ziphash"))));
    String failure = check(modules.mod(m, v), "go.mod");
    if (failure == null && w.zip()) {
      failure = check(modules.zip(m, v), "zip");
      store.awaitPublished(store.file(m, v, "zip")); // compared and reported from the disk below
    }
    if (failure == null) {
      failure = check(modules.info(m, v), "info");
    }
    if (failure == null && !isPrivate(m)) {
      try {
        verifier.goSumLines(m, v);
      } catch (ChecksumDatabaseException e) {
        failure = "checksum database: " + SyncInputs.oneLine(e.getMessage());
      }
    }
    if (failure == null) {
      failure = compareGoSum(w, inputs);
    }
    if (failure != null) {
      return new SyncReport.Item(w, SyncReport.Outcome.FAILED, failure);
    }
    return new SyncReport.Item(w, present ? SyncReport.Outcome.PRESENT : SyncReport.Outcome.FETCHED, "");
  }

  private static String check(Answer a, String what) {
    return switch (a) {
      case Answer.File f -> null;
      case Answer.Open o -> {
        o.file().release();
        yield null;
      }
      case Answer.Bytes b -> null;
      case Answer.Failure f -> what + ": " + f.status() + " " + SyncInputs.oneLine(f.message());
    };
  }

  /** Compares the go.sum hashes the inputs gave with the stored files'; null when they agree. */
  private String compareGoSum(Wanted w, SyncInputs inputs) {
    try {
      String wantMod = inputs.goSumHash(w.module(), w.version() + "/go.mod");
      if (wantMod != null) {
        String got = DirHash.hashGoMod(Files.readAllBytes(store.file(w.module(), w.version(), "mod")));
        if (!got.equals(wantMod)) {
          return "go.sum mismatch: go.sum says " + w.version() + "/go.mod " + wantMod + ", the verified go.mod is " + got;
        }
      }
      String wantZip = inputs.goSumHash(w.module(), w.version());
      if (wantZip != null) {
        Path ziphash = store.file(w.module(), w.version(), "ziphash");
        String got = Files.isRegularFile(ziphash)
            ? Files.readString(ziphash, StandardCharsets.UTF_8).strip()
            : DirHash.hashZip(store.file(w.module(), w.version(), "zip"));
        if (!got.equals(wantZip)) {
          return "go.sum mismatch: go.sum says " + wantZip + ", the verified zip is " + got;
        }
      }
      return null;
    } catch (IOException e) {
      return "reading the stored files: " + SyncInputs.oneLine(e.toString());
    }
  }
}
