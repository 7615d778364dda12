package dev.gofer.mod.internal;

import static org.assertj.core.api.Assertions.assertThat;

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

  /** Code points of every kind, plus carried undecodable bytes; no other lone surrogates. */
  @Provide
  Arbitrary<String> goStrings() {
    Arbitrary<String> cp =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 0xD7FF),
            Arbitraries.integers().between(0xE000, 0x10FFFF),
            Arbitraries.integers().between(0xDC80, 0xDCFF),
            Arbitraries.of((int) '"', (int) '\\', (int) '\'', 0x07, 0x0b, 0x7f, 0xa0))
            .map(Character::toString);
    return cp.list().ofMaxSize(12).map(l -> String.join("", l));
  }

  @Property(tries = 2000)
  void unquoteInvertsQuote(@ForAll("goStrings") String s) {
    String q = GoQuote.quote(s);
    assertThat(GoQuote.unquote(q)).isEqualTo(s);
    assertThat(q.chars().filter(c -> c == '\n')).isEmpty();
  }

  @Property(tries = 2000)
  void unquoteNeverThrows(@ForAll String s) {
    GoQuote.unquote(s);
    GoQuote.unquote("\"" + s + "\"");
  }
}
