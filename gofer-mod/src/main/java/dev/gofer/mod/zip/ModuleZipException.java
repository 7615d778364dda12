package dev.gofer.mod.zip;

import dev.gofer.mod.ModException;
import java.util.List;

/**
 * A module zip, file set or directory that breaks a module zip rule, or an extraction that was
 * refused. {@link #rule()} says which rule; for {@link ZipRule#INVALID_FILES} {@link #files()}
 * lists every invalid file. The message is one line in Go's words, for example {@code create zip:
 * GO.MOD: go.mod files must have lowercase names} (several invalid files are joined by {@code
 * "; "} where Go uses newlines).
 */
public final class ModuleZipException extends ModException {
  private static final long serialVersionUID = 1L;

  private final ZipRule rule;
  private final transient List<FileError> files;

  ModuleZipException(ZipRule rule, String message) {
    this(rule, message, List.of(), null);
  }

  ModuleZipException(ZipRule rule, String message, List<FileError> files, Throwable cause) {
    super(message, cause);
    this.rule = rule;
    this.files = List.copyOf(files);
  }

  /** The rule that was broken. */
  public ZipRule rule() {
    return rule;
  }

  /** The invalid files, for {@link ZipRule#INVALID_FILES}; otherwise empty. */
  public List<FileError> files() {
    return files;
  }

  ModuleZipException prefixed(String prefix) {
    return new ModuleZipException(rule, prefix + getMessage(), files, getCause());
  }
}
