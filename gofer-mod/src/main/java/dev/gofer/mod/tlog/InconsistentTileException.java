package dev.gofer.mod.tlog;

/**
 * Tiles read for a trusted tree do not hash to that tree, or a tile does not match the hash its
 * parent tile records for it ({@code downloaded inconsistent tile}). At least one tile is wrong,
 * but not necessarily a known one; none of them may be cached.
 */
public final class InconsistentTileException extends TlogException {
  private static final long serialVersionUID = 1L;

  InconsistentTileException() {
    super("downloaded inconsistent tile");
  }
}
