package dev.gofer.proxy.sumdb;

import dev.gofer.mod.ModException;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.semver.Semver;
import dev.gofer.mod.tlog.Tile;
import dev.gofer.proxy.http.Route;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * What a {@code /sumdb/<rest>} request asks for, parsed and validated before any store or
 * upstream is touched. Database names may contain slashes ({@code localhost.localdev/sumdb}), so
 * the name is the longest configured name that {@code rest} starts with, followed by {@code /}.
 */
sealed interface SumdbRequest {

  /** {@code <name>/supported}. */
  record Supported(String db) implements SumdbRequest {}

  /** {@code <name>/latest}. */
  record Latest(String db) implements SumdbRequest {}

  /**
   * {@code <name>/lookup/<escaped path>@<escaped version>}.
   *
   * @param path the unescaped, checked module path
   * @param version the unescaped, valid version
   */
  record Lookup(String db, String path, String version) implements SumdbRequest {
    /** {@code <escaped path>@<escaped version>}: the lookup's file name in Go's cache layout. */
    String file() {
      return ModulePath.escape(path) + "@" + ModulePath.escapeVersion(version);
    }
  }

  /** {@code <name>/tile/H/L/NNN[.p/W]} or {@code <name>/tile/H/data/NNN[.p/W]}. */
  record TileRequest(String db, Tile tile) implements SumdbRequest {}

  /** A request answered with {@code status} and a one-line {@code message}. */
  record Refused(int status, String message) implements SumdbRequest {}

  /** The reference server's lookup syntax ({@code golang.org/x/mod/sumdb/server.go}). */
  Pattern MOD_VER = Pattern.compile("^[^@]+@v[0-9]+\\.[0-9]+\\.[0-9]+(-[^@]*)?(\\+incompatible)?$");

  /** Parses {@code rest} (the decoded path after {@code /sumdb/}) against the configured names. */
  static SumdbRequest parse(String rest, Collection<String> names) {
    String db = null;
    for (String name : names) {
      if (rest.startsWith(name + "/") && (db == null || name.length() > db.length())) {
        db = name;
      }
    }
    if (db == null) {
      return new Refused(404, "not found: checksum database " + firstElements(rest) + " is not proxied here");
    }
    String sub = rest.substring(db.length() + 1);
    if (sub.equals("supported")) {
      return new Supported(db);
    }
    if (sub.equals("latest")) {
      return new Latest(db);
    }
    if (sub.startsWith("lookup/")) {
      return lookup(db, sub.substring("lookup/".length()));
    }
    if (sub.startsWith("tile/")) {
      try {
        return new TileRequest(db, Tile.parsePath(sub));
      } catch (ModException | IllegalArgumentException e) {
        return new Refused(400, "invalid tile syntax");
      }
    }
    return new Refused(404, "not found: /sumdb/" + Route.printable(rest));
  }

  private static SumdbRequest lookup(String db, String mod) {
    if (!MOD_VER.matcher(mod).matches()) {
      return new Refused(400, "invalid module@version syntax");
    }
    int at = mod.indexOf('@');
    try {
      String path = ModulePath.unescape(mod.substring(0, at));
      String version = ModulePath.unescapeVersion(mod.substring(at + 1));
      ModulePath.check(path);
      if (!Semver.isValid(version)) {
        return new Refused(400, "invalid module@version syntax");
      }
      return new Lookup(db, path, version);
    } catch (ModException e) {
      return new Refused(400, "invalid module@version syntax: " + e.getMessage());
    }
  }

  /** The unknown database name as it may appear in a message: up to the first {@code /x/}. */
  private static String firstElements(String rest) {
    String r = Route.printable(rest);
    for (String marker : new String[] {"/supported", "/latest", "/lookup/", "/tile/"}) {
      int i = r.indexOf(marker);
      if (i > 0) {
        return r.substring(0, i);
      }
    }
    return r;
  }
}
