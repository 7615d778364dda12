package dev.gofer.mod.zip;

import dev.gofer.mod.internal.GoQuote;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds case-insensitive name collisions, duplicate files and paths used both as a file and as a
 * directory ({@code collisionChecker}); every parent directory of a path is checked too.
 */
final class CollisionChecker {
  private record Seen(String path, boolean isDir) {}

  private final Map<String, Seen> seen = new HashMap<>();

  /** Records {@code p}; returns the broken rule and Go's text, or null. */
  FileError check(String p, boolean isDir) {
    for (String cur = p; ; ) {
      String fold = CaseFold.key(cur);
      Seen other = seen.get(fold);
      if (other != null) {
        if (!cur.equals(other.path)) {
          return new FileError(p, ZipRule.CASE_COLLISION,
              "case-insensitive file name collision: " + GoQuote.quote(other.path) + " and "
                  + GoQuote.quote(cur));
        }
        if (isDir != other.isDir) {
          return new FileError(p, ZipRule.FILE_AND_DIRECTORY,
              "entry " + GoQuote.quote(cur) + " is both a file and a directory");
        }
        if (!isDir) {
          return new FileError(p, ZipRule.DUPLICATE,
              "multiple entries for file " + GoQuote.quote(cur));
        }
      } else {
        seen.put(fold, new Seen(cur, isDir));
      }
      String parent = GoPath.dir(cur);
      if (parent.equals(".")) {
        return null;
      }
      cur = parent;
      isDir = true;
    }
  }
}
