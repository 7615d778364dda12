package dev.gofer.proxy.mirror;

import dev.gofer.mod.ModException;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.tlog.Tile;
import java.util.Collection;

/**
 * What an archive entry is, from its name. Entry names are paths relative to a store's data
 * directory (so an unpacked archive is itself a store): module files under {@code
 * cache/download/<escaped path>/@v/}, checksum-database lookups and tiles under {@code
 * cache/download/sumdb/<name>/}, signed tree heads at {@code state/sumdb/<name>/latest}, and the
 * {@link Manifest}.
 */
sealed interface ArchiveEntry {
  String DOWNLOAD = "cache/download/";
  String SUMDB = DOWNLOAD + "sumdb/";
  String STATE_SUMDB = "state/sumdb/";

  /** The manifest. */
  record ManifestEntry() implements ArchiveEntry {}

  /** {@code state/sumdb/<name>/latest}. */
  record Head(String db) implements ArchiveEntry {}

  /** {@code cache/download/sumdb/<name>/lookup/<escaped path>@<escaped version>}. */
  record Lookup(String db, String module, String version, String file) implements ArchiveEntry {}

  /** {@code cache/download/sumdb/<name>/tile/...}. */
  record TileEntry(String db, Tile tile) implements ArchiveEntry {}

  /** {@code cache/download/<escaped path>/@v/<escaped version>.<ext>}. */
  record ModuleFile(String module, String version, String ext) implements ArchiveEntry {}

  /** The longest safe name. */
  int MAX_NAME = 1024;

  /**
   * Checks that {@code name} is a safe relative path: not empty, not absolute, no {@code .} or
   * {@code ..} or empty elements, no backslash, only the characters module paths, versions,
   * database names and tiles use.
   *
   * @throws IllegalArgumentException if it is not
   */
  static void checkSafe(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException("unsafe entry name (empty or too long)");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "._~+!@/-".indexOf(c) >= 0;
      if (!ok) {
        throw new IllegalArgumentException("unsafe entry name " + Wanted.quote(name));
      }
    }
    if (name.startsWith("/")) {
      throw new IllegalArgumentException("unsafe entry name " + Wanted.quote(name) + " (absolute)");
    }
    for (String elem : name.split("/", -1)) {
      if (elem.isEmpty() || elem.equals(".") || elem.equals("..")) {
        throw new IllegalArgumentException("unsafe entry name " + Wanted.quote(name) + " (empty, . or .. element)");
      }
    }
  }

  /**
   * Classifies a safe name, given the databases the manifest names.
   *
   * @throws IllegalArgumentException if it is none of the entries an archive holds
   */
  static ArchiveEntry classify(String name, Collection<String> databases) {
    if (name.equals(Manifest.NAME)) {
      return new ManifestEntry();
    }
    try {
      if (name.startsWith(STATE_SUMDB) && name.endsWith("/latest")) {
        String db = name.substring(STATE_SUMDB.length(), name.length() - "/latest".length());
        if (databases.contains(db)) {
          return new Head(db);
        }
      } else if (name.startsWith(SUMDB)) {
        String rest = name.substring(SUMDB.length());
        for (String db : databases) {
          if (!rest.startsWith(db + "/")) {
            continue;
          }
          String sub = rest.substring(db.length() + 1);
          if (sub.startsWith("lookup/")) {
            String file = sub.substring("lookup/".length());
            int at = file.lastIndexOf('@');
            if (at > 0) {
              String module = ModulePath.unescape(file.substring(0, at));
              String version = ModulePath.unescapeVersion(file.substring(at + 1));
              Wanted.check(module, version);
              return new Lookup(db, module, version, file);
            }
          } else if (sub.startsWith("tile/")) {
            Tile t = Tile.parsePath(sub);
            if (t.path().equals(sub)) {
              return new TileEntry(db, t);
            }
          }
        }
      } else if (name.startsWith(DOWNLOAD)) {
        String rest = name.substring(DOWNLOAD.length());
        int v = rest.lastIndexOf("/@v/");
        if (v > 0) {
          String module = ModulePath.unescape(rest.substring(0, v));
          String file = rest.substring(v + "/@v/".length());
          int dot = file.lastIndexOf('.');
          if (dot > 0) {
            String ext = file.substring(dot + 1);
            String version = ModulePath.unescapeVersion(file.substring(0, dot));
            if (ext.equals("mod") || ext.equals("zip") || ext.equals("info") || ext.equals("ziphash")) {
              Wanted.check(module, version);
              return new ModuleFile(module, version, ext);
            }
          }
        }
      }
    } catch (ModException | IllegalArgumentException e) {
      throw new IllegalArgumentException("unexpected entry " + Wanted.quote(name) + ": " + SyncInputs.oneLine(e.getMessage()), e);
    }
    throw new IllegalArgumentException("unexpected entry " + Wanted.quote(name));
  }
}
