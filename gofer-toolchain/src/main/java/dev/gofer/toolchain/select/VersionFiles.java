package dev.gofer.toolchain.select;

import dev.gofer.mod.modfile.ModFile;
import dev.gofer.mod.modfile.ModFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the files that pin a toolchain. The shim script reads them by the same rules, so every
 * rule here has its sh twin in {@code shim.sh}.
 */
final class VersionFiles {
  /** Like goenv, only the first KiB of a version file counts. */
  private static final int VERSION_FILE_LIMIT = 1024;

  private VersionFiles() {}

  /**
   * The version in a {@code .go-version} or global {@code version} file, goenv's way: the first
   * whitespace-separated word of the first line that has one, skipping {@code #} comments and
   * words that are {@code ..} or hold a {@code /}; {@code go1.22.5} and {@code 1.22.5} alike.
   * {@code system} means the system go.
   *
   * @throws SelectException naming the file when there is no version or it is not valid
   */
  static String versionFile(Path file) {
    String text = readPrefix(file);
    for (String line : text.split("\n", -1)) {
      String[] words = line.strip().split("[ \t\r]+", 2);
      String w = words[0];
      if (w.isEmpty() || w.startsWith("#") || w.equals("..") || w.contains("/")) {
        continue;
      }
      return version(file, w);
    }
    throw new SelectException(SelectException.Kind.BAD_FILE, file + ": no Go version in the file");
  }

  /**
   * The version of the first {@code golang} or {@code go} entry of a {@code .tool-versions} file,
   * or empty when it has none ({@code .tool-versions} serves other tools too).
   */
  static Optional<String> toolVersions(Path file) {
    for (String line : readAll(file).split("\n", -1)) {
      String[] words = line.strip().split("[ \t\r]+");
      if (words.length >= 2 && (words[0].equals("golang") || words[0].equals("go"))) {
        return Optional.of(version(file, words[1]));
      }
    }
    return Optional.empty();
  }

  /** The {@code toolchain} and {@code go} lines of a go.mod or go.work. */
  record GoLines(Optional<String> toolchain, Optional<String> go) {}

  /**
   * The {@code toolchain} and {@code go} lines of {@code file}. The go line comes from {@link
   * ModFile#parseLax}; that, like Go's {@code ParseLax}, drops the toolchain line, which is
   * therefore read as the go command reads both at start-up ({@code gover.GoModLookup}): the first
   * line whose first word is {@code toolchain}, up to a {@code //} comment. {@code toolchain
   * default} means no pin.
   *
   * @throws SelectException naming the file when the toolchain line is not a toolchain name
   */
  static GoLines goLines(Path file) {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SelectException(SelectException.Kind.BAD_FILE, "reading " + file + ": " + e.getMessage());
    }
    String text = new String(data, StandardCharsets.UTF_8);
    Optional<String> go;
    try {
      go = ModFile.parseLax(file.toString(), data).go();
    } catch (ModFileException e) {
      go = lookup(text, "go");
    }
    Optional<String> toolchain = lookup(text, "toolchain").filter(t -> !t.equals("default"));
    if (toolchain.isPresent()) {
      String v = dev.gofer.mod.gover.Gover.fromToolchain(toolchain.get());
      if (v.isEmpty()) {
        throw new SelectException(
            SelectException.Kind.BAD_FILE,
            file + ": invalid toolchain \"" + toolchain.get() + "\": want a name such as go1.22.5");
      }
      toolchain = Optional.of(v);
    }
    if (go.isPresent() && Versions.strip(go.get()) == null) {
      throw new SelectException(SelectException.Kind.BAD_FILE, file + ": invalid go version \"" + go.get() + "\"");
    }
    return new GoLines(toolchain, go);
  }

  /** {@code gover.GoModLookup}: the value of the first top-level {@code key} line. */
  static Optional<String> lookup(String text, String key) {
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      if (l.startsWith(key) && l.length() > key.length()
          && (l.charAt(key.length()) == ' ' || l.charAt(key.length()) == '\t')) {
        String v = l.substring(key.length());
        int c = v.indexOf("//");
        if (c >= 0) {
          v = v.substring(0, c);
        }
        return Optional.of(v.strip());
      }
    }
    return Optional.empty();
  }

  private static String version(Path file, String word) {
    if (word.equals("system")) {
      return word;
    }
    String v = Versions.strip(word);
    if (v == null) {
      throw new SelectException(
          SelectException.Kind.BAD_FILE,
          file + ": invalid Go version \"" + word + "\": want a version such as 1.22.5 or go1.22.5");
    }
    return v;
  }

  private static String readPrefix(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(VERSION_FILE_LIMIT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SelectException(SelectException.Kind.BAD_FILE, "reading " + file + ": " + e.getMessage());
    }
  }

  private static String readAll(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SelectException(SelectException.Kind.BAD_FILE, "reading " + file + ": " + e.getMessage());
    }
  }
}
