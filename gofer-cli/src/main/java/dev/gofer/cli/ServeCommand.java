package dev.gofer.cli;

import dev.gofer.proxy.ProxyServer;
import dev.gofer.proxy.ServeConfig;
import dev.gofer.proxy.http.AccessLog;
import dev.gofer.proxy.http.ProxyHandler;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.store.Store;
import dev.gofer.proxy.store.StoreSize;
import dev.gofer.proxy.tls.PemKeyStore;
import dev.gofer.proxy.tls.TlsException;
import dev.gofer.proxy.tls.TlsFiles;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gofer serve}: the verifying module proxy. Reads the configuration (flags over {@code
 * GOFER_*} variables over the TOML file over defaults), opens the store, starts Jetty, prints
 * where it listens and the client settings on stdout, and runs until SIGTERM or SIGINT; SIGHUP
 * reloads the TLS certificate.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Run a verifying Go module proxy and checksum-database mirror.",
    usageHelpWidth = 100,
    description = {
      "",
      "Serves the GOPROXY protocol and /sumdb/ from a store in Go's module-cache layout, fetching "
          + "what is missing from the upstream proxies. Prints where it listens and the go env lines "
          + "for clients on stdout; logs on stderr. Stops cleanly on SIGTERM/SIGINT; SIGHUP reloads "
          + "the TLS certificate and key.",
      "",
      "Every setting is a flag, a GOFER_* environment variable, and a key of the TOML file (the "
          + "flag's name: negative-ttl = \"2m\"; checksum databases as [[sumdb]] tables with name, "
          + "key, url). A flag beats the variable, which beats the file, which beats the default. "
          + "Durations are written as in Go: 25m, 90s, 1h30m. Relative paths in the file are "
          + "relative to the file.",
      "",
      "Options:",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  gofer serve",
      "      Proxy https://proxy.golang.org on 127.0.0.1:3000, storing under ~/.gofer/proxy.",
      "  gofer serve --listen 0.0.0.0:443 --tls-cert /etc/gofer/cert.pem --tls-key /etc/gofer/key.pem",
      "      Serve a fleet over HTTPS.",
      "  gofer serve --private 'corp.example/*' --private-upstream https://goproxy.corp.example",
      "      Fetch corp.example modules only from the private upstream, never asking the public side.",
      "  gofer serve --offline --data /srv/gofer",
      "      Serve an air-gapped store: nothing is fetched.",
      "  GOFER_LISTEN=127.0.0.1:0 gofer serve --config /etc/gofer/gofer.toml",
      "      Any free port (printed on stdout), other settings from the file.",
      "",
      "gofer.toml:",
      "  listen = \"0.0.0.0:3000\"",
      "  upstream = \"https://proxy.golang.org\"",
      "  private = \"corp.example/*\"",
      "  private-upstream = \"https://goproxy.corp.example\"",
      "  [[sumdb]]",
      "  name = \"sum.golang.org\"",
      "",
      "Exit codes: 0 stopped cleanly, 2 bad configuration, 3 cannot serve (address in use, store unusable).",
    })
final class ServeCommand implements Callable<Integer> {
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:@+,=%-]+");

  private final OutputStream logs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = ServeConfig.DEFAULT_LISTEN,
      description = {
        "Address to listen on (':3000': every interface; port 0: any free port, printed).",
        "Env: GOFER_LISTEN. Default: ${DEFAULT-VALUE}."
      })
  String listen;

  @Mixin StoreOptions.Upstreams upstreams;
  @Mixin StoreOptions.Fetching fetching;
  @Mixin StoreOptions.Offline offline;

  @Option(
      names = "--freshness",
      paramLabel = "DURATION",
      defaultValue = ServeConfig.DEFAULT_FRESHNESS,
      description = {
        "How long list and @latest answers are served before they are refreshed.",
        "Env: GOFER_FRESHNESS. Default: ${DEFAULT-VALUE}."
      })
  String freshness;

  @Option(
      names = "--negative-ttl",
      paramLabel = "DURATION",
      defaultValue = ServeConfig.DEFAULT_NEGATIVE_TTL,
      description = {
        "How long an upstream 'not found', and a .mod or .zip refused by verification, is remembered",
        "(a refused zip is not downloaded again meanwhile).",
        "Env: GOFER_NEGATIVE_TTL. Default: ${DEFAULT-VALUE}."})
  String negativeTtl;

  @Option(
      names = "--sumdb-latest-freshness",
      paramLabel = "DURATION",
      defaultValue = ServeConfig.DEFAULT_SUMDB_LATEST_FRESHNESS,
      description = {
        "How long a tree head read from the upstream answers /sumdb/<name>/latest before the next "
            + "such request reads the upstream again (0: every time). Lookups advance the head meanwhile.",
        "Env: GOFER_SUMDB_LATEST_FRESHNESS. Default: ${DEFAULT-VALUE}."
      })
  String sumdbLatestFreshness;

  @Option(
      names = "--prefetch",
      paramLabel = "BOOL",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "true",
      description = {
        "When a client fetches a go.mod, fetch and verify the go.mod and .info of every module it requires "
            + "in the background, before the client asks (one level; for zips see --prefetch-zips). Speeds up a cold graph walk.",
        "Env: GOFER_PREFETCH. Default: ${DEFAULT-VALUE}."
      })
  String prefetch;

  @Option(
      names = "--prefetch-zips",
      paramLabel = "BOOL",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "true",
      description = {
        "When a client fetches the .info of an exact version, fetch and verify its zip in the background "
            + "before the client asks (go mod download asks for every .info first), as many at once as half "
            + "the processors (1 to 4), so that the rest answer the requests clients wait on. A client that only lists "
            + "modules (go list -m -json all) then makes gofer store their zips too.",
        "Env: GOFER_PREFETCH_ZIPS. Default: ${DEFAULT-VALUE}."
      })
  String prefetchZips;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = {"PEM certificate chain, server's first: serve HTTPS.", "Env: GOFER_TLS_CERT. Default: none (HTTP)."})
  String tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = {
        "PEM private key of the certificate (PKCS#8; RSA, EC or Ed25519).",
        "Env: GOFER_TLS_KEY. Default: none."
      })
  String tlsKey;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = {"Log and access-log lines: text or json.", "Env: GOFER_LOG_FORMAT. Default: ${DEFAULT-VALUE}."})
  String logFormat;

  @Option(
      names = "--access-log",
      paramLabel = "BOOL",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "true",
      description = {"A line per request on stderr.", "Env: GOFER_ACCESS_LOG. Default: ${DEFAULT-VALUE}."})
  String accessLog;

  @Option(
      names = "--jit-nice",
      paramLabel = "N",
      defaultValue = ServeConfig.DEFAULT_JIT_NICE,
      description = {
        "Once the JVM's JIT has warmed up (under 10%% of the last 20 s spent compiling), run its optimizing "
            + "compiler threads at this nice value (Linux, with renice), so that a late compilation waits for "
            + "idle CPU instead of taking a core from requests. 0 leaves them alone.",
        "Env: GOFER_JIT_NICE. Default: ${DEFAULT-VALUE}."
      })
  String jitNice;

  /** Access log on stderr. */
  ServeCommand() {
    this(System.err);
  }

  /** For tests: the access log to {@code logs}. */
  ServeCommand(OutputStream logs) {
    this.logs = logs;
  }

  /**
   * The configuration from the parsed flags, the environment and the TOML file.
   *
   * @throws UserException (exit 2) if a value is not usable
   */
  ServeConfig config() {
    return store.config();
  }

  @Override
  public Integer call() throws Exception {
    ServeConfig cfg = config();
    TlsFiles tls = null;
    if (cfg.tls().isPresent()) {
      try {
        tls = TlsFiles.load(cfg.tls().get().certificate(), cfg.tls().get().key());
      } catch (TlsException e) {
        throw new UserException(e.getMessage(), Gofer.EXIT_USAGE);
      }
    }
    Store store = Sources.openStore(cfg);
    if (cfg.logFormat() == ServeConfig.LogFormat.JSON) {
      Logging.json();
    }
    Logger log = LoggerFactory.getLogger("gofer.serve");
    Metrics metrics = new Metrics();
    countStore(store, metrics, log);
    Sources sources = Sources.of(cfg, store, metrics);
    AccessLog.Format format =
        !cfg.accessLog() ? AccessLog.Format.OFF
            : cfg.logFormat() == ServeConfig.LogFormat.JSON ? AccessLog.Format.JSON : AccessLog.Format.TEXT;
    CountDownLatch stop = new CountDownLatch(1);
    boolean interrupted = false;
    JitYield jit = JitYield.start(cfg.jitNice(), log);
    try (sources;
        jit;
        AccessLog access = new AccessLog(format, logs)) {
      ProxyHandler handler =
          new ProxyHandler(sources.modules(), sources.sumdb(), metrics, access, ready(store), index());
      ProxyServer server = start(cfg.listen(), handler, tls);
      TlsFiles reloadable = tls;
      Thread hook = new Thread(() -> stopQuietly(server, access, store), "gofer-serve-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try (Signals signals = Signals.install(stop::countDown, reloadable == null ? null : () -> reload(reloadable, log))) {
        printClientSettings(spec.commandLine().getOut(), server, cfg);
        log.info(
            "serving {} from {}{}", server.uri(), store.data(),
            cfg.offline() ? " (offline)" : ", upstream " + cfg.upstream());
        if (reloadable != null) {
          PemKeyStore.Loaded c = reloadable.current();
          if (signals.handles("HUP")) {
            log.info("TLS certificate {} valid until {}; SIGHUP reloads it", c.subject(), c.notAfter());
          } else {
            log.warn(
                "TLS certificate {} valid until {}; SIGHUP cannot reload it: this process was started with SIGHUP "
                    + "ignored (nohup does that), so a renewed certificate is read only on restart; start gofer "
                    + "without nohup (systemd, setsid, or 'env --default-signal=HUP') to reload it in place",
                c.subject(), c.notAfter());
          }
        }
        try {
          stop.await();
        } catch (InterruptedException e) {
          // An embedding caller (a test) stops serve by interrupting it; the flag is set again
          // after the clean stop, which an interrupted thread could not do.
          interrupted = true;
        }
        log.info("stopping: finishing requests under way");
        server.close();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is already shutting down; the hook does the same work
        }
      }
    }
    store.close(); // after the sources: what they stored in the background is on disk now
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * Starts the store-size gauges from the files already in the store, walking it on a background
   * thread (a big store takes a while) while requests are served.
   */
  private static void countStore(Store store, Metrics metrics, Logger log) {
    Thread.ofVirtual()
        .name("gofer-store-size")
        .start(
            () -> {
              try {
                StoreSize size = StoreSize.of(store);
                metrics.scanned(size.bytes(), size.files());
              } catch (IOException | RuntimeException e) {
                log.warn("store size not counted, gofer_store_size_bytes starts at 0: {}", e.toString());
              }
            });
  }
  /** Ready when the store's download directory is a writable directory. */
  static BooleanSupplier ready(Store store) {
    Path download = store.download();
    return () -> Files.isDirectory(download) && Files.isWritable(download);
  }

  private static String index() {
    return "gofer " + Gofer.Version.version() + ": a verifying Go module proxy.\n"
        + "Use it with: go env -w GOPROXY=<this URL>\n";
  }

  private static ProxyServer start(InetSocketAddress address, ProxyHandler handler, TlsFiles tls) throws Exception {
    try {
      return ProxyServer.start(address, handler, tls == null ? null : tls.sslContextFactory());
    } catch (Exception e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException b) {
          throw new UserException(
              "cannot listen on " + hostPort(address) + ": " + b.getMessage().toLowerCase(java.util.Locale.ROOT)
                  + "; stop what uses it or choose another address with --listen HOST:PORT",
              Gofer.EXIT_RUNTIME);
        }
      }
      throw e;
    }
  }

  private static void reload(TlsFiles tls, Logger log) {
    try {
      PemKeyStore.Loaded c = tls.reload();
      log.info("TLS certificate reloaded: {} valid until {}", c.subject(), c.notAfter());
    } catch (Exception e) {
      log.error("TLS certificate not reloaded, the current one stays in service: {}", e.getMessage());
    }
  }

  private static void stopQuietly(ProxyServer server, AccessLog access, Store store) {
    try {
      server.close();
    } catch (Exception e) {
      // stopping anyway
    }
    access.close();
    store.flush(); // cache files written in the background, so that --offline finds them
  }

  /** The listen line, then the lines a user runs to point the go command here. */
  static void printClientSettings(PrintWriter terminal, ProxyServer server, ServeConfig cfg) {
    // Written as one block, so a reader of stdout sees the listen line and the settings together.
    java.io.StringWriter block = new java.io.StringWriter();
    PrintWriter out = new PrintWriter(block);
    String url = server.uri().toString();
    out.println(
        "gofer serve: listening on " + url + " (store " + cfg.data() + (cfg.offline() ? ", offline" : "") + ")");
    out.println("# Point the go command at this proxy, for every shell of this user:");
    out.println("go env -w " + shell("GOPROXY=" + url));
    out.println("# or for this shell only:");
    out.println("export " + shell("GOPROXY=" + url));
    boolean sumGolangOrg = cfg.sumdbs().stream().anyMatch(d -> d.name().equals("sum.golang.org"));
    if (sumGolangOrg) {
      out.println("# Checksums: keep GOSUMDB=sum.golang.org (the default); go reaches it through this proxy's /sumdb/.");
    }
    for (ServeConfig.Sumdb db : cfg.sumdbs()) {
      if (db.name().equals("sum.golang.org")) {
        continue;
      }
      if (sumGolangOrg) {
        out.println("# Checksum database " + db.name() + " is served here too; clients that use it set:");
        out.println("#   go env -w " + shell("GOSUMDB=" + db.key()));
      } else {
        out.println("# Checksums come from " + db.name() + " through this proxy's /sumdb/:");
        out.println("go env -w " + shell("GOSUMDB=" + db.key()));
        out.println("export " + shell("GOSUMDB=" + db.key()));
        sumGolangOrg = true; // go has one GOSUMDB: the first database is the one to set
      }
    }
    if (!cfg.privatePatterns().isEmpty()) {
      String patterns = cfg.privatePatterns().toString();
      out.println("# Private modules (" + patterns + ") come through this proxy too, without public checksums.");
      out.println("# (GONOSUMDB, not GOPRIVATE: GOPRIVATE would also send go around this proxy.)");
      out.println("go env -w " + shell("GONOSUMDB=" + patterns));
      out.println("export " + shell("GONOSUMDB=" + patterns));
    }
    out.flush();
    terminal.print(block);
    terminal.flush();
  }

  /** {@code s} as one shell word: as is when safe, else in single quotes. */
  static String shell(String s) {
    if (SHELL_SAFE.matcher(s).matches()) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
