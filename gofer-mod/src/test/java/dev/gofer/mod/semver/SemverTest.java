package dev.gofer.mod.semver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SemverTest {
  private static final JsonNode V = Vectors.load("semver");

  private static List<JsonNode> cases() {
    List<JsonNode> list = new ArrayList<>();
    V.get("cases").forEach(list::add);
    assertThat(list).hasSize(32);
    return list;
  }

  @Test
  void canonicalAndValidity() {
    for (JsonNode c : cases()) {
      String in = c.get("in").asText();
      String want = c.get("canonical").asText();
      assertThat(Semver.canonical(in)).as("Canonical(%s)", in).isEqualTo(want);
      assertThat(Semver.isValid(in)).as("IsValid(%s)", in).isEqualTo(!want.isEmpty());
    }
  }

  @Test
  void compareFollowsTheVectorOrder() {
    List<JsonNode> cs = cases();
    for (int i = 0; i < cs.size(); i++) {
      for (int j = 0; j < cs.size(); j++) {
        String a = cs.get(i).get("in").asText();
        String b = cs.get(j).get("in").asText();
        String ca = cs.get(i).get("canonical").asText();
        String cb = cs.get(j).get("canonical").asText();
        int want = ca.equals(cb) ? 0 : Integer.compare(i, j);
        assertThat(Semver.compare(a, b)).as("Compare(%s, %s)", a, b).isEqualTo(want);
      }
    }
  }

  @Test
  void maxReturnsTheCanonicalLarger() {
    List<JsonNode> cs = cases();
    for (int i = 0; i < cs.size(); i++) {
      for (int j = 0; j < cs.size(); j++) {
        String a = cs.get(i).get("in").asText();
        String b = cs.get(j).get("in").asText();
        String want = Semver.compare(a, b) > 0 ? Semver.canonical(a) : Semver.canonical(b);
        assertThat(Semver.max(a, b)).isEqualTo(want);
      }
    }
    assertThat(Semver.max("v1.2", "v1.10.0+meta")).isEqualTo("v1.10.0");
    assertThat(Semver.max("bad", "worse")).isEmpty();
  }

  @Test
  void sortRestoresTheVectorOrder() {
    List<String> want = new ArrayList<>();
    cases().forEach(c -> want.add(c.get("in").asText()));
    List<String> shuffled = new ArrayList<>(want);
    Collections.shuffle(shuffled, new Random(1));
    Semver.sort(shuffled);
    // Invalid versions and equal spellings tie; ORDER breaks ties by string, so compare groups.
    for (int i = 1; i < shuffled.size(); i++) {
      assertThat(Semver.compare(shuffled.get(i - 1), shuffled.get(i))).isLessThanOrEqualTo(0);
      assertThat(Semver.ORDER.compare(shuffled.get(i - 1), shuffled.get(i))).isNegative();
    }
  }

  @Test
  void parts() {
    assertThat(Semver.major("v2.1.0")).isEqualTo("v2");
    assertThat(Semver.major("v2")).isEqualTo("v2");
    assertThat(Semver.major("bad")).isEmpty();
    assertThat(Semver.majorMinor("v2.1.0")).isEqualTo("v2.1");
    assertThat(Semver.majorMinor("v2")).isEqualTo("v2.0");
    assertThat(Semver.majorMinor("v2.1")).isEqualTo("v2.1");
    assertThat(Semver.majorMinor("v1.0.0-x")).isEqualTo("v1.0");
    assertThat(Semver.prerelease("v1.2.3-pre+meta")).isEqualTo("-pre");
    assertThat(Semver.build("v1.2.3-pre+meta")).isEqualTo("+meta");
    assertThat(Semver.prerelease("v1.2")).isEmpty();
    assertThat(Semver.build("v1.2+meta")).isEmpty();
    assertThat(Semver.parse("v1.2.3-rc.1+b")).isEqualTo(new Semver.Parts("1", "2", "3", "-rc.1", "+b"));
    assertThat(Semver.parse("v1")).isEqualTo(new Semver.Parts("1", "0", "0", "", ""));
  }

  @Test
  void moduleCanonicalVersionKeepsIncompatible() {
    for (JsonNode c : V.get("module_canonical_version_examples")) {
      assertThat(Semver.canonicalModuleVersion(c.get("in").asText())).isEqualTo(c.get("canonical").asText());
    }
    assertThat(Semver.isIncompatible("v2.0.0+incompatible")).isTrue();
    assertThat(Semver.isIncompatible("v2.0+incompatible")).isFalse(); // invalid: shorthand with build
    assertThat(Semver.compare("v2.0.0+incompatible", "v2.0.0")).isZero();
  }

  @Test
  void parseRejectsWithGoWording() {
    assertThatThrownBy(() -> Semver.parse("1.2.3"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessage("version \"1.2.3\" invalid: not a semantic version");
    assertThatThrownBy(() -> Semver.parse(null)).isInstanceOf(InvalidVersionException.class);
  }

  @Test
  void numbersAreNotBoundedByLong() {
    assertThat(Semver.compare("v1.99999999999999999999.0", "v1.100000000000000000000.0")).isNegative();
    assertThat(Semver.compare("v1.0.0-99999999999999999999", "v1.0.0-100000000000000000000")).isNegative();
    assertThat(Semver.compare("v1.0.0-1", "v1.0.0-a")).isNegative();
    assertThat(Semver.compare("v1.0.0-a", "v1.0.0-a.1")).isNegative();
    assertThat(Semver.isValid("v01.0.0")).isFalse();
    assertThat(Semver.isValid("v1.0.0-01")).isFalse();
    assertThat(Semver.isValid("v1.0.0-0a")).isTrue();
    assertThat(Semver.isValid("v1.0.0+01")).isTrue();
    assertThat(Semver.isValid("v1.0.0-")).isFalse();
    assertThat(Semver.isValid("v1.0.0+")).isFalse();
    assertThat(Semver.isValid("v1.0.0-a..b")).isFalse();
  }
}
