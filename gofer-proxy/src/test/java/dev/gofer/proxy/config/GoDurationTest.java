package dev.gofer.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
  @ParameterizedTest
  @CsvSource({
    "25m, PT25M",
    "90s, PT1M30S",
    "1h30m, PT1H30M",
    "1.5h, PT1H30M",
    "0, PT0S",
    "0s, PT0S",
    "100ms, PT0.1S",
    "1h0m0.5s, PT1H0.5S",
    "2us, PT0.000002S",
    "3ns, PT0.000000003S",
    ".5s, PT0.5S",
  })
  void parsesGoDurations(String text, String iso) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "25", "1x", "h", "-5s", "1..5s", "5 m", "1d", "9999999999h"})
  void refusesWhatGoRefusesOrASign(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @ParameterizedTest
  @CsvSource({"PT25M, 25m0s", "PT1M30S, 1m30s", "PT1H30M, 1h30m0s", "PT0S, 0s", "PT0.1S, 100ms", "PT1.5S, 1.5s"})
  void formatsLikeGo(String iso, String text) {
    assertThat(GoDuration.format(Duration.parse(iso))).isEqualTo(text);
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(iso));
  }
}
