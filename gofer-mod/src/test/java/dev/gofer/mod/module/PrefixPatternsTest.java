package dev.gofer.mod.module;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrefixPatternsTest {
  private static final JsonNode V = Vectors.load("prefix-patterns");

  @Test
  void upstreamTable() {
    JsonNode cases = V.get("cases");
    assertThat(cases).hasSize(26);
    for (JsonNode c : cases) {
      String globs = c.get("globs").asText();
      String target = c.get("target").asText();
      assertThat(PrefixPatterns.matches(globs, target))
          .as("MatchPrefixPatterns(%s, %s)", globs, target)
          .isEqualTo(c.get("want").asBoolean());
    }
  }

  @Test
  void gonosumdbClientCases() {
    JsonNode c = V.get("gonosumdb_client_cases");
    PrefixPatterns p = PrefixPatterns.parse(c.get("patterns").asText());
    for (JsonNode m : c.get("matched")) {
      assertThat(p.matches(m.asText())).as(m.asText()).isTrue();
    }
    for (JsonNode m : c.get("not_matched")) {
      assertThat(p.matches(m.asText())).as(m.asText()).isFalse();
    }
  }

  /** path.Match rules beyond the upstream table: classes, escapes, malformed globs. */
  @ParameterizedTest(name = "[{index}] {0} ~ {1} = {2}")
  @CsvSource(
      delimiter = ' ',
      value = {
        "corp.example.com corp.example.com/x/y true",
        "*.corp.example.com git.corp.example.com/x true",
        "*.corp.example.com corp.example.com/x false",
        "[a-c]sc.io rsc.io/x false",
        "[p-s]sc.io rsc.io/x true",
        "[^a-c]sc.io rsc.io/x true",
        "[^r]sc.io rsc.io/x false",
        "\\rsc.io rsc.io true",
        "rsc.i? rsc.io true",
        "rsc.i? rsc.i false",
        // malformed globs match nothing, other globs in the list still apply
        "[ rsc.io false",
        "rsc.io[ rsc.io false",
        "rsc.io\\ rsc.io false",
        "[]a] ]a false",
        "[-] - false",
        "[x-] x false",
        "[,rsc.io rsc.io/q true",
        // a bad part after a star or after a mismatch is still found (checked against Go)
        "*[ rsc.io false",
        "r*x[ rsc.io false",
      })
  void globRules(String globs, String target, boolean want) {
    assertThat(PrefixPatterns.matches(globs, target)).isEqualTo(want);
  }

  @Test
  void unicodeClassesWorkOnRunesLikeGo() {
    assertThat(PrefixPatterns.matches("caf[é]", "café/x")).isTrue();
    assertThat(PrefixPatterns.matches("caf?", "café")).isTrue();
    assertThat(PrefixPatterns.matches("caf??", "café")).isFalse();
    // Go's star loop steps over bytes, so a negated class can match the tail byte of 'é'.
    assertThat(PrefixPatterns.matches("*[^é]", "é")).isTrue();
  }

  @Test
  void emptyListsMatchNothing() {
    assertThat(PrefixPatterns.parse("").isEmpty()).isTrue();
    assertThat(PrefixPatterns.parse(",,/,").isEmpty()).isTrue();
    assertThat(PrefixPatterns.parse(null).matches("rsc.io")).isFalse();
    assertThat(PrefixPatterns.parse("rsc.io").matches(null)).isFalse();
    assertThat(PrefixPatterns.parse("a,b").toString()).isEqualTo("a,b");
  }
}
