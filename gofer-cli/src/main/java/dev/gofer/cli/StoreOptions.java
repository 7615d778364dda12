package dev.gofer.cli;

import dev.gofer.mod.goproxy.ClientOptions;
import dev.gofer.mod.goproxy.ProxyChain;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.store.Store;
import dev.gofer.proxy.sumdb.DatabaseConfig;
import dev.gofer.proxy.sumdb.SumdbMirror;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that say which store and which upstreams a command uses, with the same names,
 * environment variables and defaults as {@code gofer serve}: {@code --data}, {@code --upstream},
 * {@code --private}, {@code --private-upstream}, {@code --sumdb}.
 */
final class StoreOptions {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = {"Store directory (Go's cache layout under DIR/cache/download).", "Env: GOFER_DATA. Default: $GOFER_HOME/proxy (GOFER_HOME: ~/.gofer)."})
  Path data;

  @Option(
      names = "--upstream",
      paramLabel = "GOPROXY",
      defaultValue = "${env:GOFER_UPSTREAM:-https://proxy.golang.org}",
      description = {"Public upstream proxies, a GOPROXY list.", "Env: GOFER_UPSTREAM. Default: https://proxy.golang.org."})
  String upstream;

  @Option(
      names = "--private",
      paramLabel = "PATTERNS",
      defaultValue = "${env:GOFER_PRIVATE:-}",
      description = {"Private module path patterns, GOPRIVATE syntax: never sent to the public upstream or checksum database.", "Env: GOFER_PRIVATE."})
  String privatePatterns;

  @Option(
      names = "--private-upstream",
      paramLabel = "GOPROXY",
      defaultValue = "${env:GOFER_PRIVATE_UPSTREAM:-}",
      description = {"Proxies that serve the private modules, a GOPROXY list.", "Env: GOFER_PRIVATE_UPSTREAM."})
  String privateUpstream;

  @Option(
      names = "--sumdb",
      paramLabel = "'KEY [URL]'",
      description = {
        "A checksum database as in GOSUMDB: its verifier key (or 'sum.golang.org') and the URL to reach it by "
            + "(default: through the upstream's /sumdb/). Repeat for more; the first verifies modules.",
        "Env: GOFER_SUMDB (entries separated by ';'). Default: sum.golang.org."
      })
  List<String> sumdb = new ArrayList<>();

  /** Tests use small trees; the go command reads height 8 and so must a real mirror. */
  @Option(names = "--tile-height", hidden = true, defaultValue = "8")
  int tileHeight;

  /** The data directory: --data, else GOFER_DATA, else $GOFER_HOME/proxy, else ~/.gofer/proxy. */
  Path dataDir() {
    if (data != null) {
      return data;
    }
    String env = System.getenv("GOFER_DATA");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String home = System.getenv("GOFER_HOME");
    Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".gofer");
    return base.resolve("proxy");
  }

  Store openStore() {
    try {
      return Store.open(dataDir());
    } catch (IOException e) {
      throw new UserException("opening the store in " + dataDir() + ": " + e.getMessage());
    }
  }

  PrefixPatterns privatePatterns() {
    try {
      return PrefixPatterns.parse(privatePatterns);
    } catch (RuntimeException e) {
      throw new UserException("invalid --private: " + e.getMessage(), Gofer.EXIT_USAGE);
    }
  }

  /** The configured databases, the first one verifying modules. */
  List<DatabaseConfig> databases() {
    List<String> specs = new ArrayList<>(sumdb);
    if (specs.isEmpty()) {
      String env = System.getenv("GOFER_SUMDB");
      if (env != null && !env.isBlank()) {
        for (String s : env.split(";")) {
          if (!s.isBlank()) {
            specs.add(s);
          }
        }
      }
    }
    if (specs.isEmpty()) {
      return List.of(DatabaseConfig.sumGolangOrg());
    }
    List<DatabaseConfig> out = new ArrayList<>();
    for (String spec : specs) {
      String[] f = spec.strip().split("\\s+");
      if (f.length == 0 || f[0].isEmpty() || f.length > 2) {
        throw new UserException("invalid --sumdb " + spec + ": want KEY [URL]", Gofer.EXIT_USAGE);
      }
      String key = f[0].equals("sum.golang.org") ? DatabaseConfig.SUM_GOLANG_ORG_KEY : f[0];
      try {
        out.add(f.length == 2 ? DatabaseConfig.of(key, URI.create(f[1])) : DatabaseConfig.of(key));
      } catch (IllegalArgumentException e) {
        throw new UserException("invalid --sumdb " + spec + ": " + e.getMessage(), Gofer.EXIT_USAGE);
      }
    }
    return out;
  }

  List<String> verifierKeys() {
    return databases().stream().map(DatabaseConfig::verifierKey).toList();
  }

  /** The verifying checksum-database mirror over {@code store}; offline reads nothing remote. */
  SumdbMirror mirror(Store store, Metrics metrics, boolean offline) {
    SumdbMirror.Builder b =
        SumdbMirror.builder(store, metrics).upstream(upstream).privatePatterns(privatePatterns).offline(offline).tileHeight(tileHeight);
    databases().forEach(b::database);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), Gofer.EXIT_USAGE);
    }
  }

  ProxyChain publicUpstream() {
    return chain("--upstream", upstream);
  }

  Optional<ProxyChain> privateUpstream() {
    return privateUpstream == null || privateUpstream.isBlank() ? Optional.empty() : Optional.of(chain("--private-upstream", privateUpstream));
  }

  private static ProxyChain chain(String flag, String list) {
    try {
      return ProxyChain.create(list, ClientOptions.defaults().withGoferVersion(Gofer.Version.version()));
    } catch (RuntimeException e) {
      throw new UserException("invalid " + flag + " " + list + ": " + e.getMessage(), Gofer.EXIT_USAGE);
    }
  }
}
