package dev.gofer.mod.modfile;

import dev.gofer.mod.internal.GoQuote;
import dev.gofer.mod.internal.GoText;
import java.util.List;

/** Splits go.mod text into tokens as {@code modfile/read.go} does. */
final class Lexer {
  enum Kind {
    EOF,
    NEWLINE,
    LPAREN,
    RPAREN,
    PUNCT,
    STRING,
    IDENT,
    /** A comment alone on its line; its text runs to the end of the line. */
    COMMENT,
    /** A comment after other tokens on its line; ends the line. */
    EOL_COMMENT
  }

  record Token(Kind kind, String text, int line, int column) {
    boolean isEol() {
      return kind == Kind.EOF || kind == Kind.NEWLINE || kind == Kind.EOL_COMMENT;
    }
  }

  /** Thrown for a lexical error; the parser turns it into a {@link ModFileException}. */
  static final class LexError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    LexError(int line, int column, String message) {
      super(message, null, false, false);
      this.line = line;
      this.column = column;
    }
  }

  private final String text;
  private final List<Token> out;
  private int pos;
  private int line = 1;
  private int column = 1;
  private int lineStart;

  private Lexer(String text, List<Token> out) {
    this.text = text;
    this.out = out;
  }

  static void lex(String text, List<Token> out) {
    Lexer l = new Lexer(text, out);
    while (l.next()) {
      // keep going
    }
  }

  private int peek() {
    return text.codePointAt(pos);
  }

  private boolean eof() {
    return pos >= text.length();
  }

  private int read() {
    int c = text.codePointAt(pos);
    pos += Character.charCount(c);
    if (c == '\n') {
      line++;
      column = 1;
      lineStart = pos;
    } else {
      column++;
    }
    return c;
  }

  private boolean peekPrefix(String p) {
    return text.startsWith(p, pos);
  }

  /** Emits the next token; false after EOF. */
  private boolean next() {
    while (!eof()) {
      int c = peek();
      if (c == ' ' || c == '\t' || c == '\r') {
        read();
        continue;
      }
      if (peekPrefix("//")) {
        int startLine = line;
        int startColumn = column;
        int from = pos;
        boolean suffix = !text.substring(lineStart, pos).isBlank();
        while (!eof() && read() != '\n') {
          // consume the comment and its newline
        }
        String body = text.substring(from, pos);
        if (body.endsWith("\n")) {
          body = body.substring(0, body.length() - 1);
        }
        body = body.stripTrailing();
        out.add(new Token(suffix ? Kind.EOL_COMMENT : Kind.COMMENT, body, startLine, startColumn));
        return true;
      }
      if (peekPrefix("/*")) {
        throw new LexError(line, column, "mod files must use // comments (not /* */ comments)");
      }
      break;
    }
    int startLine = line;
    int startColumn = column;
    int from = pos;
    if (eof()) {
      out.add(new Token(Kind.EOF, "", startLine, startColumn));
      return false;
    }
    int c = peek();
    switch (c) {
      case '\n', '(', ')', '[', ']', '{', '}', ',' -> {
        read();
        Kind k = c == '\n' ? Kind.NEWLINE : c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.PUNCT;
        out.add(new Token(k, text.substring(from, pos), startLine, startColumn));
        return true;
      }
      case '"', '`' -> {
        read();
        while (true) {
          if (eof()) {
            throw new LexError(startLine, startColumn, "unexpected EOF in string");
          }
          if (peek() == '\n') {
            throw new LexError(line, column, "unexpected newline in string");
          }
          int d = read();
          if (d == c) {
            break;
          }
          if (d == '\\' && c != '`') {
            if (eof()) {
              throw new LexError(startLine, startColumn, "unexpected EOF in string");
            }
            read();
          }
        }
        out.add(new Token(Kind.STRING, text.substring(from, pos), startLine, startColumn));
        return true;
      }
      default -> {}
    }
    if (!isIdent(c)) {
      throw new LexError(line, column, "unexpected input character " + GoQuote.quoteRune(c));
    }
    while (!eof() && isIdent(peek())) {
      if (peekPrefix("//")) {
        break;
      }
      if (peekPrefix("/*")) {
        throw new LexError(line, column, "mod files must use // comments (not /* */ comments)");
      }
      read();
    }
    out.add(new Token(Kind.IDENT, text.substring(from, pos), startLine, startColumn));
    return true;
  }

  private static boolean isIdent(int c) {
    return switch (c) {
      case ' ', '(', ')', '[', ']', '{', '}', ',' -> false;
      default -> !GoText.isSpace(c) && GoQuote.isPrint(c);
    };
  }
}
