package dev.gofer.mod.note;

/**
 * The note parsed, but none of its signatures is by a known key ({@code note has no verifiable
 * signatures}). The parsed note, with all signatures unverified, is available from {@link
 * #note()}.
 */
public final class UnverifiedNoteException extends NoteException {
  private static final long serialVersionUID = 1L;
  private final transient Note note;

  UnverifiedNoteException(Note note) {
    super("note has no verifiable signatures");
    this.note = note;
  }

  /** The parsed note; its {@code sigs} are empty. */
  public Note note() {
    return note;
  }
}
