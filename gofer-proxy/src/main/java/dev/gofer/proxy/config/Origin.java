package dev.gofer.proxy.config;

import java.nio.file.Path;

/** Where a configuration value came from; error messages name it. */
public sealed interface Origin {

  /** A command-line flag. */
  record Flag(ConfigKey key) implements Origin {}

  /** A {@code GOFER_*} environment variable. */
  record Env(ConfigKey key) implements Origin {}

  /**
   * A line of a TOML file ({@code line} 0 when unknown); {@code key} is the key as written,
   * such as {@code freshness} or {@code sumdb[2].url}.
   */
  record File(Path file, int line, String key) implements Origin {
    /** {@code file:line}, or the file alone when the line is unknown. */
    public String where() {
      return line > 0 ? file + ":" + line : file.toString();
    }

    /** The directory that relative paths in the file are relative to. */
    public Path base() {
      Path parent = file.toAbsolutePath().getParent();
      return parent == null ? Path.of("") : parent;
    }
  }

  /** The built-in default. */
  record Default(ConfigKey key) implements Origin {}

  /**
   * The one-line error for {@code value} from this origin: {@code invalid --freshness "1x":
   * unknown unit ...}, {@code invalid GOFER_FRESHNESS="1x": ...}, {@code gofer.toml:3: invalid
   * freshness "1x": ...}.
   */
  default String invalid(String value, String reason) {
    String v = quote(value);
    return switch (this) {
      case Flag f -> "invalid " + f.key().flag() + " " + v + ": " + reason;
      case Env e -> "invalid " + e.key().env() + "=" + v + ": " + reason;
      case File f -> f.where() + ": invalid " + f.key() + " " + v + ": " + reason;
      case Default d -> "invalid default " + d.key().key() + " " + v + ": " + reason;
    };
  }

  /** A one-line message about this origin that is not about one value. */
  default String problem(String message) {
    return switch (this) {
      case Flag f -> f.key().flag() + ": " + message;
      case Env e -> e.key().env() + ": " + message;
      case File f -> f.where() + ": " + message;
      case Default d -> "default " + d.key().key() + ": " + message;
    };
  }

  /** {@code value} in double quotes, with control characters escaped so it stays on one line. */
  static String quote(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
