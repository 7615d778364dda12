package dev.gofer.proxy.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryTest {
  private final Retry retry = new Retry(5, Duration.ofMillis(100), Duration.ofMillis(1000));

  @RepeatedTest(20)
  void backoffDoublesWithJitterBetweenHalfAndAllOfTheStep() {
    assertThat(retry.delay(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(retry.delay(2)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(retry.delay(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(retry.delay(10)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
  }

  @Test
  void valuesAreChecked() {
    assertThatThrownBy(() -> new Retry(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Retry.none().attempts()).isEqualTo(1);
    assertThat(Retry.none().delay(1)).isEqualTo(Duration.ZERO);
  }

  @Test
  void proxyErrorsAreFoldedIntoOneLine() {
    assertThat(FetchFailure.oneLine("reading http://x/@v/list: 500 Internal Server Error\n\tserver response: boom\u001b[31m"))
        .isEqualTo("reading http://x/@v/list: 500 Internal Server Error server response: boom?[31m");
    assertThat(FetchFailure.oneLine("x".repeat(1000))).hasSize(600);
  }
}
