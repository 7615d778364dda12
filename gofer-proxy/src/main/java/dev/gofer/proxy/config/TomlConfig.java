package dev.gofer.proxy.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code gofer serve}'s TOML file: top-level keys named as in {@link ConfigKey} and
 * checksum databases as an array of tables,
 *
 * <pre>
 * listen = "0.0.0.0:3000"
 * freshness = "10m"
 * [[sumdb]]
 * name = "sum.golang.org"
 * [[sumdb]]
 * key = "sumdb.corp.example+1a2b3c4d+AT..."
 * url = "https://sumdb.corp.example"
 * </pre>
 *
 * Unknown keys and tables are errors. Errors name {@code file:line}: Jackson's TOML parser keeps
 * no positions in its tree, so lines are found by reading the file's key lines again.
 */
public final class TomlConfig {
  private static final Set<String> SUMDB_FIELDS = Set.of("name", "key", "url");
  private static final Pattern HEADER = Pattern.compile("^\\s*(\\[\\[?)\\s*\"?([A-Za-z0-9_.-]+)\"?\\s*\\]\\]?.*");
  private static final Pattern KEY = Pattern.compile("^\\s*\"?([A-Za-z0-9_-]+)\"?\\s*=.*");

  private TomlConfig() {}

  /**
   * The settings in {@code file}.
   *
   * @throws ConfigException if it cannot be read, is not TOML, or has an unknown key or a value
   *     of the wrong type
   */
  public static Layer read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist; check --config or " + ConfigKey.CONFIG_ENV);
    } catch (MalformedInputException e) {
      throw new ConfigException(file + ": not UTF-8 text; a config file is TOML");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where = at != null && at.getLineNr() > 0 ? file + ":" + at.getLineNr() : file.toString();
      throw new ConfigException(where + ": not valid TOML: " + firstLine(e.getOriginalMessage()));
    }
    Lines lines = Lines.of(text);
    Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
    if (root == null || !root.isObject()) {
      return new Layer(settings);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      Origin.File origin = new Origin.File(file, lines.top(name), name);
      ConfigKey key =
          ConfigKey.ofKey(name)
              .orElseThrow(() -> new ConfigException(origin.problem("unknown key " + Origin.quote(name) + known())));
      if (key == ConfigKey.SUMDB) {
        settings.put(key, sumdbs(file, value, lines, origin));
      } else {
        settings.put(key, new Setting.Text(key, scalar(value, origin), origin));
      }
    }
    return new Layer(settings);
  }

  private static Setting.Sumdbs sumdbs(Path file, JsonNode value, Lines lines, Origin.File origin) {
    if (!value.isArray()) {
      throw new ConfigException(origin.problem("sumdb is an array of tables: write each database as [[sumdb]] with name, key, url"));
    }
    List<Setting.SumdbEntry> entries = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode table = value.get(i);
      Origin.File at = new Origin.File(file, lines.sumdb(i, null), "sumdb[" + (i + 1) + "]");
      if (!table.isObject()) {
        throw new ConfigException(at.problem("sumdb is an array of tables: write each database as [[sumdb]] with name, key, url"));
      }
      Map<String, String> fields = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        Origin.File fieldOrigin = new Origin.File(file, lines.sumdb(i, f.getKey()), "sumdb[" + (i + 1) + "]." + f.getKey());
        if (!SUMDB_FIELDS.contains(f.getKey())) {
          throw new ConfigException(
              fieldOrigin.problem("unknown key " + Origin.quote(f.getKey()) + " in [[sumdb]] (known: name, key, url)"));
        }
        fields.put(f.getKey(), scalar(f.getValue(), fieldOrigin));
      }
      if (fields.get("name") == null && fields.get("key") == null) {
        throw new ConfigException(at.problem("a [[sumdb]] needs a key (name+hash+key), or the name of a database whose key is built in"));
      }
      entries.add(new Setting.SumdbEntry(fields.get("name"), fields.get("key"), fields.get("url"), at));
    }
    return new Setting.Sumdbs(entries, origin);
  }

  private static String scalar(JsonNode value, Origin origin) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBoolean() || value.isIntegralNumber()) {
      return value.asText();
    }
    throw new ConfigException(origin.problem("want a string, number or boolean, not " + kind(value)));
  }

  private static String kind(JsonNode value) {
    if (value.isArray()) {
      return "an array";
    }
    if (value.isObject()) {
      return "a table";
    }
    if (value.isFloatingPointNumber()) {
      return "a float";
    }
    return "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String known() {
    StringBuilder b = new StringBuilder(" (known keys:");
    for (ConfigKey k : ConfigKey.values()) {
      b.append(' ').append(k.key());
    }
    return b.append(')').toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "syntax error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /** Line numbers of top-level keys and of the keys of each {@code [[sumdb]]} table. */
  private record Lines(Map<String, Integer> top, List<Integer> sumdbHeaders, List<Map<String, Integer>> sumdbKeys) {
    static Lines of(String text) {
      Map<String, Integer> top = new HashMap<>();
      List<Integer> headers = new ArrayList<>();
      List<Map<String, Integer>> keys = new ArrayList<>();
      Map<String, Integer> current = top;
      String[] all = text.split("\r?\n", -1);
      for (int n = 0; n < all.length; n++) {
        String line = all[n];
        Matcher h = HEADER.matcher(line);
        if (h.matches()) {
          String table = h.group(2);
          if (h.group(1).equals("[[") && table.equals("sumdb")) {
            headers.add(n + 1);
            current = new HashMap<>();
            keys.add(current);
          } else {
            top.putIfAbsent(table.contains(".") ? table.substring(0, table.indexOf('.')) : table, n + 1);
            current = new HashMap<>();
          }
          continue;
        }
        Matcher k = KEY.matcher(line);
        if (k.matches()) {
          current.putIfAbsent(k.group(1), n + 1);
        }
      }
      return new Lines(top, headers, keys);
    }

    int top(String key) {
      if (key.equals("sumdb") && !sumdbHeaders.isEmpty()) {
        return top.getOrDefault(key, sumdbHeaders.get(0));
      }
      return top.getOrDefault(key, 0);
    }

    int sumdb(int index, String key) {
      if (index >= sumdbHeaders.size()) {
        return 0;
      }
      if (key == null) {
        return sumdbHeaders.get(index);
      }
      return sumdbKeys.get(index).getOrDefault(key, sumdbHeaders.get(index));
    }
  }
}
