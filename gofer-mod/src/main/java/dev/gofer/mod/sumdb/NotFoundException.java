package dev.gofer.mod.sumdb;

/**
 * A {@link Log} has no such record, or the tile lies outside the published tree. An HTTP front
 * answers 404.
 */
public final class NotFoundException extends SumdbException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
