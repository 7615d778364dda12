package dev.gofer.host.audit;

import dev.gofer.host.audit.ModuleAudit.Verdict;
import dev.gofer.mod.ModException;
import dev.gofer.mod.buildinfo.BuildInfo;
import dev.gofer.mod.buildinfo.ModuleInfo;
import dev.gofer.mod.goproxy.ProxyList;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.sumdb.Client;
import dev.gofer.mod.sumdb.ClientStore;
import dev.gofer.mod.sumdb.ForkException;
import dev.gofer.mod.sumdb.SumdbException;
import dev.gofer.mod.sumdb.SumdbRemote;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Checks the {@code h1:} sums a Go binary records against a checksum database, with verified
 * lookups (Go's {@code sumdb.Client}: every record is proven against a signed tree head), reached
 * the way the go command reaches it: the URL in {@code GOSUMDB}, else the first proxy of the
 * GOPROXY list that answers {@code /sumdb/<name>/supported}, else {@code https://<name>}.
 *
 * <p>For each module with a version (the replacement's, when replaced) the database's line for
 * {@code path version} (the zip's hash, not {@code /go.mod}) is compared with the binary's sum.
 * Lookups run on virtual threads, at most {@value #PARALLEL} at a time. The client state lives in
 * memory for one audit.
 */
public final class Auditor {
  /** Lookups in flight at once: a little parallelism, not a flood on someone's proxy. */
  static final int PARALLEL = 8;

  private Auditor() {}

  /**
   * Audits {@code info} with {@code settings}.
   *
   * @throws AuditException when the database cannot be reached, does not verify, or forks
   */
  public static AuditReport audit(BuildInfo info, AuditSettings settings) {
    List<ModuleInfo> modules = new ArrayList<>();
    if (!info.main().sum().isEmpty() || info.main().replacement().isPresent()) {
      modules.add(info.main());
    }
    modules.addAll(info.deps());
    PrefixPatterns privates = PrefixPatterns.parse(settings.privatePatterns());
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build()) {
      Client client;
      try {
        client = Client.builder(settings.sumdbKey(), new Lazy(() -> remote(http, settings)), ClientStore.inMemory())
            .gonosumdb(settings.privatePatterns())
            .build();
      } catch (ModException e) {
        throw new AuditException("invalid GOSUMDB key " + settings.sumdbKey() + ": " + e.getMessage(), e);
      }
      Semaphore slots = new Semaphore(PARALLEL);
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<ModuleAudit>> futures = new ArrayList<>();
        for (ModuleInfo m : modules) {
          futures.add(pool.submit(() -> {
            slots.acquire();
            try {
              return check(m, client, privates, settings.sumdbName());
            } finally {
              slots.release();
            }
          }));
        }
        List<ModuleAudit> out = new ArrayList<>();
        for (Future<ModuleAudit> f : futures) {
          out.add(f.get());
        }
        return new AuditReport(settings.sumdbName(), out);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof AuditException a) {
          throw a;
        }
        throw new AuditException(String.valueOf(e.getCause().getMessage()), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AuditException("audit interrupted", e);
      }
    }
  }

  /** The verdict on one module. */
  static ModuleAudit check(ModuleInfo m, Client client, PrefixPatterns privates, String db) {
    ModuleInfo e = m.effective();
    if (e.sum().isEmpty()) {
      String why = m.replacement().isPresent() && e.version().isEmpty()
          ? "replaced by the directory " + e.path() + ": no sum"
          : "no sum recorded in the binary";
      return new ModuleAudit(m, e.path(), e.version(), "", Verdict.UNKNOWN, why);
    }
    if (privates.matches(e.path())) {
      return new ModuleAudit(m, e.path(), e.version(), e.sum(), Verdict.PRIVATE, "matches GONOSUMDB/GOPRIVATE: not sent to " + db);
    }
    List<String> lines;
    try {
      lines = client.lookup(e.path(), e.version());
    } catch (ForkException x) {
      throw new AuditException("checksum database " + db + " is inconsistent (forked): " + x.getMessage(), x);
    } catch (SumdbException x) {
      if (notInDatabase(x)) {
        return new ModuleAudit(m, e.path(), e.version(), e.sum(), Verdict.UNKNOWN, "not in " + db);
      }
      throw new AuditException("checksum database " + db + ": " + x.getMessage(), x);
    } catch (UncheckedIOException x) {
      throw new AuditException("checksum database " + db + ": " + x.getCause().getMessage(), x);
    }
    String prefix = e.path() + " " + e.version() + " ";
    for (String line : lines) {
      if (line.startsWith(prefix) && line.substring(prefix.length()).startsWith("h1:")) {
        String want = line.substring(prefix.length());
        return want.equals(e.sum())
            ? new ModuleAudit(m, e.path(), e.version(), e.sum(), Verdict.GENUINE, "")
            : new ModuleAudit(m, e.path(), e.version(), e.sum(), Verdict.MISMATCHED, db + " has " + want);
      }
    }
    return new ModuleAudit(m, e.path(), e.version(), e.sum(), Verdict.UNKNOWN, db + " has no h1: hash for it");
  }

  private static boolean notInDatabase(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof LookupRemote.NotInDatabase) {
        return true;
      }
    }
    return false;
  }

  /** Where the database is reached (see the class comment). */
  static SumdbRemote remote(HttpClient http, AuditSettings s) throws IOException {
    if (s.sumdbUrl().isPresent()) {
      return new LookupRemote(http, s.sumdbUrl().get());
    }
    for (ProxyList.Entry e : s.proxies().entries()) {
      if (!(e instanceof ProxyList.Proxy p) || p.isFile()) {
        break;
      }
      String base = p.url().toString().replaceAll("/+$", "") + "/sumdb/" + s.sumdbName();
      URI supported = URI.create(base + "/supported");
      int status;
      try {
        status = http.send(HttpRequest.newBuilder(supported).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("checking " + supported + ": interrupted");
      } catch (IOException x) {
        throw NetError.wrap("checking", supported, x, "is the proxy up? it comes from --proxy or GOPROXY");
      }
      if (status == 200) {
        return new LookupRemote(http, URI.create(base));
      }
      if (status != 404 && status != 410) {
        throw new IOException("checking " + supported + ": HTTP " + status);
      }
    }
    return new LookupRemote(http, URI.create("https://" + s.sumdbName()));
  }

  /** Chooses the remote on first use, once; later calls reuse the choice. */
  private static final class Lazy implements SumdbRemote {
    interface Choose {
      SumdbRemote get() throws IOException;
    }

    private final Choose choose;
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private SumdbRemote chosen;

    Lazy(Choose choose) {
      this.choose = choose;
    }

    @Override
    public byte[] read(String path) throws IOException {
      SumdbRemote r;
      lock.lock();
      try {
        if (chosen == null) {
          chosen = choose.get();
        }
        r = chosen;
      } finally {
        lock.unlock();
      }
      return r.read(path);
    }
  }
}
