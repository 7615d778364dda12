package dev.gofer.proxy.config;

import java.util.List;

/** One configuration value as a source gave it, before validation. */
public sealed interface Setting {
  ConfigKey key();

  Origin origin();

  /** A scalar key's value as text (TOML booleans and integers in their usual spelling). */
  record Text(ConfigKey key, String text, Origin origin) implements Setting {}

  /** The checksum databases one source lists; they replace those of lower sources. */
  record Sumdbs(List<SumdbEntry> entries, Origin origin) implements Setting {
    public Sumdbs {
      entries = List.copyOf(entries);
    }

    @Override
    public ConfigKey key() {
      return ConfigKey.SUMDB;
    }
  }

  /**
   * One checksum database as written: {@code name} and {@code url} may be {@code null}, and so
   * may {@code key} when the name is a database whose key is built in.
   */
  record SumdbEntry(String name, String key, String url, Origin origin) {}
}
