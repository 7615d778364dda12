package dev.gofer.mod.goproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader (RFC 8259) for the proxy's {@code .info} answers. Values come back as
 * {@code Map<String,Object>} (insertion order, duplicate keys: last wins), {@code List<Object>},
 * {@link String}, {@link Num}, {@link Boolean} or {@link #NULL}. Malformed input raises
 * {@link Malformed} with a message in the words of Go's {@code encoding/json}.
 */
final class Json {
  /** JSON {@code null}. */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /** A JSON number, kept as its text. */
  record Num(String text) {}

  /** Malformed JSON; the message says what and where. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private static final int MAX_DEPTH = 128;

  private final String s;
  private int pos;
  private int depth;

  private Json(String s) {
    this.s = s;
  }

  /** Parses one JSON value, with nothing but white space after it. */
  static Object parse(String text) throws Malformed {
    Json p = new Json(text);
    p.skipSpace();
    Object v = p.value();
    p.skipSpace();
    if (p.pos < p.s.length()) {
      throw p.unexpected("after top-level value");
    }
    return v;
  }

  /** The JSON type name of a parsed value, as Go's error messages call it. */
  static String typeName(Object v) {
    return switch (v) {
      case String x -> "string";
      case Num x -> "number";
      case Boolean x -> "bool";
      case Map<?, ?> x -> "object";
      case List<?> x -> "array";
      default -> "null";
    };
  }

  private Object value() throws Malformed {
    if (pos >= s.length()) {
      throw new Malformed("unexpected end of JSON input");
    }
    char c = s.charAt(pos);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", NULL);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw unexpected("looking for beginning of value");
      }
    };
  }

  private Map<String, Object> object() throws Malformed {
    enter();
    pos++; // '{'
    Map<String, Object> m = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      depth--;
      return m;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw unexpectedOrEnd("looking for beginning of object key string");
      }
      String key = string();
      skipSpace();
      if (peek() != ':') {
        throw unexpectedOrEnd("after object key");
      }
      pos++;
      skipSpace();
      m.put(key, value());
      skipSpace();
      int c = peek();
      if (c == ',') {
        pos++;
      } else if (c == '}') {
        pos++;
        depth--;
        return m;
      } else {
        throw unexpectedOrEnd("after object key:value pair");
      }
    }
  }

  private List<Object> array() throws Malformed {
    enter();
    pos++; // '['
    List<Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      depth--;
      return list;
    }
    while (true) {
      skipSpace();
      list.add(value());
      skipSpace();
      int c = peek();
      if (c == ',') {
        pos++;
      } else if (c == ']') {
        pos++;
        depth--;
        return list;
      } else {
        throw unexpectedOrEnd("after array element");
      }
    }
  }

  private void enter() throws Malformed {
    if (++depth > MAX_DEPTH) {
      throw new Malformed("exceeded max depth");
    }
  }

  private String string() throws Malformed {
    pos++; // opening quote
    StringBuilder b = null;
    int start = pos;
    while (true) {
      if (pos >= s.length()) {
        throw new Malformed("unexpected end of JSON input");
      }
      char c = s.charAt(pos);
      if (c == '"') {
        String tail = s.substring(start, pos);
        pos++;
        return b == null ? tail : b.append(tail).toString();
      }
      if (c < 0x20) {
        throw unexpected("in string literal");
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      if (b == null) {
        b = new StringBuilder();
      }
      b.append(s, start, pos);
      pos++;
      if (pos >= s.length()) {
        throw new Malformed("unexpected end of JSON input");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"' -> b.append('"');
        case '\\' -> b.append('\\');
        case '/' -> b.append('/');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> b.append(hex4());
        default -> {
          pos--;
          throw unexpected("in string escape code");
        }
      }
      start = pos;
    }
  }

  private char hex4() throws Malformed {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      if (pos >= s.length()) {
        throw new Malformed("unexpected end of JSON input");
      }
      int d = Character.digit(s.charAt(pos), 16);
      if (d < 0 || s.charAt(pos) > 'f') {
        throw unexpected("in \\u hexadecimal character escape");
      }
      v = v * 16 + d;
      pos++;
    }
    return (char) v;
  }

  private Num number() throws Malformed {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw unexpectedOrEnd("in numeric literal");
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw unexpectedOrEnd("after decimal point in numeric literal");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw unexpectedOrEnd("in exponent of numeric literal");
      }
      digits();
    }
    return new Num(s.substring(start, pos));
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object v) throws Malformed {
    for (int i = 0; i < word.length(); i++) {
      if (pos >= s.length()) {
        throw new Malformed("unexpected end of JSON input");
      }
      if (s.charAt(pos) != word.charAt(i)) {
        throw unexpected("in literal " + word + " (expecting '" + word.charAt(i) + "')");
      }
      pos++;
    }
    return v;
  }

  private int peek() {
    return pos < s.length() ? s.charAt(pos) : -1;
  }

  private void skipSpace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private Malformed unexpectedOrEnd(String context) {
    if (pos >= s.length()) {
      return new Malformed("unexpected end of JSON input");
    }
    return unexpected(context);
  }

  private Malformed unexpected(String context) {
    int c = s.codePointAt(pos);
    String shown =
        switch (c) {
          case '\'' -> "'\\''";
          case '"' -> "'\"'";
          default -> c < 0x20 || c == 0x7f ? String.format("'\\x%02x'", c) : "'" + Character.toString(c) + "'";
        };
    return new Malformed("invalid character " + shown + " " + context + " at offset " + pos);
  }
}
