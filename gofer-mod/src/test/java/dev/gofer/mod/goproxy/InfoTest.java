package dev.gofer.mod.goproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InfoTest {
  static final String FULL =
      "{\"Version\":\"v1.13.0\",\"Time\":\"2024-05-06T07:08:09.123456789+02:00\",\"Origin\":"
          + "{\"VCS\":\"git\",\"URL\":\"https://github.com/alecthomas/kong\",\"Subdir\":\"sub\",\"Hash\":\"d8de\","
          + "\"TagPrefix\":\"sub/\",\"TagSum\":\"t1:x\",\"Ref\":\"refs/tags/v1.13.0\",\"RepoSum\":\"r1:y\",\"Future\":[1,{\"a\":null}]},"
          + "\"Extra\":true}";

  @Test
  void readsEveryField() {
    Info i = Info.parse(FULL);
    assertThat(i.version()).isEqualTo("v1.13.0");
    assertThat(i.time()).contains(Instant.parse("2024-05-06T05:08:09.123456789Z"));
    assertThat(i.origin()).contains(new Origin("git", "https://github.com/alecthomas/kong", "sub", "d8de", "sub/", "t1:x", "refs/tags/v1.13.0", "r1:y"));
    assertThat(i.json()).isEqualTo(FULL);
  }

  @Test
  void keysMatchWithoutCaseAndTheLastRepeatWins() {
    Info i = Info.parse("{\"version\":\"v1.0.0\",\"VERSION\":\"v1.0.1\",\"time\":null,\"origin\":null}");
    assertThat(i.version()).isEqualTo("v1.0.1");
    assertThat(i.time()).isEmpty();
    assertThat(i.origin()).isEmpty();
  }

  @Test
  void stringEscapesAreDecoded() {
    assertThat(Info.parse("{\"Version\":\"v1.0.0-\\u0041\\/b\"}").version()).isEqualTo("v1.0.0-A/b");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", " ", "{", "}", "[]", "null", "\"v1.0.0\"", "{\"Version\":\"v1.0.0\",}", "{\"Version\":'v1'}",
        "{\"Version\":\"v1.0.0\"} x", "{\"Version\":1}", "{\"Version\":\"v1.0.0\",\"Time\":5}",
        "{\"Version\":\"v1.0.0\",\"Time\":\"2020-01-01\"}", "{\"Version\":\"v1.0.0\",\"Time\":\"2020-01-01T00:00Z\"}",
        "{\"Version\":\"v1.0.0\",\"Time\":\"2020-02-30T00:00:00Z\"}", "{\"Version\":\"v1.0.0\",\"Origin\":[]}",
        "{\"Version\":\"v1.0.0\",\"Origin\":{\"VCS\":true}}", "{}", "{\"Version\":\"\"}", "{\"Version\":\"a\nb\"}",
        "{\"Version\":\"\\x\"}", "{\"Version\":\"\\u12\"}", "{\"Version\":01}", "{\"Version\":-}", "{\"Version\":1.}",
        "{\"Version\":1e}", "{\"Version\":tru}", "{\"Version\" \"v\"}", "\ufeff{\"Version\":\"v1.0.0\"}"
      })
  void malformedInputIsAnInvalidResponse(String json) {
    assertThatThrownBy(() -> Info.parse(json))
        .isInstanceOf(InvalidResponseException.class)
        .message()
        .doesNotContain("\n");
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    String deep = "{\"Version\":\"v1.0.0\",\"X\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThatThrownBy(() -> Info.parse(deep)).isInstanceOf(InvalidResponseException.class)
        .hasMessage("exceeded max depth");
  }

  @Property(tries = 3000)
  void arbitraryTextOnlyRaisesInvalidResponse(@ForAll("jsonish") String s) {
    try {
      Info i = Info.parse(s);
      assertThat(i.version()).isNotEmpty();
    } catch (InvalidResponseException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 3000)
  void mutatedValidInfoOnlyRaisesInvalidResponse(
      @ForAll("positions") int pos, @ForAll("junk") char c, @ForAll boolean delete) {
    int p = pos % FULL.length();
    String s = delete ? FULL.substring(0, p) + FULL.substring(p + 1) : FULL.substring(0, p) + c + FULL.substring(p);
    try {
      Info.parse(s);
    } catch (InvalidResponseException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 10_000);
  }

  @Provide
  Arbitrary<Character> junk() {
    return Arbitraries.of('{', '}', '[', ']', '"', '\\', ',', ':', '0', '-', 'e', '.', 'n', ' ', '\u0000', 'u', 'x');
  }

  @Provide
  Arbitrary<String> jsonish() {
    Arbitrary<String> tokens =
        Arbitraries.of(
            "{", "}", "[", "]", ",", ":", "\"", "\"Version\"", "\"Time\"", "\"Origin\"", "\"v1.0.0\"",
            "\"2020-01-01T00:00:00Z\"", "null", "true", "1", "-0.5e+3", "\\", "\\u00", " ", "\n", "x");
    return Arbitraries.oneOf(
        tokens.list().ofMaxSize(16).map(l -> String.join("", l)), Arbitraries.strings().ofMaxLength(30));
  }
}
