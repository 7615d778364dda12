package dev.gofer.mod.zip;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of a module zip check ({@code zip.CheckedFiles}): every file is in exactly one of
 * the lists, in the order the check met them.
 *
 * @param valid files that belong in the zip
 * @param omitted files left out when a zip is created, with the reason
 * @param invalid files that make the zip invalid, with the reason
 * @param sizeError Go's text if the content or the zip is too large
 */
public record CheckedFiles(
    List<String> valid, List<FileError> omitted, List<FileError> invalid, Optional<String> sizeError) {

  public CheckedFiles {
    valid = List.copyOf(valid);
    omitted = List.copyOf(omitted);
    invalid = List.copyOf(invalid);
  }

  /** Whether this describes a valid module zip: no size error and no invalid file. */
  public boolean isValid() {
    return sizeError.isEmpty() && invalid.isEmpty();
  }

  /** {@code CheckedFiles.Err}: the size error first, then the list of invalid files. */
  public Optional<ModuleZipException> error() {
    if (sizeError.isPresent()) {
      return Optional.of(new ModuleZipException(ZipRule.TOO_LARGE, sizeError.get()));
    }
    if (!invalid.isEmpty()) {
      String msg = invalid.stream().map(FileError::toString).collect(Collectors.joining("; "));
      return Optional.of(new ModuleZipException(ZipRule.INVALID_FILES, msg, invalid, null));
    }
    return Optional.empty();
  }

  /** Throws {@link #error()} if there is one. */
  public void throwIfInvalid() {
    Optional<ModuleZipException> e = error();
    if (e.isPresent()) {
      throw e.get();
    }
  }
}
