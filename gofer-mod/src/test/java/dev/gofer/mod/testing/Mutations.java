package dev.gofer.mod.testing;

/** Single-character edits of valid input, for properties that feed parsers near-valid text. */
public final class Mutations {
  private Mutations() {}

  /**
   * {@code s} with one edit at {@code pos} (clamped to the end): {@code op} 0 inserts {@code c},
   * 1 deletes the character there (nothing at the end), anything else replaces it with {@code c}
   * (appends at the end).
   */
  public static String mutate(String s, int pos, char c, int op) {
    int i = Math.min(pos, s.length());
    return switch (op) {
      case 0 -> s.substring(0, i) + c + s.substring(i);
      case 1 -> i < s.length() ? s.substring(0, i) + s.substring(i + 1) : s;
      default -> i < s.length() ? s.substring(0, i) + c + s.substring(i + 1) : s + c;
    };
  }
}
