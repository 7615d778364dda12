package dev.gofer.mod.modfile;

import dev.gofer.mod.ModException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A go.mod file that does not parse. Each problem is a {@link Problem} printed as Go prints it,
 * {@code go.mod:12: ...} (or {@code go.mod:12:5: ...} when the column is not the first); the
 * message joins them with {@code "; "} where Go uses newlines.
 */
public final class ModFileException extends ModException {
  private static final long serialVersionUID = 1L;

  /**
   * One problem in a go.mod file.
   *
   * @param file the file name given to the parser
   * @param line the 1-based line, 0 if unknown
   * @param column the 1-based column in characters (Unicode code points)
   * @param message what is wrong, for example {@code unknown directive: foo}
   */
  public record Problem(String file, int line, int column, String message) {
    @Override
    public String toString() {
      if (column > 1) {
        return file + ":" + line + ":" + column + ": " + message;
      } else if (line > 0) {
        return file + ":" + line + ": " + message;
      }
      return file.isEmpty() ? message : file + ": " + message;
    }
  }

  private final transient List<Problem> problems;

  ModFileException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in file order. */
  public List<Problem> problems() {
    return problems;
  }
}
