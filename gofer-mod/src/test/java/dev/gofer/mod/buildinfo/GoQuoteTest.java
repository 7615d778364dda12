package dev.gofer.mod.buildinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoQuoteTest {

  @Test
  void quotesLikeStrconvQuote() {
    assertThat(GoQuote.quote("")).isEqualTo("\"\"");
    assertThat(GoQuote.quote("a b")).isEqualTo("\"a b\"");
    assertThat(GoQuote.quote("\"\\")).isEqualTo("\"\\\"\\\\\"");
    assertThat(GoQuote.quote("\u0007\b\f\n\r\t\u000b")).isEqualTo("\"\\a\\b\\f\\n\\r\\t\\v\"");
    assertThat(GoQuote.quote("\u0000\u001f\u007f")).isEqualTo("\"\\x00\\x1f\\x7f\"");
    assertThat(GoQuote.quote("é日本\uD83D\uDE00")).isEqualTo("\"é日本\uD83D\uDE00\"");
    assertThat(GoQuote.quote("\u0085\u00a0\u00ad\u2028")).isEqualTo("\"\\u0085\\u00a0\\u00ad\\u2028\"");
    assertThat(GoQuote.quote("\uDB40\uDC01")).isEqualTo("\"\\U000e0001\""); // a format character
    assertThat(GoQuote.quote("\uD800")).isEqualTo("\"\\ufffd\""); // a lone surrogate
    assertThat(GoQuote.quote("`")).isEqualTo("\"`\"");
  }

  @Test
  void quotesRunesLikeStrconvQuoteRune() {
    assertThat(GoQuote.quoteRune('x')).isEqualTo("'x'");
    assertThat(GoQuote.quoteRune('\'')).isEqualTo("'\\''");
    assertThat(GoQuote.quoteRune('"')).isEqualTo("'\"'");
    assertThat(GoQuote.quoteRune(0xc3)).isEqualTo("'Ã'");
    assertThat(GoQuote.quoteRune(0x80)).isEqualTo("'\\u0080'");
    assertThat(GoQuote.quoteRune('\n')).isEqualTo("'\\n'");
  }

  @Test
  void unquotesLikeStrconvUnquote() throws GoQuote.SyntaxError {
    assertThat(GoQuote.unquote("\"\"")).isEmpty();
    assertThat(GoQuote.unquote("``")).isEmpty();
    assertThat(GoQuote.unquote("`a\rb\\n`")).isEqualTo("ab\\n");
    assertThat(GoQuote.unquote("\"\\xc3\\xa9\"")).isEqualTo("é");
    assertThat(GoQuote.unquote("\"\\303\\251\"")).isEqualTo("é");
    assertThat(GoQuote.unquote("\"\\xff\"")).isEqualTo("\uFFFD");
    assertThat(GoQuote.unquote("\"\\u65e5\\U00010000\"")).isEqualTo("日\uD800\uDC00");
    assertThat(GoQuote.unquote("\"é\\t\"")).isEqualTo("é\t");
  }

  @Test
  void rejectsWhatStrconvRejects() {
    for (String bad :
        new String[] {
          "", "\"", "`", "'a'", "\"a", "\"a\"b", "`a`b", "\"\\\"", "\"\\'\"", "\"\\z\"",
          "\"\\x4\"", "\"\\xg0\"", "\"\\u12\"", "\"\\U00110000\"", "\"\\ud800\"", "\"\\8\"",
          "\"\\47\"", "\"\\777\"", "\"a\nb\"", "\"\\\n\"", "\"\\x\uff11\uff11\"", "abc"
        }) {
      assertThatThrownBy(() -> GoQuote.unquote(bad)).as(bad).isInstanceOf(GoQuote.SyntaxError.class);
    }
  }

  @Test
  void quotedPrefixStopsAtTheClosingQuote() throws GoQuote.SyntaxError {
    assertThat(GoQuote.quotedPrefix("\"k\\\"x\"=v")).isEqualTo("\"k\\\"x\"");
    assertThat(GoQuote.quotedPrefix("`k\"`=v")).isEqualTo("`k\"`");
    assertThatThrownBy(() -> GoQuote.quotedPrefix("\"k\\q\"=v")).isInstanceOf(GoQuote.SyntaxError.class);
  }
}
