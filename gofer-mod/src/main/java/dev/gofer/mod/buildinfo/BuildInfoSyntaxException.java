package dev.gofer.mod.buildinfo;

/**
 * The module information text does not parse, as {@code runtime/debug.ParseBuildInfo} would
 * reject it: {@code could not parse Go build info: line N: ...}.
 */
public final class BuildInfoSyntaxException extends BuildInfoException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final String what;

  BuildInfoSyntaxException(int line, String what) {
    super(reason(line, what), reason(line, what), null);
    this.line = line;
    this.what = what;
  }

  private BuildInfoSyntaxException(String file, int line, String what) {
    super(fromFile(file, reason(line, what)), reason(line, what), null);
    this.line = line;
    this.what = what;
  }

  private static String reason(int line, String what) {
    return "could not parse Go build info: line " + line + ": " + what;
  }

  /** The 1-based line of the module information text that is wrong. */
  public int line() {
    return line;
  }

  @Override
  BuildInfoSyntaxException from(String file) {
    return new BuildInfoSyntaxException(file, line, what);
  }
}
