package dev.gofer.mod.goproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class VersionListTest {

  @Test
  void taggedKeepsFirstFieldsThatAreValidAndNotPseudo() {
    assertThat(
            VersionList.tagged(
                "v1.0.0\r\nv1.1 2020-01-01T00:00:00Z\nv0.0.0-20200101000000-abcdefabcdef\nv1.2.3-pre.0.20200101000000-abcdefabcdef\n"
                    + "bad\nv2\nv1.0.0-rc.1\n\u00a0v1.0.1\u00a0\n"))
        .containsExactly("v1.0.0-rc.1", "v1.0.0", "v1.0.1", "v1.1", "v2");
  }

  @Test
  void taggedSortsTheSemverVectorOrder() {
    JsonNode cases = Vectors.load("semver").get("cases");
    List<String> valid = new ArrayList<>();
    for (JsonNode c : cases) {
      String v = c.has("in") ? c.get("in").asText() : c.get("version").asText();
      if (dev.gofer.mod.semver.Semver.isValid(v) && !dev.gofer.mod.semver.Pseudo.isPseudo(v)) {
        valid.add(v);
      }
    }
    List<String> shuffled = new ArrayList<>(valid);
    Collections.shuffle(shuffled, new java.util.Random(7));
    List<String> expected = new ArrayList<>(valid);
    dev.gofer.mod.semver.Semver.sort(expected);
    assertThat(VersionList.tagged(String.join("\n", shuffled))).containsExactlyElementsOf(expected);
  }

  @Test
  void newestUntaggedPrefersReportedTimesAndSkipsTagsWithoutOne() {
    var n =
        VersionList.newestUntagged(
                "v9.0.0\nv0.0.0-20220101000000-aaaaaaaaaaaa\nv1.0.0 2023-01-01T00:00:00Z\nv0.0.0-20210101000000-bbbbbbbbbbbb 2024-01-01T00:00:00Z\n")
            .orElseThrow();
    assertThat(n).isEqualTo(new VersionList.Newest("v0.0.0-20210101000000-bbbbbbbbbbbb", Instant.parse("2024-01-01T00:00:00Z"), false));
    var p = VersionList.newestUntagged("v0.0.0-20220101000000-aaaaaaaaaaaa\n").orElseThrow();
    assertThat(p.timeFromPseudoVersion()).isTrue();
    assertThat(p.time()).isEqualTo(Instant.parse("2022-01-01T00:00:00Z"));
    assertThat(VersionList.newestUntagged("v1.0.0\nv1.1.0 not-a-time\n")).isEmpty();
  }

  @Property(tries = 1000)
  void neverThrows(@ForAll String body) {
    VersionList.tagged(body);
    VersionList.newestUntagged(body);
  }
}
