package dev.gofer.proxy.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The keys of {@code gofer serve}'s configuration. Each has three spellings: the TOML key (its
 * {@link #key() name}, such as {@code negative-ttl}), the flag ({@code --negative-ttl}) and the
 * environment variable ({@code GOFER_NEGATIVE_TTL}). {@link #SUMDB} is a list: a TOML array of
 * tables {@code [[sumdb]]}, a repeatable flag, and {@code ;}-separated entries in the variable.
 */
public enum ConfigKey {
  LISTEN("listen"),
  DATA("data"),
  UPSTREAM("upstream"),
  PRIVATE("private"),
  PRIVATE_UPSTREAM("private-upstream"),
  OFFLINE("offline"),
  FRESHNESS("freshness"),
  NEGATIVE_TTL("negative-ttl"),
  SUMDB_LATEST_FRESHNESS("sumdb-latest-freshness"),
  UPSTREAM_TIMEOUT("upstream-timeout"),
  UPSTREAM_CONCURRENCY("upstream-concurrency"),
  RETRIES("retries"),
  PREFETCH("prefetch"),
  PREFETCH_ZIPS("prefetch-zips"),
  SUMDB("sumdb"),
  TLS_CERT("tls-cert"),
  TLS_KEY("tls-key"),
  LOG_FORMAT("log-format"),
  ACCESS_LOG("access-log"),
  JIT_NICE("jit-nice");

  /** The variable that names the TOML file ({@code --config} as a flag). */
  public static final String CONFIG_ENV = "GOFER_CONFIG";

  private final String key;

  ConfigKey(String key) {
    this.key = key;
  }

  /** The TOML key. */
  public String key() {
    return key;
  }

  /** The flag, {@code --<key>}. */
  public String flag() {
    return "--" + key;
  }

  /** The environment variable, {@code GOFER_<KEY>} with {@code -} as {@code _}. */
  public String env() {
    return "GOFER_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The key whose TOML name is {@code key}. */
  public static Optional<ConfigKey> ofKey(String key) {
    for (ConfigKey k : values()) {
      if (k.key.equals(key)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
