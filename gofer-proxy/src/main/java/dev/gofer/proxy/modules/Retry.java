package dev.gofer.proxy.modules;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a transient upstream failure (connect error, reset, timeout, 5xx,
 * 429) is retried: at most {@code attempts} tries in all, waiting before try {@code n+1} a random
 * time between half and all of {@code min(max, base * 2^(n-1))} (exponential backoff with
 * jitter, so that many gofers do not retry in step). Answers that say "not here" or "refused"
 * (404, 410, 403) are never retried.
 *
 * @param attempts tries in all, at least 1
 * @param base the wait before the second try (before jitter)
 * @param max the longest wait between two tries
 */
public record Retry(int attempts, Duration base, Duration max) {

  /** Checks the values. */
  public Retry {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(max, "max");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    if (base.isNegative() || max.isNegative()) {
      throw new IllegalArgumentException("backoff durations must not be negative");
    }
  }

  /** Three tries, 200 ms then up to 2 s apart. */
  public static Retry defaults() {
    return new Retry(3, Duration.ofMillis(200), Duration.ofSeconds(2));
  }

  /** No retries at all. */
  public static Retry none() {
    return new Retry(1, Duration.ZERO, Duration.ZERO);
  }

  /** The wait after failed try {@code attempt} (1-based). */
  Duration delay(int attempt) {
    long cap = max.toNanos();
    long exp = base.toNanos();
    for (int i = 1; i < attempt && exp < cap; i++) {
      exp = exp > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : exp * 2;
    }
    long full = Math.min(cap, exp);
    if (full <= 1) {
      return Duration.ofNanos(full);
    }
    long half = full / 2;
    return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(full - half + 1));
  }
}
