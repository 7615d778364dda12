package dev.gofer.host.unit;

/** An option value a unit or drop-in cannot be written from; the message is one line. */
public final class SpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SpecException(String message) {
    super(message);
  }
}
