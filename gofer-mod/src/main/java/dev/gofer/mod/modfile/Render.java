package dev.gofer.mod.modfile;

import dev.gofer.mod.internal.GoQuote;
import dev.gofer.mod.modfile.ModFile.Require;

/** Writes go.mod text in the go command's layout. */
final class Render {
  private Render() {}

  /** {@code modfile.AutoQuote}: quotes a token that would not read back as one identifier. */
  static String token(String s) {
    if (s.isEmpty()) {
      return "\"\"";
    }
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      boolean plain = c > ' ' && c != '"' && c != '\'' && c != '`' && c != '\\' && c != '('
          && c != ')' && c != '[' && c != ']' && c != '{' && c != '}' && c != ','
          && GoQuote.isPrint(c) && !Character.isWhitespace(c);
      if (!plain) {
        return GoQuote.quote(s);
      }
    }
    if (s.contains("//") || s.contains("/*")) {
      return GoQuote.quote(s);
    }
    return s;
  }

  static String require(Require r) {
    return token(r.path()) + " " + token(r.version()) + (r.indirect() ? " // indirect" : "");
  }

  static String file(ModFile f) {
    StringBuilder b = new StringBuilder();
    f.module().ifPresent(m -> {
      if (!m.deprecated().isEmpty()) {
        b.append("// Deprecated: ").append(m.deprecated().replace("\n", "\n// ")).append('\n');
      }
      b.append("module ").append(token(m.path())).append('\n');
    });
    f.go().ifPresent(g -> section(b).append("go ").append(g).append('\n'));
    f.toolchain().ifPresent(t -> section(b).append("toolchain ").append(t).append('\n'));
    if (!f.godebugs().isEmpty()) {
      section(b).append("godebug (\n");
      f.godebugs().forEach(g -> b.append('\t').append(g.key()).append('=').append(g.value()).append('\n'));
      b.append(")\n");
    }
    if (!f.requires().isEmpty()) {
      section(b).append("require (\n");
      f.requires().forEach(r -> b.append('\t').append(require(r)).append('\n'));
      b.append(")\n");
    }
    if (!f.excludes().isEmpty()) {
      section(b).append("exclude (\n");
      f.excludes().forEach(e -> b.append('\t').append(token(e.path())).append(' ')
          .append(token(e.version())).append('\n'));
      b.append(")\n");
    }
    if (!f.replaces().isEmpty()) {
      section(b).append("replace (\n");
      for (var r : f.replaces()) {
        b.append('\t').append(token(r.oldPath()));
        if (!r.oldVersion().isEmpty()) {
          b.append(' ').append(token(r.oldVersion()));
        }
        b.append(" => ").append(token(r.newPath()));
        if (!r.newVersion().isEmpty()) {
          b.append(' ').append(token(r.newVersion()));
        }
        b.append('\n');
      }
      b.append(")\n");
    }
    for (var r : f.retracts()) {
      section(b);
      if (!r.rationale().isEmpty()) {
        b.append("// ").append(r.rationale().replace("\n", "\n// ")).append('\n');
      }
      b.append("retract ");
      if (r.low().equals(r.high())) {
        b.append(token(r.low()));
      } else {
        b.append('[').append(token(r.low())).append(", ").append(token(r.high())).append(']');
      }
      b.append('\n');
    }
    for (String t : f.tools()) {
      section(b).append("tool ").append(token(t)).append('\n');
    }
    for (String i : f.ignores()) {
      section(b).append("ignore ").append(token(i)).append('\n');
    }
    return b.toString();
  }

  private static StringBuilder section(StringBuilder b) {
    if (!b.isEmpty()) {
      b.append('\n');
    }
    return b;
  }
}
