package dev.gofer.host;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operating-system identification of os-release(5): {@code /etc/os-release}, else
 * {@code /usr/lib/os-release}. Lines are {@code KEY=value}; the value may be quoted with
 * {@code "} or {@code '}, and within double quotes {@code \"}, {@code \\}, {@code \$} and
 * {@code \`} are escapes. Blank lines and {@code #} comments are ignored, as are malformed lines.
 *
 * @param fields every key in file order
 * @param source the host path it was read from
 */
public record OsRelease(Map<String, String> fields, String source) {
  public OsRelease {
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Reads the host's os-release, the first of the two standard paths that exists. */
  public static Optional<OsRelease> read(HostRoot host) {
    for (String p : List.of("/etc/os-release", "/usr/lib/os-release")) {
      Optional<String> text = host.read(p).text();
      if (text.isPresent()) {
        return Optional.of(parse(text.get(), p));
      }
    }
    return Optional.empty();
  }

  /** Parses os-release text. */
  public static OsRelease parse(String text, String source) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq);
      if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        continue;
      }
      m.put(key, unquote(line.substring(eq + 1)));
    }
    return new OsRelease(m, source);
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.charAt(0) == '\'' && v.endsWith("'")) {
      return v.substring(1, v.length() - 1);
    }
    if (v.length() >= 2 && v.charAt(0) == '"' && v.endsWith("\"")) {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i < v.length() - 1; i++) {
        char c = v.charAt(i);
        if (c == '\\' && i + 1 < v.length() - 1 && "\"\\$`".indexOf(v.charAt(i + 1)) >= 0) {
          c = v.charAt(++i);
        }
        b.append(c);
      }
      return b.toString();
    }
    return v;
  }

  /** A field, if present and not empty. */
  public Optional<String> get(String key) {
    String v = fields.get(key);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** {@code ID}, lower case; "linux" when absent, as os-release(5) says. */
  public String id() {
    return get("ID").orElse("linux");
  }

  /** {@code ID_LIKE} tokens, closest first. */
  public List<String> idLike() {
    return get("ID_LIKE").map(s -> Arrays.stream(s.trim().split("\\s+")).toList()).orElse(List.of());
  }

  /** {@code VERSION_ID}; absent on Debian testing and sid. */
  public Optional<String> versionId() {
    return get("VERSION_ID");
  }

  /** {@code PRETTY_NAME}, else {@code NAME VERSION_ID}, else the id. */
  public String prettyName() {
    return get("PRETTY_NAME")
        .orElseGet(() -> get("NAME").map(n -> n + versionId().map(v -> " " + v).orElse("")).orElse(id()));
  }

  /** The major version number of {@code VERSION_ID} ("9" of "9.4", "24" of "24.04"), if numeric. */
  public Optional<Integer> majorVersion() {
    return versionId().flatMap(v -> {
      String major = v.split("\\.", 2)[0];
      return major.matches("[0-9]{1,6}") ? Optional.of(Integer.parseInt(major)) : Optional.empty();
    });
  }

  /** The distribution family, from {@code ID}, else the first known {@code ID_LIKE} token. */
  public Distro distro() {
    return Distro.of(this);
  }
}
