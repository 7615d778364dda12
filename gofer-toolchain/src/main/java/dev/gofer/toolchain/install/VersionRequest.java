package dev.gofer.toolchain.install;

import dev.gofer.mod.gover.Gover;
import java.util.Collection;
import java.util.Optional;

/**
 * What the user asked to install: an exact toolchain version ({@code 1.22.5}, {@code go1.22.5},
 * {@code 1.23rc1}, {@code 1.20}), a language version standing for its newest patch release
 * ({@code 1.22}), or {@code latest} (the newest stable release).
 */
public sealed interface VersionRequest {

  /** An exact Go version, without the {@code go} prefix. */
  record Exact(String version) implements VersionRequest {}

  /** A language version from 1.21 on ({@code 1.22}): its newest stable patch release. */
  record Family(String lang) implements VersionRequest {}

  /** The newest stable release. */
  record Latest() implements VersionRequest {}

  /**
   * Parses {@code text}.
   *
   * @throws InstallException (a usage error) when it is no Go version
   */
  static VersionRequest parse(String text) {
    if ("latest".equals(text)) {
      return new Latest();
    }
    String v = text.startsWith("go") ? text.substring(2) : text;
    if (!Gover.isValid(v)) {
      throw InstallException.usage("invalid Go version \"" + printable(text) + "\" (want 1.22.5, go1.22.5, 1.22, 1.23rc1 or latest)");
    }
    if (Gover.isLang(v) && Gover.compare(v, "1.21") >= 0) {
      return new Family(v);
    }
    return new Exact(v);
  }

  /**
   * Picks the version this request means among {@code available} Go versions (no {@code go}
   * prefix): the exact one if present; the newest stable release of the family or overall.
   */
  default Optional<String> pick(Collection<String> available) {
    return switch (this) {
      case Exact e -> available.stream().filter(e.version()::equals).findFirst();
      case Family f ->
          available.stream()
              .filter(v -> !Gover.isPrerelease(v) && !Gover.isLang(v) && Gover.lang(v).equals(f.lang()))
              .max(Gover.ORDER);
      case Latest l -> available.stream().filter(v -> !Gover.isPrerelease(v) && !Gover.isLang(v)).max(Gover.ORDER);
    };
  }

  /** How the request reads in messages: {@code go1.22.5}, {@code Go 1.22}, {@code latest}. */
  default String describe() {
    return switch (this) {
      case Exact e -> "go" + e.version();
      case Family f -> "Go " + f.lang();
      case Latest l -> "the latest Go release";
    };
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.length() > 64 ? b.substring(0, 64) + "..." : b.toString();
  }
}
