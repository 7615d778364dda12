package dev.gofer.mod.modfile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a go.mod file gofer needs ({@code golang.org/x/mod/modfile.File}): module (with
 * its deprecation notice), go, toolchain, godebug, require, exclude, replace, retract, tool and
 * ignore. Comments other than {@code // indirect}, {@code Deprecated:} and retraction rationales
 * are not kept. Line numbers are 1-based.
 */
public record ModFile(
    Optional<Module> module,
    Optional<String> go,
    Optional<String> toolchain,
    List<Godebug> godebugs,
    List<Require> requires,
    List<Exclude> excludes,
    List<Replace> replaces,
    List<Retract> retracts,
    List<String> tools,
    List<String> ignores) {

  public ModFile {
    godebugs = List.copyOf(godebugs);
    requires = List.copyOf(requires);
    excludes = List.copyOf(excludes);
    replaces = List.copyOf(replaces);
    retracts = List.copyOf(retracts);
    tools = List.copyOf(tools);
    ignores = List.copyOf(ignores);
  }

  /**
   * The module line.
   *
   * @param path the module path
   * @param deprecated the text after {@code Deprecated:} in the module's comment, or empty
   */
  public record Module(String path, String deprecated, int line) {}

  /** A {@code godebug key=value} line. */
  public record Godebug(String key, String value, int line) {}

  /** A requirement; {@code indirect} if its comment is {@code // indirect}. */
  public record Require(String path, String version, boolean indirect, int line) {}

  /** An excluded module version. */
  public record Exclude(String path, String version, int line) {}

  /**
   * A replacement. {@code oldVersion} is empty when every version is replaced; {@code newVersion}
   * is empty when the replacement is a directory.
   */
  public record Replace(String oldPath, String oldVersion, String newPath, String newVersion, int line) {}

  /**
   * A retracted version ({@code low == high}) or closed interval, with the rationale comment.
   */
  public record Retract(String low, String high, String rationale, int line) {}

  /**
   * {@code modfile.Parse}: parses a main module's go.mod strictly; unknown directives are errors.
   * Versions must be canonical or canonicalisable ({@code v1.2} becomes {@code v1.2.0}).
   *
   * @param file the name used in error messages, usually {@code go.mod}
   * @throws ModFileException with Go's line-numbered messages
   */
  public static ModFile parse(String file, byte[] data) {
    return new Parser(file, decode(data), true).parse();
  }

  /**
   * {@code modfile.ParseLax}: parses a dependency's go.mod, keeping only module, go, require,
   * retract and ignore lines and ignoring unknown directives, as the go command does.
   */
  public static ModFile parseLax(String file, byte[] data) {
    return new Parser(file, decode(data), false).parse();
  }

  /** {@link #parse(String, byte[])} of text. */
  public static ModFile parse(String file, String text) {
    return new Parser(file, text, true).parse();
  }

  /** The module path, or empty if there is no module line. */
  public Optional<String> modulePath() {
    return module.map(Module::path);
  }

  /**
   * A minimal go.mod with a module line, an optional go line and the given requirements, in the
   * layout {@code go mod tidy} writes (one block of requirements).
   */
  public static String render(String modulePath, String goVersion, List<Require> requires) {
    StringBuilder b = new StringBuilder("module ").append(Render.token(modulePath)).append('\n');
    if (goVersion != null && !goVersion.isEmpty()) {
      b.append("\ngo ").append(goVersion).append('\n');
    }
    if (requires.size() == 1) {
      b.append("\nrequire ").append(Render.require(requires.get(0))).append('\n');
    } else if (!requires.isEmpty()) {
      b.append("\nrequire (\n");
      for (Require r : requires) {
        b.append('\t').append(Render.require(r)).append('\n');
      }
      b.append(")\n");
    }
    return b.toString();
  }

  /** Renders this file's directives (not its free comments) as go.mod text. */
  public String render() {
    return Render.file(this);
  }

  private static String decode(byte[] data) {
    // Invalid UTF-8 becomes U+FFFD, which Go's lexer also reads (as an identifier character).
    return new String(data, StandardCharsets.UTF_8);
  }
}
