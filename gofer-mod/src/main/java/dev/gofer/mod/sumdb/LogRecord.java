package dev.gofer.mod.sumdb;

import java.util.Objects;

/**
 * One module version for a {@link Log}: its unescaped path, its version, and the record text, the
 * go.sum lines a client will compare ({@code <path> <version> h1:…\n<path> <version>/go.mod
 * h1:…\n}).
 */
public record LogRecord(String path, String version, String text) {
  public LogRecord {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(text, "text");
  }

  /** The record of a module version whose zip and go.mod hashes are {@code h1} and {@code modH1}. */
  public static LogRecord of(String path, String version, String h1, String modH1) {
    return new LogRecord(
        path,
        version,
        path + " " + version + " " + h1 + "\n" + path + " " + version + "/go.mod " + modH1 + "\n");
  }

  String key() {
    return path + "@" + version;
  }
}
