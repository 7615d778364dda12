package dev.gofer.proxy.http;

import dev.gofer.mod.ModException;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.semver.Semver;

/**
 * What a request path asks for. {@link #parse} validates everything the go command could send
 * (escaping, module path rules, version syntax) before any store or upstream is touched, so a
 * malformed request never reaches either.
 */
public sealed interface Route {

  /** Longest request path accepted; module paths are far shorter in practice. */
  int MAX_PATH = 2048;

  /** {@code /<module>/@v/list}. */
  record List(String module) implements Route {}

  /** {@code /<module>/@v/<query>.info}: the query may be a version, branch or revision. */
  record Info(String module, String query) implements Route {}

  /** {@code /<module>/@v/<version>.mod}, canonical version. */
  record Mod(String module, String version) implements Route {}

  /** {@code /<module>/@v/<version>.zip}, canonical version. */
  record Zip(String module, String version) implements Route {}

  /** {@code /<module>/@latest}. */
  record Latest(String module) implements Route {}

  /** {@code /sumdb/<rest>}: the checksum-database front resolves the name and the rest. */
  record Sumdb(String rest) implements Route {}

  /** {@code /healthz}, {@code /readyz}, {@code /metrics}, {@code /}. */
  enum Special implements Route {
    HEALTH,
    READY,
    METRICS,
    INDEX
  }

  /** A request the proxy refuses: {@code status} with a one-line {@code message}. */
  record Refused(int status, String message) implements Route {}

  /** Parses a decoded request path (starting with {@code /}). Never throws. */
  static Route parse(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return new Refused(400, "bad request: path must start with /");
    }
    if (path.length() > MAX_PATH) {
      return new Refused(414, "bad request: path longer than " + MAX_PATH + " bytes");
    }
    switch (path) {
      case "/" -> {
        return Special.INDEX;
      }
      case "/healthz" -> {
        return Special.HEALTH;
      }
      case "/readyz" -> {
        return Special.READY;
      }
      case "/metrics" -> {
        return Special.METRICS;
      }
      default -> {}
    }
    if (path.startsWith("/sumdb/")) {
      return new Sumdb(path.substring("/sumdb/".length()));
    }
    try {
      if (path.endsWith("/@latest")) {
        return new Latest(module(path.substring(1, path.length() - "/@latest".length())));
      }
      int at = path.lastIndexOf("/@v/");
      if (at < 0) {
        return new Refused(404, "not found: " + printable(path) + " is not a module proxy path");
      }
      String module = module(path.substring(1, at));
      String file = path.substring(at + "/@v/".length());
      if (file.equals("list")) {
        return new List(module);
      }
      int dot = file.lastIndexOf('.');
      if (dot <= 0) {
        return new Refused(404, "not found: " + printable(path) + " is not a module proxy path");
      }
      String ext = file.substring(dot + 1);
      String version = ModulePath.unescapeVersion(file.substring(0, dot));
      return switch (ext) {
        case "info" -> new Info(module, version);
        case "mod", "zip" -> canonical(module, version, ext);
        default -> new Refused(404, "not found: " + printable(path) + " is not a module proxy path");
      };
    } catch (ModException e) {
      return new Refused(400, "bad request: " + e.getMessage());
    }
  }

  private static String module(String escaped) {
    String module = ModulePath.unescape(escaped);
    ModulePath.check(module);
    return module;
  }

  private static Route canonical(String module, String version, String ext) {
    if (!Semver.isValid(version)) {
      return new Refused(400, "bad request: " + module + "@" + version + ": invalid version: not a semantic version");
    }
    if (!version.equals(Semver.canonicalModuleVersion(version))) {
      return new Refused(
          404,
          "not found: "
              + module
              + "@"
              + version
              + ": invalid version: not a canonical version (should be "
              + Semver.canonicalModuleVersion(version)
              + ")");
    }
    try {
      ModulePath.checkPathVersion(module, version);
    } catch (ModException e) {
      return new Refused(404, "not found: " + e.getMessage());
    }
    return ext.equals("mod") ? new Mod(module, version) : new Zip(module, version);
  }

  /** The path as it may appear in a one-line message: control characters replaced. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
    for (int i = 0; i < s.length() && b.length() < 200; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }
}
