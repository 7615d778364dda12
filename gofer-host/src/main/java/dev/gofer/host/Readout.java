package dev.gofer.host;

import java.util.Optional;

/**
 * What reading one host file gave: its text, or why there is none. A probe turns
 * {@link Missing} and {@link Unreadable} into a {@code skip} with the reason, never a crash.
 */
public sealed interface Readout {
  /** The host path that was read, e.g. {@code /proc/sys/vm/swappiness}. */
  String path();

  /** The text, if the file could be read. */
  default Optional<String> text() {
    return this instanceof Text t ? Optional.of(t.content()) : Optional.empty();
  }

  /** The first line without its newline, trimmed, if the file could be read. */
  default Optional<String> firstLine() {
    return text().map(s -> {
      int nl = s.indexOf('\n');
      return (nl < 0 ? s : s.substring(0, nl)).strip();
    });
  }

  /** Why there is no text, for a skip message: "/proc/x: not present". */
  default String problem() {
    return switch (this) {
      case Text t -> "";
      case Missing m -> m.path() + ": not present";
      case Unreadable u -> u.path() + ": " + u.reason();
    };
  }

  /** The file was read. */
  record Text(String path, String content) implements Readout {}

  /** The file does not exist. */
  record Missing(String path) implements Readout {}

  /** The file exists but could not be read (permission, I/O error). */
  record Unreadable(String path, String reason) implements Readout {}
}
