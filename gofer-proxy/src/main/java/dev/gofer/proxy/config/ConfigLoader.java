package dev.gofer.proxy.config;

import dev.gofer.mod.goproxy.ProxyList;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.note.Verifier;
import dev.gofer.proxy.ServeConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link ServeConfig} from sources in precedence order: each key takes its value from
 * the first layer that has it (flags, then {@code GOFER_*} variables, then the TOML file), else
 * its default. Every value is checked here, so that a server never starts with a bad one; a
 * problem is a {@link ConfigException} whose one-line message names the source.
 *
 * <p>Paths: {@code ~/} at the start means the home directory; a relative path from the TOML
 * file is relative to the file's directory, from a flag or variable to the working directory.
 */
public final class ConfigLoader {
  private final Map<String, String> env;
  private final Path home;

  /**
   * A loader that reads {@code GOFER_HOME} from {@code env} for the default data directory and
   * expands {@code ~} to {@code home}.
   */
  public ConfigLoader(Map<String, String> env, Path home) {
    this.env = Map.copyOf(env);
    this.home = home;
  }

  /** The configuration from {@code layers}, highest precedence first. */
  public ServeConfig load(List<Layer> layers) {
    Resolver r = new Resolver(layers);
    InetSocketAddress listen = r.value(ConfigKey.LISTEN, ServeConfig.DEFAULT_LISTEN, ConfigLoader::listen);
    Path data = r.path(ConfigKey.DATA).orElseGet(this::defaultData);
    ProxyList upstream = r.value(ConfigKey.UPSTREAM, ServeConfig.DEFAULT_UPSTREAM, ConfigLoader::proxyList);
    PrefixPatterns privatePatterns = r.value(ConfigKey.PRIVATE, "", ConfigLoader::patterns);
    Optional<ProxyList> privateUpstream = r.optional(ConfigKey.PRIVATE_UPSTREAM, ConfigLoader::proxyList);
    if (privateUpstream.isPresent() && privatePatterns.isEmpty()) {
      throw new ConfigException(
          r.origin(ConfigKey.PRIVATE_UPSTREAM)
              .problem("a private upstream is set but no private patterns: set " + ConfigKey.PRIVATE.flag()
                  + " (GOPRIVATE syntax) to the modules it serves"));
    }
    boolean offline = r.value(ConfigKey.OFFLINE, "false", ConfigLoader::bool);
    Duration freshness = r.value(ConfigKey.FRESHNESS, ServeConfig.DEFAULT_FRESHNESS, ConfigLoader::duration);
    Duration negativeTtl = r.value(ConfigKey.NEGATIVE_TTL, ServeConfig.DEFAULT_NEGATIVE_TTL, ConfigLoader::duration);
    Duration latestFreshness =
        r.value(ConfigKey.SUMDB_LATEST_FRESHNESS, ServeConfig.DEFAULT_SUMDB_LATEST_FRESHNESS, ConfigLoader::duration);
    Duration timeout = r.value(ConfigKey.UPSTREAM_TIMEOUT, ServeConfig.DEFAULT_UPSTREAM_TIMEOUT, ConfigLoader::positiveDuration);
    int concurrency =
        r.value(ConfigKey.UPSTREAM_CONCURRENCY, ServeConfig.DEFAULT_UPSTREAM_CONCURRENCY, s -> integer(s, 1, 4096));
    int retries = r.value(ConfigKey.RETRIES, ServeConfig.DEFAULT_RETRIES, s -> integer(s, 0, 100));
    boolean prefetch = r.value(ConfigKey.PREFETCH, "true", ConfigLoader::bool);
    boolean prefetchZips = r.value(ConfigKey.PREFETCH_ZIPS, "true", ConfigLoader::bool);
    List<ServeConfig.Sumdb> sumdbs = sumdbs(r);
    Optional<Path> cert = r.path(ConfigKey.TLS_CERT);
    Optional<Path> key = r.path(ConfigKey.TLS_KEY);
    if (cert.isPresent() != key.isPresent()) {
      ConfigKey given = cert.isPresent() ? ConfigKey.TLS_CERT : ConfigKey.TLS_KEY;
      ConfigKey missing = cert.isPresent() ? ConfigKey.TLS_KEY : ConfigKey.TLS_CERT;
      throw new ConfigException(
          r.origin(given).problem("HTTPS needs both files: set " + missing.flag() + " (or " + missing.env() + ") too"));
    }
    Optional<ServeConfig.Tls> tls = cert.map(c -> new ServeConfig.Tls(c, key.orElseThrow()));
    ServeConfig.LogFormat logFormat = r.value(ConfigKey.LOG_FORMAT, "text", ConfigLoader::logFormat);
    boolean accessLog = r.value(ConfigKey.ACCESS_LOG, "true", ConfigLoader::bool);
    int jitNice = r.value(ConfigKey.JIT_NICE, ServeConfig.DEFAULT_JIT_NICE, s -> integer(s, 0, 19));
    return new ServeConfig(
        listen, data, upstream, privatePatterns, privateUpstream, offline, freshness, negativeTtl, latestFreshness, timeout,
        concurrency, retries, prefetch, prefetchZips, sumdbs, tls, logFormat, accessLog, jitNice);
  }

  private Path defaultData() {
    String goferHome = env.get("GOFER_HOME");
    Path base = goferHome == null || goferHome.isBlank() ? home.resolve(".gofer") : Path.of(goferHome);
    return base.resolve("proxy");
  }

  /** A value parser: returns the value, or throws IllegalArgumentException with the reason. */
  private interface Parser<T> {
    T parse(String text);
  }

  /** Picks each key's setting from the highest layer that has one. */
  private final class Resolver {
    private final List<Layer> layers;

    Resolver(List<Layer> layers) {
      this.layers = List.copyOf(layers);
    }

    Optional<Setting> setting(ConfigKey key) {
      for (Layer l : layers) {
        Setting s = l.settings().get(key);
        if (s != null) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }

    Origin origin(ConfigKey key) {
      return setting(key).map(Setting::origin).orElse(new Origin.Default(key));
    }

    <T> T value(ConfigKey key, String defaultText, Parser<T> parser) {
      Optional<Setting> s = setting(key);
      String text = s.map(v -> ((Setting.Text) v).text()).orElse(defaultText);
      return parse(text, s.map(Setting::origin).orElse(new Origin.Default(key)), parser);
    }

    <T> Optional<T> optional(ConfigKey key, Parser<T> parser) {
      return setting(key).map(s -> parse(((Setting.Text) s).text(), s.origin(), parser));
    }

    Optional<Path> path(ConfigKey key) {
      return setting(key)
          .map(s -> parse(((Setting.Text) s).text(), s.origin(), text -> ConfigLoader.this.path(text, s.origin())));
    }

    private <T> T parse(String text, Origin origin, Parser<T> parser) {
      try {
        return parser.parse(text);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(origin.invalid(text, e.getMessage()));
      } catch (RuntimeException e) {
        // gofer-mod's parsers throw their own exceptions with one-line messages.
        throw new ConfigException(origin.invalid(text, String.valueOf(e.getMessage())));
      }
    }
  }

  private Path path(String text, Origin origin) {
    String t = text.strip();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
    try {
      Path p;
      if (t.equals("~")) {
        p = home;
      } else if (t.startsWith("~/")) {
        p = home.resolve(t.substring(2));
      } else {
        p = Path.of(t);
      }
      if (!p.isAbsolute() && origin instanceof Origin.File f) {
        p = f.base().resolve(p);
      }
      return p.toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a usable path: " + e.getReason());
    }
  }

  private List<ServeConfig.Sumdb> sumdbs(Resolver r) {
    Optional<Setting> s = r.setting(ConfigKey.SUMDB);
    if (s.isEmpty()) {
      return List.of(ServeConfig.Sumdb.sumGolangOrg());
    }
    List<Setting.SumdbEntry> entries = ((Setting.Sumdbs) s.get()).entries();
    if (entries.isEmpty()) {
      throw new ConfigException(
          s.get().origin().problem("no checksum database listed; gofer verifies public modules against at least one"));
    }
    List<ServeConfig.Sumdb> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Setting.SumdbEntry e : entries) {
      ServeConfig.Sumdb db = sumdb(e);
      if (!names.add(db.name())) {
        throw new ConfigException(e.origin().problem("checksum database " + db.name() + " is listed twice"));
      }
      out.add(db);
    }
    return out;
  }

  private static ServeConfig.Sumdb sumdb(Setting.SumdbEntry e) {
    String shown = e.key() != null ? e.key() : e.name();
    String key = e.key();
    if (key == null) {
      if (!"sum.golang.org".equals(e.name())) {
        throw new ConfigException(
            e.origin().invalid(shown, "no key is built in for this database: give its verifier key name+hash+key"));
      }
      key = ServeConfig.SUM_GOLANG_ORG;
    }
    Verifier verifier;
    try {
      verifier = Verifier.parse(key);
    } catch (RuntimeException ex) {
      throw new ConfigException(e.origin().invalid(key, "not a verifier key name+hash+key: " + ex.getMessage()));
    }
    if (e.name() != null && !e.name().equals(verifier.name())) {
      throw new ConfigException(
          e.origin().invalid(key, "the key is for " + verifier.name() + ", not for the name " + e.name()));
    }
    Optional<URI> url = Optional.empty();
    if (e.url() != null) {
      try {
        URI u = new URI(e.url().strip());
        if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
          throw new URISyntaxException(e.url(), "want an http or https URL");
        }
        url = Optional.of(u);
      } catch (URISyntaxException ex) {
        throw new ConfigException(e.origin().invalid(e.url(), "not a checksum database URL: want https://host[/path]"));
      }
    }
    return new ServeConfig.Sumdb(verifier.name(), key, url);
  }

  static InetSocketAddress listen(String text) {
    String t = text.strip();
    int colon = t.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("want HOST:PORT, e.g. 127.0.0.1:3000, 0.0.0.0:3000, [::1]:3000 or :3000");
    }
    String host = t.substring(0, colon);
    String port = t.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("write an IPv6 address in brackets, e.g. [::1]:3000");
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port " + Origin.quote(port) + " is not a number from 0 to 65535");
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("port " + p + " is not from 0 to 65535");
    }
    if (host.isEmpty()) {
      return new InetSocketAddress(p); // every interface, as Go's ":3000"
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), p);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host " + host);
    }
  }

  static ProxyList proxyList(String text) {
    ProxyList list = ProxyList.parse(text);
    if (list.hasDirect()) {
      throw new IllegalArgumentException("gofer fetches from proxies only, not direct from version control: remove 'direct'");
    }
    return list;
  }

  static PrefixPatterns patterns(String text) {
    for (String glob : text.split(",")) {
      if (glob.strip().length() != glob.length()) {
        throw new IllegalArgumentException("no spaces around patterns (GOPRIVATE syntax: comma-separated globs)");
      }
    }
    return PrefixPatterns.parse(text);
  }

  static boolean bool(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "1" -> true;
      case "false", "off", "no", "0" -> false;
      default -> throw new IllegalArgumentException("want true or false (or on/off)");
    };
  }

  static Duration duration(String text) {
    return GoDuration.parse(text);
  }

  static Duration positiveDuration(String text) {
    Duration d = GoDuration.parse(text);
    if (d.isZero()) {
      throw new IllegalArgumentException("must be more than 0 (want e.g. 30s)");
    }
    return d;
  }

  static int integer(String text, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("want a whole number from " + min + " to " + max);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("want a whole number from " + min + " to " + max);
    }
    return n;
  }

  static ServeConfig.LogFormat logFormat(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "text" -> ServeConfig.LogFormat.TEXT;
      case "json" -> ServeConfig.LogFormat.JSON;
      default -> throw new IllegalArgumentException("want text or json");
    };
  }
}
