package dev.gofer.mod.semver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PseudoTest {
  private static final Instant T = Instant.parse("2006-01-02T15:04:05Z");
  private static final JsonNode V = Vectors.load("semver");

  /** major, older, the pseudo-version PseudoVersion builds (rules of module/pseudo.go). */
  @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
  @CsvSource({
    "'', '', v0.0.0-20060102150405-hash",
    "v0, '', v0.0.0-20060102150405-hash",
    "v1, '', v1.0.0-20060102150405-hash",
    "v2, '', v2.0.0-20060102150405-hash",
    "unused, v0.0.0, v0.0.1-0.20060102150405-hash",
    "unused, v1.2.3, v1.2.4-0.20060102150405-hash",
    "unused, v1.2.99999999999999999, v1.2.100000000000000000-0.20060102150405-hash",
    "unused, v1.2.3-pre, v1.2.3-pre.0.20060102150405-hash",
    "unused, v1.3.0-pre, v1.3.0-pre.0.20060102150405-hash",
    "unused, v0.0.0--, v0.0.0--.0.20060102150405-hash",
    "unused, v1.0.0+metadata, v1.0.1-0.20060102150405-hash+metadata",
    "unused, v2.0.0+incompatible, v2.0.1-0.20060102150405-hash+incompatible",
    "unused, v2.3.0-pre+incompatible, v2.3.0-pre.0.20060102150405-hash+incompatible",
  })
  void buildAndTakeApart(String major, String older, String version) {
    assertThat(Pseudo.build(major, older, T, "hash")).isEqualTo(version);
    assertThat(Pseudo.isPseudo(version)).isTrue();
    assertThat(Pseudo.time(version)).isEqualTo(T);
    assertThat(Pseudo.rev(version)).isEqualTo("hash");
    assertThat(Pseudo.base(version)).isEqualTo(older);
    assertThat(matchesUpstreamRegexp(version)).isTrue();
    if (!older.isEmpty()) {
      assertThat(Pseudo.isPseudo(older)).isFalse();
      assertThatThrownBy(() -> Pseudo.time(older))
          .isInstanceOf(InvalidVersionException.class)
          .hasMessage("pseudo-version \"" + older + "\" invalid: syntax error");
      assertThatThrownBy(() -> Pseudo.rev(older)).isInstanceOf(InvalidVersionException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v0.0.0",
        "v0.0.0-",
        "v0.0.0-0.20060102150405-hash",
        "v0.1.0-0.20060102150405-hash",
        "v1.0.0-0.20060102150405-hash",
        "v0.0.0-20060102150405-hash+incompatible",
        "v0.0.0-20060102150405-hash+metadata",
        "---",
      })
  void baseRejectsInconsistentForms(String v) {
    assertThatThrownBy(() -> Pseudo.base(v)).isInstanceOf(InvalidVersionException.class);
  }

  @Test
  void baseErrorMessages() {
    assertThatThrownBy(() -> Pseudo.base("v1.0.0-0.20060102150405-hash"))
        .hasMessage("pseudo-version \"v1.0.0-0.20060102150405-hash\" invalid: "
            + "version before v1.0.0 would have negative patch number");
    assertThatThrownBy(() -> Pseudo.base("v0.0.0-20060102150405-hash+incompatible"))
        .hasMessage("pseudo-version \"v0.0.0-20060102150405-hash+incompatible\" invalid: "
            + "lacks base version, but has build metadata \"+incompatible\"");
  }

  @Test
  void timeRejectsImpossibleTimestamps() {
    assertThatThrownBy(() -> Pseudo.time("v0.0.0-20061302150405-hash"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessage("pseudo-version \"v0.0.0-20061302150405-hash\" invalid: malformed time \"20061302150405\"");
    assertThatThrownBy(() -> Pseudo.time("v0.0.0-20230230000000-hash")).isInstanceOf(InvalidVersionException.class);
    assertThatThrownBy(() -> Pseudo.time("v0.0.0-20230101000060-hash")).isInstanceOf(InvalidVersionException.class);
    assertThat(Pseudo.time("v0.0.0-20240229235959-hash")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
  }

  @Test
  void zeroPseudoVersions() {
    assertThat(Pseudo.zero("")).isEqualTo("v0.0.0-00010101000000-000000000000");
    assertThat(Pseudo.zero("v2")).isEqualTo("v2.0.0-00010101000000-000000000000");
    assertThat(Pseudo.isZero("v2.0.0-00010101000000-000000000000")).isTrue();
    assertThat(Pseudo.isZero("v2.0.0-00010101000000-000000000001")).isFalse();
    assertThat(Pseudo.isZero("bad")).isFalse();
  }

  @Test
  void vectorRegexpAndForms() {
    assertThat(V.get("pseudo_version_rule").asText()).contains("count('-', v) >= 2");
    for (JsonNode f : V.get("pseudo_version_forms")) {
      String v = f.asText()
          .replace("vX.Y.(Z+1)", "v1.2.4")
          .replace("vX.Y.Z", "v1.2.3")
          .replace("vX", "v3")
          .replace("yyyymmddhhmmss", "20191109021931")
          .replace("abcdef123456", "daa7c04131f5");
      assertThat(Pseudo.isPseudo(v)).as(v).isTrue();
      assertThat(matchesUpstreamRegexp(v)).as(v).isTrue();
      assertThat(Pseudo.rev(v)).isEqualTo("daa7c04131f5");
    }
    assertThat(Pseudo.isPseudo("v1.2.3-20191109021931-daa7c04131f5")).isFalse();
    assertThat(Pseudo.isPseudo("v1.2.3-pre0.20191109021931-daa7c04131f5")).isFalse();
    assertThat(Pseudo.isPseudo("v1.2.3-0.2019110902193-daa7c04131f5")).isFalse();
    assertThat(Pseudo.isPseudo("v1.2.3-0.20191109021931-daa7c0413.f5")).isFalse();
  }

  @Test
  void sumdbLookupRegexpIsStored() {
    Pattern p = Pattern.compile(V.get("sumdb_lookup_regexp").get("regexp").asText());
    assertThat(p.matcher("rsc.io/quote@v1.5.2").matches()).isTrue();
    assertThat(p.matcher("rsc.io/quote@v1.5").matches()).isFalse();
  }

  static boolean matchesUpstreamRegexp(String v) {
    long dashes = v.chars().filter(c -> c == '-').count();
    return dashes >= 2
        && Semver.isValid(v)
        && Pattern.compile(V.get("pseudo_version_regexp").asText()).matcher(v).matches();
  }
}
