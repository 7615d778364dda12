package dev.gofer.mod.zip;

/** The module zip rule a file or a whole zip broke, or the reason a file was left out. */
public enum ZipRule {
  // Invalid files: creation, checks and extraction fail.
  /** {@code file path is not clean}. */
  PATH_NOT_CLEAN,
  /** {@code file path is not relative}. */
  PATH_NOT_RELATIVE,
  /** {@code malformed file path "p": ...} ({@code module.CheckFilePath}). */
  MALFORMED_FILE_PATH,
  /** {@code path does not have prefix "m@v/"}. */
  MISSING_PREFIX,
  /** {@code go.mod files must have lowercase names}. */
  GO_MOD_CASE,
  /** {@code go.mod file not in module root directory}. */
  GO_MOD_NOT_IN_ROOT,
  /** {@code go.mod file too large (max size is 16777216 bytes)}. */
  GO_MOD_TOO_LARGE,
  /** {@code LICENSE file too large (max size is 16777216 bytes)}. */
  LICENSE_TOO_LARGE,
  /** {@code case-insensitive file name collision: "a" and "A"}. */
  CASE_COLLISION,
  /** {@code entry "a" is both a file and a directory}. */
  FILE_AND_DIRECTORY,
  /** {@code multiple entries for file "a"}. */
  DUPLICATE,

  // Omitted files: left out when a zip is created.
  /** {@code directory is a version control repository}. */
  VCS_DIRECTORY,
  /** {@code file is in vendor directory}. */
  VENDORED,
  /** {@code file is in another module}. */
  SUBMODULE_FILE,
  /** {@code directory is in another module}. */
  SUBMODULE_DIRECTORY,
  /** {@code file is inserted by 'hg archive' and is always omitted}. */
  HG_ARCHIVAL,
  /** {@code file is a symbolic link}. */
  SYMLINK,
  /** {@code not a regular file}. */
  NOT_REGULAR,

  // Whole-zip failures.
  /** A malformed module path, non-canonical version or major-version mismatch. */
  BAD_MODULE_VERSION,
  /** The zip, the source tree or the uncompressed content exceeds 500 MiB. */
  TOO_LARGE,
  /** An entry's content is longer or shorter than its declared size, or fails its CRC-32. */
  SIZE_MISMATCH,
  /** The unzip target directory exists and is not empty. */
  TARGET_NOT_EMPTY,
  /** The zip file cannot be read as a zip. */
  CORRUPT_ZIP,
  /** One or more files are invalid; see {@link ModuleZipException#files()}. */
  INVALID_FILES
}
