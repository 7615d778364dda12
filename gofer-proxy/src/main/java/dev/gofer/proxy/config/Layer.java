package dev.gofer.proxy.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The settings of one source (flags, environment, file), by key. */
public record Layer(Map<ConfigKey, Setting> settings) {
  public Layer {
    EnumMap<ConfigKey, Setting> copy = new EnumMap<>(ConfigKey.class);
    copy.putAll(settings);
    settings = Collections.unmodifiableMap(copy);
  }

  /** A layer without settings. */
  public static Layer empty() {
    return new Layer(new EnumMap<>(ConfigKey.class));
  }

  /**
   * This layer with the settings of {@code keys} alone: a command that uses some of the keys
   * reads a shared file or environment without the others' values.
   */
  public Layer only(Set<ConfigKey> keys) {
    Map<ConfigKey, Setting> s = new EnumMap<>(ConfigKey.class);
    settings.forEach(
        (k, v) -> {
          if (keys.contains(k)) {
            s.put(k, v);
          }
        });
    return new Layer(s);
  }

  /**
   * The flags given: {@code values} for scalar keys, {@code sumdbs} the values of each {@code
   * --sumdb 'KEY [URL]'} (none: the flag was not given).
   */
  public static Layer flags(Map<ConfigKey, String> values, List<String> sumdbs) {
    Map<ConfigKey, Setting> s = new EnumMap<>(ConfigKey.class);
    values.forEach(
        (k, v) -> {
          if (k == ConfigKey.SUMDB) {
            throw new IllegalArgumentException("sumdb flags go in the sumdbs list");
          }
          s.put(k, new Setting.Text(k, v, new Origin.Flag(k)));
        });
    if (!sumdbs.isEmpty()) {
      Origin origin = new Origin.Flag(ConfigKey.SUMDB);
      List<Setting.SumdbEntry> entries = new ArrayList<>();
      for (String spec : sumdbs) {
        entries.add(SumdbSpec.parse(spec, origin));
      }
      s.put(ConfigKey.SUMDB, new Setting.Sumdbs(entries, origin));
    }
    return new Layer(s);
  }

  /**
   * The {@code GOFER_*} variables of {@code env}; empty values count as unset, as in the go
   * command. {@code GOFER_SUMDB} holds entries separated by {@code ;} or newlines.
   */
  public static Layer env(Map<String, String> env) {
    Map<ConfigKey, Setting> s = new EnumMap<>(ConfigKey.class);
    for (ConfigKey k : ConfigKey.values()) {
      String v = env.get(k.env());
      if (v == null || v.isBlank()) {
        continue;
      }
      Origin origin = new Origin.Env(k);
      if (k == ConfigKey.SUMDB) {
        List<Setting.SumdbEntry> entries = new ArrayList<>();
        for (String spec : v.split("[;\n]")) {
          if (!spec.isBlank()) {
            entries.add(SumdbSpec.parse(spec, origin));
          }
        }
        s.put(k, new Setting.Sumdbs(entries, origin));
      } else {
        s.put(k, new Setting.Text(k, v, origin));
      }
    }
    return new Layer(s);
  }
}
