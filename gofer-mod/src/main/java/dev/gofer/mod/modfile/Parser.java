package dev.gofer.mod.modfile;

import dev.gofer.mod.internal.GoQuote;
import dev.gofer.mod.modfile.Lexer.Kind;
import dev.gofer.mod.modfile.Lexer.Token;
import dev.gofer.mod.modfile.ModFile.Exclude;
import dev.gofer.mod.modfile.ModFile.Godebug;
import dev.gofer.mod.modfile.ModFile.Module;
import dev.gofer.mod.modfile.ModFile.Replace;
import dev.gofer.mod.modfile.ModFile.Require;
import dev.gofer.mod.modfile.ModFile.Retract;
import dev.gofer.mod.modfile.ModFileException.Problem;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.semver.InvalidVersionException;
import dev.gofer.mod.semver.Semver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses go.mod text into statements, then statements into a {@link ModFile}. */
final class Parser {
  private static final Pattern GO_VERSION =
      Pattern.compile("^([1-9][0-9]*)\\.(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$");
  private static final Pattern LAX_GO_VERSION =
      Pattern.compile("^v?(([1-9][0-9]*)\\.(0|[1-9][0-9]*))([^0-9].*)$", Pattern.DOTALL);
  private static final Pattern TOOLCHAIN = Pattern.compile("^default$|^go1($|\\.)");
  private static final Pattern DEPRECATED =
      Pattern.compile("(?s)(?:^|\\n\\n)Deprecated: *(.*?)(?:\\z|\\n\\n)");

  /** One directive line, top-level or inside a block (then without the verb). */
  private record Line(List<String> tokens, int line, int column, List<String> before, String suffix) {}

  private record Block(
      List<String> tokens, int line, int column, List<String> before, String suffix, List<Line> lines) {}

  private final String file;
  private final String text;
  private final boolean strict;
  private List<Token> toks;
  private int next;
  private final List<Problem> errs = new ArrayList<>();

  private Module module;
  private String go;
  private String toolchain;
  private final List<Godebug> godebugs = new ArrayList<>();
  private final List<Require> requires = new ArrayList<>();
  private final List<Exclude> excludes = new ArrayList<>();
  private final List<Replace> replaces = new ArrayList<>();
  private final List<Retract> retracts = new ArrayList<>();
  private final List<String> tools = new ArrayList<>();
  private final List<String> ignores = new ArrayList<>();

  Parser(String file, String text, boolean strict) {
    this.file = file;
    this.text = text;
    this.strict = strict;
  }

  ModFile parse() {
    List<Object> stmts;
    try {
      toks = new ArrayList<>();
      Lexer.lex(text, toks);
      stmts = statements();
    } catch (Lexer.LexError e) {
      throw new ModFileException(List.of(new Problem(file, e.line, e.column, e.getMessage())));
    }
    for (Object s : stmts) {
      switch (s) {
        case Line l -> add(null, l, l.tokens.get(0), l.tokens.subList(1, l.tokens.size()));
        case Block b -> {
          String verb = b.tokens.get(0);
          boolean known = switch (verb) {
            case "module", "godebug", "require", "exclude", "replace", "retract", "tool", "ignore" -> true;
            default -> false;
          };
          if (b.tokens.size() > 1 || !known) {
            if (strict) {
              errs.add(new Problem(file, b.line, b.column,
                  "unknown block type: " + String.join(" ", b.tokens)));
            }
            continue;
          }
          for (Line l : b.lines) {
            add(b, l, verb, l.tokens);
          }
        }
        default -> throw new IllegalStateException();
      }
    }
    if (!errs.isEmpty()) {
      throw new ModFileException(errs);
    }
    return new ModFile(Optional.ofNullable(module), Optional.ofNullable(go),
        Optional.ofNullable(toolchain), godebugs, requires, excludes, replaces, retracts, tools,
        ignores);
  }

  // ------------------------------------------------------------------ syntax

  private Token peek() {
    return toks.get(next);
  }

  private Token lex() {
    Token t = toks.get(next);
    if (t.kind() != Kind.EOF) {
      next++;
    }
    return t;
  }

  private LexErrorBuilder error(Token at) {
    return new LexErrorBuilder(at);
  }

  private record LexErrorBuilder(Token at) {
    Lexer.LexError with(String message) {
      return new Lexer.LexError(at.line(), at.column(), message);
    }
  }

  private List<Object> statements() {
    List<Object> stmts = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    while (true) {
      Token t = peek();
      switch (t.kind()) {
        case NEWLINE -> {
          lex();
          pending = new ArrayList<>();
        }
        case COMMENT -> pending.add(lex().text());
        case EOF -> {
          return stmts;
        }
        default -> stmts.add(statement(pending));
      }
      if (t.kind() != Kind.COMMENT && t.kind() != Kind.NEWLINE) {
        pending = new ArrayList<>();
      }
    }
  }

  private Object statement(List<String> before) {
    Token first = lex();
    List<String> tokens = new ArrayList<>();
    tokens.add(first.text());
    while (true) {
      Token t = lex();
      if (t.isEol()) {
        return new Line(tokens, first.line(), first.column(), before, suffixOf(t));
      }
      if (t.kind() == Kind.LPAREN) {
        if (peek().isEol()) {
          return block(first, tokens, before);
        } else if (peek().kind() == Kind.RPAREN) {
          Token rparen = lex();
          if (peek().isEol()) {
            Token eol = lex();
            return new Block(tokens, first.line(), first.column(), before, suffixOf(eol), List.of());
          }
          tokens.add(t.text());
          tokens.add(rparen.text());
        } else {
          tokens.add(t.text());
        }
        continue;
      }
      tokens.add(t.text());
    }
  }

  private static String suffixOf(Token eol) {
    return eol.kind() == Kind.EOL_COMMENT ? eol.text() : null;
  }

  private Block block(Token first, List<String> tokens, List<String> before) {
    String blockSuffix = null;
    List<Line> lines = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    while (true) {
      Token t = peek();
      switch (t.kind()) {
        case EOL_COMMENT -> {
          Token c = lex();
          if (lines.isEmpty() && blockSuffix == null) {
            blockSuffix = c.text();
          }
        }
        case NEWLINE -> lex();
        case COMMENT -> comments.add(lex().text());
        case EOF -> throw error(t).with("syntax error (unterminated block started at " + file + ":"
            + first.line() + ":" + first.column() + ")");
        case RPAREN -> {
          lex();
          if (!peek().isEol()) {
            throw error(peek()).with("syntax error (expected newline after closing paren)");
          }
          lex();
          return new Block(tokens, first.line(), first.column(), before, blockSuffix, lines);
        }
        default -> {
          Token lf = lex();
          List<String> lt = new ArrayList<>();
          lt.add(lf.text());
          while (true) {
            Token x = lex();
            if (x.isEol()) {
              lines.add(new Line(lt, lf.line(), lf.column(), comments, suffixOf(x)));
              break;
            }
            lt.add(x.text());
          }
          comments = new ArrayList<>();
        }
      }
    }
  }

  // ------------------------------------------------------------------ semantics

  private void errorf(Line l, String message) {
    errs.add(new Problem(file, l.line, l.column, message));
  }

  /** An error about a module path and verb: {@code require example.com/m: ...}. */
  private void modPathError(Line l, String verb, String path, String message) {
    errorf(l, verb + " " + path + ": " + message);
  }

  private static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;

    Bad(String message) {
      super(message, null, false, false);
    }
  }

  private void add(Block block, Line l, String verb, List<String> args) {
    if (!strict) {
      switch (verb) {
        case "go", "module", "retract", "require", "ignore" -> {}
        default -> {
          return;
        }
      }
    }
    try {
      switch (verb) {
        case "go" -> {
          if (go != null) {
            errorf(l, "repeated go statement");
            return;
          }
          if (args.size() != 1) {
            errorf(l, "go directive expects exactly one argument");
            return;
          }
          String v = args.get(0);
          if (!GO_VERSION.matcher(v).matches()) {
            Matcher m = strict ? null : LAX_GO_VERSION.matcher(v);
            if (m != null && m.matches()) {
              v = m.group(1);
            } else {
              errorf(l, "invalid go version '" + v + "': must match format 1.23.0");
              return;
            }
          }
          go = v;
        }
        case "toolchain" -> {
          if (toolchain != null) {
            errorf(l, "repeated toolchain statement");
            return;
          }
          if (args.size() != 1) {
            errorf(l, "toolchain directive expects exactly one argument");
            return;
          }
          if (!TOOLCHAIN.matcher(args.get(0)).find()) {
            errorf(l, "invalid toolchain version '" + args.get(0)
                + "': must match format go1.23.0 or default");
            return;
          }
          toolchain = args.get(0);
        }
        case "module" -> {
          if (module != null) {
            errorf(l, "repeated module statement");
            return;
          }
          String deprecated = deprecation(block, l);
          if (args.size() != 1) {
            module = new Module("", deprecated, l.line);
            errorf(l, "usage: module module/path");
            return;
          }
          module = new Module(string(args.get(0)), deprecated, l.line);
        }
        case "godebug" -> {
          String a = args.size() == 1 ? args.get(0) : null;
          int eq = a == null ? -1 : a.indexOf('=');
          if (a == null || a.chars().anyMatch(c -> c == '"' || c == '`' || c == '\'' || c == ',')
              || eq < 0) {
            errorf(l, "usage: godebug key=value");
            return;
          }
          godebugs.add(new Godebug(a.substring(0, eq), a.substring(eq + 1), l.line));
        }
        case "require", "exclude" -> {
          if (args.size() != 2) {
            errorf(l, "usage: " + verb + " module/path v1.2.3");
            return;
          }
          String s = string(args.get(0));
          String v = version(verb, s, args.get(1));
          ModulePath.Split split = ModulePath.splitPathVersion(s);
          if (!split.ok()) {
            errorf(l, "invalid module path");
            return;
          }
          String mismatch = pathMajorError(v, split.pathMajor());
          if (mismatch != null) {
            modPathError(l, verb, s, mismatch);
            return;
          }
          if (verb.equals("require")) {
            requires.add(new Require(s, v, isIndirect(l), l.line));
          } else {
            excludes.add(new Exclude(s, v, l.line));
          }
        }
        case "replace" -> replace(l, verb, args);
        case "retract" -> {
          String rationale = directiveComment(block, l);
          List<String> rest = new ArrayList<>(args);
          String[] vi;
          try {
            vi = interval(verb, rest);
          } catch (Bad e) {
            if (strict) {
              errorf(l, e.getMessage());
            }
            return;
          }
          if (!rest.isEmpty() && strict) {
            errorf(l, "unexpected token after version: " + GoQuote.quote(rest.get(0)));
            return;
          }
          retracts.add(new Retract(vi[0], vi[1], rationale, l.line));
        }
        case "tool", "ignore" -> {
          if (args.size() != 1) {
            errorf(l, verb + " directive expects exactly one argument");
            return;
          }
          (verb.equals("tool") ? tools : ignores).add(string(args.get(0)));
        }
        default -> errorf(l, "unknown directive: " + verb);
      }
    } catch (Bad e) {
      errorf(l, e.getMessage());
    }
  }

  private void replace(Line l, String verb, List<String> args) throws Bad {
    int arrow = args.size() >= 2 && args.get(1).equals("=>") ? 1 : 2;
    if (args.size() < arrow + 2 || args.size() > arrow + 3 || !args.get(arrow).equals("=>")) {
      errorf(l, "usage: " + verb + " module/path [v1.2.3] => other/module v1.4\n\t or " + verb
          + " module/path [v1.2.3] => ../local/directory");
      return;
    }
    String s = string(args.get(0));
    ModulePath.Split split = ModulePath.splitPathVersion(s);
    if (!split.ok()) {
      modPathError(l, verb, s, "invalid module path");
      return;
    }
    String v = "";
    if (arrow == 2) {
      v = version(verb, s, args.get(1));
      String mismatch = pathMajorError(v, split.pathMajor());
      if (mismatch != null) {
        modPathError(l, verb, s, mismatch);
        return;
      }
    }
    String ns = string(args.get(arrow + 1));
    String nv = "";
    if (args.size() == arrow + 2) {
      if (!isDirectoryPath(ns)) {
        if (ns.contains("@")) {
          errorf(l, "replacement module must match format 'path version', not 'path@version'");
        } else {
          errorf(l, "replacement module without version must be directory path (rooted or"
              + " starting with . or ..)");
        }
        return;
      }
      if (ns.contains("\\")) {
        errorf(l, "replacement directory appears to be Windows path (on a non-windows system)");
        return;
      }
    }
    if (args.size() == arrow + 3) {
      nv = version(verb, ns, args.get(arrow + 2));
      if (isDirectoryPath(ns)) {
        errorf(l, "replacement module directory path " + GoQuote.quote(ns) + " cannot have version");
        return;
      }
    }
    replaces.add(new Replace(s, v, ns, nv, l.line));
  }

  /**
   * {@code module.CheckPathMajor}'s error text ({@code version "…" invalid: should be v2, not v1}),
   * or null if the version fits the path's major-version suffix.
   */
  private static String pathMajorError(String v, String pathMajor) {
    try {
      ModulePath.checkPathMajor(v, pathMajor);
      return null;
    } catch (InvalidVersionException e) {
      return e.getMessage();
    }
  }

  /** {@code modfile.IsDirectoryPath}: a local path, not a module path. */
  static boolean isDirectoryPath(String ns) {
    return ns.equals(".") || ns.startsWith("./") || ns.startsWith(".\\") || ns.equals("..")
        || ns.startsWith("../") || ns.startsWith("..\\") || ns.startsWith("/")
        || ns.startsWith("\\") || (ns.length() >= 2 && ns.charAt(1) == ':'
            && Character.isLetter(ns.charAt(0)) && ns.charAt(0) < 0x80);
  }

  private String[] interval(String verb, List<String> toks) throws Bad {
    if (toks.isEmpty() || toks.get(0).equals("(")) {
      throw new Bad("expected '[' or version");
    }
    if (!toks.get(0).equals("[")) {
      String v = version(verb, "", toks.remove(0));
      return new String[] {v, v};
    }
    toks.remove(0);
    if (toks.isEmpty()) {
      throw new Bad("expected version after '['");
    }
    String low = version(verb, "", toks.remove(0));
    if (toks.isEmpty() || !toks.get(0).equals(",")) {
      throw new Bad("expected ',' after version");
    }
    toks.remove(0);
    if (toks.isEmpty()) {
      throw new Bad("expected version after ','");
    }
    String high = version(verb, "", toks.remove(0));
    if (toks.isEmpty() || !toks.get(0).equals("]")) {
      throw new Bad("expected ']' after version");
    }
    toks.remove(0);
    return new String[] {low, high};
  }

  /** {@code parseString}: a quoted or bare token. */
  private static String string(String t) throws Bad {
    if (t.startsWith("\"")) {
      String s = GoQuote.unquote(t);
      if (s == null) {
        throw new Bad("invalid quoted string: invalid syntax");
      }
      return s;
    }
    if (t.indexOf('"') >= 0 || t.indexOf('\'') >= 0 || t.indexOf('`') >= 0) {
      throw new Bad("invalid quoted string: unquoted string cannot contain quote");
    }
    return t;
  }

  /** {@code parseVersion} without a fixer: the canonical form of a semantic version. */
  private static String version(String verb, String path, String token) throws Bad {
    String prefix = verb + (path.isEmpty() ? "" : " " + path) + ": ";
    String t;
    try {
      t = string(token);
    } catch (Bad e) {
      String cause = e.getMessage().substring("invalid quoted string: ".length());
      throw new Bad(prefix + "version " + GoQuote.quote(token) + " invalid: " + cause);
    }
    String cv = Semver.canonicalModuleVersion(t);
    if (cv.isEmpty()) {
      throw new Bad(prefix + "version " + GoQuote.quote(t) + " invalid: must be of the form v1.2.3");
    }
    return cv;
  }

  private static boolean isIndirect(Line l) {
    if (l.suffix == null) {
      return false;
    }
    String[] f = l.suffix.substring(2).trim().split("\\s+");
    return (f.length == 1 && f[0].equals("indirect")) || (f.length > 1 && f[0].equals("indirect;"));
  }

  private static String directiveComment(Block block, Line l) {
    List<String> before = l.before;
    String suffix = l.suffix;
    if (block != null && before.isEmpty() && suffix == null) {
      before = block.before;
      suffix = block.suffix;
    }
    List<String> lines = new ArrayList<>();
    for (String c : before) {
      lines.add(c.substring(2).strip());
    }
    if (suffix != null) {
      lines.add(suffix.substring(2).strip());
    }
    return String.join("\n", lines);
  }

  private static String deprecation(Block block, Line l) {
    Matcher m = DEPRECATED.matcher(directiveComment(block, l));
    return m.find() ? m.group(1) : "";
  }
}
