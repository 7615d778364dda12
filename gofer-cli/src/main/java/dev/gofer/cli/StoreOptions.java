package dev.gofer.cli;

import dev.gofer.proxy.ServeConfig;
import dev.gofer.proxy.config.ConfigException;
import dev.gofer.proxy.config.ConfigKey;
import dev.gofer.proxy.config.ConfigLoader;
import dev.gofer.proxy.config.Layer;
import dev.gofer.proxy.config.TomlConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The configuration of every command that works on a store ({@code serve}, {@code mirror
 * sync|export|import}, {@code verify}): the mixin that declares {@code --config} and {@code
 * --data}, and loads the whole configuration as {@code gofer serve} does, so that {@code --config
 * /etc/gofer/gofer.toml} means the same store, upstreams, private patterns and checksum databases
 * to each of them.
 *
 * <p>The other shared keys are declared once each, in the nested groups, and a command mixes in
 * the groups that apply to it: {@link Upstreams} (all but export), {@link Fetching} (serve and
 * sync), {@link Offline} (serve and verify). The option fields are declarations only: {@link
 * #config()} reads each key's value from the parse result, whichever group declares it. A command
 * reads the keys it declares from its flags, the {@code GOFER_*} variables and the file, in that
 * order of precedence; the file's and the environment's other keys are accepted, as they are
 * {@code serve}'s, but neither used nor checked.
 */
final class StoreOptions {
  private final Map<String, String> env;

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec command;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = {
        "TOML file with any of the keys of 'gofer serve' (the flag names); relative paths in it are relative to it.",
        "Env: " + ConfigKey.CONFIG_ENV + "."
      })
  Path file;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = {
        "Store directory: modules in Go's cache layout under DIR/cache/download.",
        "Env: GOFER_DATA. Default: " + ServeConfig.DEFAULT_DATA + " (GOFER_HOME: ~/.gofer)."
      })
  String data;

  /** Reads the real environment. */
  StoreOptions() {
    this(System.getenv());
  }

  /** Reads {@code env} in place of the real environment (tests). */
  StoreOptions(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * The configuration from the parsed flags, the environment and the TOML file, validated; keys
   * the command does not declare have their defaults.
   *
   * @throws UserException (exit 2) with the one-line reason if a value is not usable
   */
  ServeConfig config() {
    CommandLine.ParseResult parsed = command.commandLine().getParseResult();
    Set<ConfigKey> declared = EnumSet.noneOf(ConfigKey.class);
    Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
    for (ConfigKey k : ConfigKey.values()) {
      if (command.findOption(k.flag()) == null) {
        continue;
      }
      declared.add(k);
      if (k != ConfigKey.SUMDB && parsed.hasMatchedOption(k.flag())) {
        flags.put(k, parsed.matchedOptionValue(k.flag(), ""));
      }
    }
    List<String> sumdbs = parsed.matchedOptionValue(ConfigKey.SUMDB.flag(), List.of());
    try {
      List<Layer> layers = new ArrayList<>();
      layers.add(Layer.flags(flags, sumdbs));
      layers.add(Layer.env(env).only(declared));
      Path toml = file;
      String named = env.get(ConfigKey.CONFIG_ENV);
      if (toml == null && named != null && !named.isBlank()) {
        toml = Path.of(named);
      }
      if (toml != null) {
        layers.add(TomlConfig.read(toml).only(declared));
      }
      return new ConfigLoader(env, Path.of(System.getProperty("user.home"))).load(layers);
    } catch (ConfigException e) {
      throw new UserException(e.getMessage(), Gofer.EXIT_USAGE);
    }
  }

  /**
   * {@code --upstream}, {@code --private}, {@code --private-upstream}, {@code --sumdb} and {@code
   * --upstream-timeout}: where modules and checksums come from, and which modules are private.
   */
  static final class Upstreams {
    @Option(
        names = "--upstream",
        paramLabel = "GOPROXY",
        defaultValue = ServeConfig.DEFAULT_UPSTREAM,
        description = {
          "Public upstream proxies, a GOPROXY list (',' next on not-found, '|' next on any error).",
          "Env: GOFER_UPSTREAM. Default: ${DEFAULT-VALUE}."
        })
    String upstream;

    @Option(
        names = "--private",
        paramLabel = "PATTERNS",
        description = {
          "Private module path patterns, GOPRIVATE syntax ('corp.example/*,*.internal'): never "
              + "sent to the public upstream or checksum database.",
          "Env: GOFER_PRIVATE. Default: none."
        })
    String privatePatterns;

    @Option(
        names = "--private-upstream",
        paramLabel = "GOPROXY",
        description = {"Proxies that serve the private modules, a GOPROXY list.", "Env: GOFER_PRIVATE_UPSTREAM. Default: none."})
    String privateUpstream;

    @Option(
        names = "--sumdb",
        paramLabel = "'KEY [URL]'",
        description = {
          "A checksum database, as in GOSUMDB: its verifier key name+hash+key (or just "
              + "'sum.golang.org'), and the URL to reach it by (default: through the upstream's "
              + "/sumdb/). Repeat for more; the list replaces the default, and the first one verifies modules.",
          "Env: GOFER_SUMDB (entries separated by ';').",
          "File: [[sumdb]] tables with name, key, url.",
          "Default: sum.golang.org with its built-in key."
        })
    List<String> sumdb = new ArrayList<>();

    @Option(
        names = "--upstream-timeout",
        paramLabel = "DURATION",
        defaultValue = ServeConfig.DEFAULT_UPSTREAM_TIMEOUT,
        description = {"Time limit of one upstream request.", "Env: GOFER_UPSTREAM_TIMEOUT. Default: ${DEFAULT-VALUE}."})
    String upstreamTimeout;
  }

  /** {@code --upstream-concurrency} and {@code --retries}: how missing modules are fetched. */
  static final class Fetching {
    @Option(
        names = "--upstream-concurrency",
        paramLabel = "N",
        defaultValue = ServeConfig.DEFAULT_UPSTREAM_CONCURRENCY,
        description = {"Upstream requests at most at once.", "Env: GOFER_UPSTREAM_CONCURRENCY. Default: ${DEFAULT-VALUE}."})
    String upstreamConcurrency;

    @Option(
        names = "--retries",
        paramLabel = "N",
        defaultValue = ServeConfig.DEFAULT_RETRIES,
        description = {
          "Retries of an upstream request that failed transiently (with backoff).",
          "Env: GOFER_RETRIES. Default: ${DEFAULT-VALUE}."
        })
    String retries;
  }

  /** {@code --offline}: the store alone, nothing fetched. */
  static final class Offline {
    @Option(
        names = "--offline",
        paramLabel = "BOOL",
        arity = "0..1",
        fallbackValue = "true",
        defaultValue = "false",
        description = {
          "Work from the store alone: fetch nothing, use only the checksum-database records already stored.",
          "Env: GOFER_OFFLINE. Default: ${DEFAULT-VALUE}."
        })
    String offline;
  }
}
