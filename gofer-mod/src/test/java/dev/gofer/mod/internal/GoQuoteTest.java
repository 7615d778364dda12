package dev.gofer.mod.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Expected texts are what Go 1.26's {@code strconv} prints for the same input. */
class GoQuoteTest {

  @Test
  void quoteEscapesLikeStrconvQuote() {
    assertThat(GoQuote.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(GoQuote.quote("\u0007\b\f\n\r\t\u000b")).isEqualTo("\"\\a\\b\\f\\n\\r\\t\\v\"");
    assertThat(GoQuote.quote("\u0001\u007f")).isEqualTo("\"\\x01\\x7f\"");
    assertThat(GoQuote.quote("\u0085\u00a0\u2028")).isEqualTo("\"\\u0085\\u00a0\\u2028\"");
    assertThat(GoQuote.quote("\ue000\uDB40\uDC01")).isEqualTo("\"\\ue000\\U000e0001\"");
    assertThat(GoQuote.quote("é☺\uD83D\uDE00")).isEqualTo("\"é☺\uD83D\uDE00\"");
    assertThat(GoQuote.quote("it's")).isEqualTo("\"it's\"");
  }

  @Test
  void undecodableBytesQuoteAsRawBytesOtherLoneSurrogatesAsReplacement() {
    // Go: strconv.Quote("a\x80b\xff") == `"a\x80b\xff"`
    assertThat(GoQuote.quote("a\uDC80b\uDCFF")).isEqualTo("\"a\\x80b\\xff\"");
    assertThat(GoQuote.quote("a\uD800")).isEqualTo("\"a\\ufffd\"");
    assertThat(GoQuote.quote("\uDC7F")).isEqualTo("\"\\ufffd\"");
  }

  @Test
  void quoteRuneUsesSingleQuotes() {
    assertThat(GoQuote.quoteRune('\'')).isEqualTo("'\\''");
    assertThat(GoQuote.quoteRune('"')).isEqualTo("'\"'");
    assertThat(GoQuote.quoteRune(0x263a)).isEqualTo("'☺'");
    assertThat(GoQuote.quoteRune('\n')).isEqualTo("'\\n'");
  }

  @Test
  void unquoteAcceptsWhatStrconvUnquoteAccepts() {
    assertThat(GoQuote.unquote("\"\\u263a\\U0001F600\"")).isEqualTo("☺\uD83D\uDE00");
    assertThat(GoQuote.unquote("\"\\xff\"")).isEqualTo("\uDCFF");
    assertThat(GoQuote.unquote("\"\\377\"")).isEqualTo("\uDCFF");
    assertThat(GoQuote.unquote("\"\\x41\\101\"")).isEqualTo("AA");
    assertThat(GoQuote.unquote("\"\"")).isEmpty();
    for (String bad :
        new String[] {"\"a", "a\"", "\"", "\"\\q\"", "\"\\u12\"", "\"\\ud800\"", "\"\\400\"", "\"a\nb\"",
            "\"a\"b\"", "\"\\\"", "\"\\U00110000\""}) {
      assertThat(GoQuote.unquote(bad)).as("Unquote(%s)", bad).isNull();
    }
  }

  @Test
  void isPrintExcludesControlsSpacesAndFormats() {
    assertThat(GoQuote.isPrint(' ')).isTrue();
    assertThat(GoQuote.isPrint('~')).isTrue();
    assertThat(GoQuote.isPrint(0x263a)).isTrue();
    assertThat(GoQuote.isPrint(0x7f)).isFalse();
    assertThat(GoQuote.isPrint(0xa0)).isFalse();
    assertThat(GoQuote.isPrint(0x200b)).isFalse();
    assertThat(GoQuote.isPrint(0xd800)).isFalse();
  }

  @Test
  void quotesLikeStrconvQuote() {
    assertThat(GoQuote.quote("")).isEqualTo("\"\"");
    assertThat(GoQuote.quote("a b")).isEqualTo("\"a b\"");
    assertThat(GoQuote.quote("\"\\")).isEqualTo("\"\\\"\\\\\"");
    assertThat(GoQuote.quote("\u0000\u001f\u007f")).isEqualTo("\"\\x00\\x1f\\x7f\"");
    assertThat(GoQuote.quote("é日本\uD83D\uDE00")).isEqualTo("\"é日本\uD83D\uDE00\"");
    assertThat(GoQuote.quote("\u0085\u00a0\u00ad\u2028"))
        .isEqualTo("\"\\u0085\\u00a0\\u00ad\\u2028\"");
    assertThat(GoQuote.quote("\uDB40\uDC01")).isEqualTo("\"\\U000e0001\""); // a format character
    assertThat(GoQuote.quote("\uD800")).isEqualTo("\"\\ufffd\""); // a lone surrogate
    assertThat(GoQuote.quote("`")).isEqualTo("\"`\"");
  }

  @Test
  void quotesRunesLikeStrconvQuoteRune() {
    assertThat(GoQuote.quoteRune('x')).isEqualTo("'x'");
    assertThat(GoQuote.quoteRune(0xc3)).isEqualTo("'Ã'");
    assertThat(GoQuote.quoteRune(0x80)).isEqualTo("'\\u0080'");
  }

  @Test
  void unquotesBackQuotedAndEscapedLiteralsLikeStrconvUnquote() {
    assertThat(GoQuote.unquote("``")).isEmpty();
    assertThat(GoQuote.unquote("`a\rb\\n`")).isEqualTo("ab\\n");
    assertThat(GoQuote.unquote("\"\\xc3\\xa9\"")).isEqualTo("é");
    assertThat(GoQuote.unquote("\"\\303\\251\"")).isEqualTo("é");
    assertThat(GoQuote.unquote("\"\\u65e5\\U00010000\"")).isEqualTo("日\uD800\uDC00");
    assertThat(GoQuote.unquote("\"é\\t\"")).isEqualTo("é\t");
  }

  @Test
  void escapedBytesDecodeAsUtf8WhereTheyCanAndAreCarriedWhereTheyCannot() {
    // Go: the bytes e6 97 a5 ff c3 41; only the first three and the last are UTF-8.
    assertThat(GoQuote.unquote("\"\\xe6\\227\\xa5\\xff\\xc3A\""))
        .isEqualTo("日\uDCFF\uDCC3A");
    // U+10080 is the pair D800 DC80; its second half is no carried byte.
    assertThat(GoQuote.unquote("\"\\xf0\\x90\\x82\\x80\\x80\"")).isEqualTo("\uD800\uDC80\uDC80");
    assertThat(canonical("\uD800\uDC80\uDCC3\uDCA9")).isFalse();
    assertThat(canonical("\uD800\uDC80\uDCC3")).isTrue();
    // A truncated sequence before a character: each byte is carried.
    assertThat(GoQuote.unquote("\"\\xe6\\x97日\"")).isEqualTo("\uDCE6\uDC97日");
    // A lone surrogate standing in the literal is an invalid byte there, which Go reads as U+FFFD.
    assertThat(GoQuote.unquote("\"a\uDC80\\n\uD800\"")).isEqualTo("a\uFFFD\n\uFFFD");
    // Back-quoted literals are not decoded at all.
    assertThat(GoQuote.unquote("`\uDC80`")).isEqualTo("\uDC80");
  }

  @Test
  void rejectsWhatStrconvRejects() {
    for (String bad :
        new String[] {
          "", "\"", "`", "'a'", "\"a", "\"a\"b", "`a`b", "\"\\\"", "\"\\'\"", "\"\\z\"",
          "\"\\x4\"", "\"\\xg0\"", "\"\\u12\"", "\"\\U00110000\"", "\"\\ud800\"", "\"\\8\"",
          "\"\\47\"", "\"\\777\"", "\"a\nb\"", "\"\\\n\"", "\"\\x\uff11\uff11\"", "abc"
        }) {
      assertThat(GoQuote.unquote(bad)).as("Unquote(%s)", bad).isNull();
    }
  }

  @Test
  void quotedPrefixStopsAtTheClosingQuote() {
    assertThat(GoQuote.quotedPrefix("\"k\\\"x\"=v")).isEqualTo("\"k\\\"x\"");
    assertThat(GoQuote.quotedPrefix("`k\"`=v")).isEqualTo("`k\"`");
    assertThat(GoQuote.quotedPrefix("\"k\\q\"=v")).isNull();
  }

  /**
   * Code points of every kind, plus carried undecodable bytes; no other lone surrogates, and no
   * carried bytes that would have decoded (a decoder turns c3 a9 into é, never into two carried
   * bytes).
   */
  @Provide
  Arbitrary<String> goStrings() {
    Arbitrary<String> cp =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 0xD7FF),
            Arbitraries.integers().between(0xE000, 0x10FFFF),
            Arbitraries.integers().between(0xDC80, 0xDCFF),
            Arbitraries.of((int) '"', (int) '\\', (int) '\'', 0x07, 0x0b, 0x7f, 0xa0),
            Arbitraries.of(
                (int) '`', (int) '=', (int) ' ', (int) '\t', (int) '\r', (int) '\n', 0, 0x85, 0x2028))
            .map(Character::toString);
    return cp.list().ofMaxSize(12).map(l -> String.join("", l)).filter(GoQuoteTest::canonical);
  }

  /** Whether no run of carried bytes in {@code s} holds a valid UTF-8 sequence. */
  static boolean canonical(String s) {
    byte[] run = new byte[s.length()];
    int n = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : 0;
      boolean pairHalf = i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
      if (c >= 0xDC80 && c <= 0xDCFF && !pairHalf) {
        run[n++] = (byte) (c - 0xDC00);
        continue;
      }
      for (int k = 0; k < n; k++) {
        if (Utf8.runeLength(run, k, n) != 0) {
          return false;
        }
      }
      n = 0;
    }
    return true;
  }

  @Property(tries = 2000)
  void unquoteInvertsQuote(@ForAll("goStrings") String s) {
    String q = GoQuote.quote(s);
    assertThat(GoQuote.unquote(q)).isEqualTo(s);
    assertThat(GoQuote.quotedPrefix(q + "=rest")).isEqualTo(q);
    assertThat(q.chars().filter(c -> c == '\n')).isEmpty();
  }

  @Property(tries = 2000)
  void unquoteNeverThrows(@ForAll String s) {
    GoQuote.unquote(s);
    GoQuote.unquote("\"" + s + "\"");
  }

  /**
   * Escaped bytes unquote losslessly: encoding the result back, each carried byte as itself,
   * gives the bytes again; the result is canonical; and valid UTF-8 reads as Java reads it.
   */
  @Property(tries = 2000)
  void escapedBytesUnquoteLosslessly(@ForAll byte[] bytes, @ForAll boolean octal) {
    StringBuilder q = new StringBuilder("\"");
    for (byte b : bytes) {
      q.append(octal ? String.format("\\%03o", b & 0xff) : String.format("\\x%02x", b & 0xff));
    }
    String s = GoQuote.unquote(q.append('"').toString());
    java.io.ByteArrayOutputStream back = new java.io.ByteArrayOutputStream();
    s.codePoints()
        .forEach(
            cp -> {
              if (cp >= 0xDC80 && cp <= 0xDCFF) {
                back.write(cp - 0xDC00);
              } else {
                back.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
              }
            });
    assertThat(back.toByteArray()).isEqualTo(bytes);
    assertThat(canonical(s)).isTrue();
    if (Utf8.isValid(s)) {
      assertThat(s).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  @Provide
  Arbitrary<String> literalLike() {
    return Arbitraries.strings().withChars("\"`'\\xuU01789afgn\u00e9 \n").ofMaxLength(14);
  }

  /**
   * Whatever the text, neither function throws, and they agree: a literal that unquotes is its
   * own quoted prefix, and a quoted prefix always unquotes.
   */
  @Property(tries = 2000)
  void unquoteAndQuotedPrefixAgreeOnLiteralLikeText(@ForAll("literalLike") String s) {
    assertThatCode(
            () -> {
              String prefix = GoQuote.quotedPrefix(s);
              if (GoQuote.unquote(s) != null) {
                assertThat(prefix).isEqualTo(s);
              }
              if (prefix != null) {
                assertThat(GoQuote.unquote(prefix)).isNotNull();
              }
            })
        .doesNotThrowAnyException();
  }
}
