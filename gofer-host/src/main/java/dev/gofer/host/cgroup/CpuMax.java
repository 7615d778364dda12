package dev.gofer.host.cgroup;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.OptionalLong;

/**
 * A CPU bandwidth limit: at most {@code quota} microseconds of CPU time per {@code period}
 * microseconds, i.e. {@code quota / period} CPUs; no quota means no limit.
 *
 * @param quota the quota in microseconds, empty for {@code max} (v2) or {@code -1} (v1)
 * @param period the period in microseconds, always positive
 */
public record CpuMax(OptionalLong quota, long period) {
  /** The kernel's default period, 100 ms. */
  public static final long DEFAULT_PERIOD = 100_000;

  public CpuMax {
    if (period <= 0) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    if (quota.isPresent() && quota.getAsLong() <= 0) {
      throw new IllegalArgumentException("quota must be positive: " + quota.getAsLong());
    }
  }

  /** Whether a quota is set. */
  public boolean limited() {
    return quota.isPresent();
  }

  /** The limit in CPUs, {@code quota / period}; +infinity without a quota. */
  public double cpus() {
    return quota.isPresent() ? (double) quota.getAsLong() / period : Double.POSITIVE_INFINITY;
  }

  /** The limit in CPUs as an exact decimal without trailing zeros ({@code 0.5}, {@code 2.5}, {@code 2}). */
  public BigDecimal cpusDecimal() {
    if (quota.isEmpty()) {
      throw new IllegalStateException("no quota");
    }
    return BigDecimal.valueOf(quota.getAsLong()).divide(BigDecimal.valueOf(period), 6, RoundingMode.DOWN)
        .stripTrailingZeros();
  }

  /**
   * Parses a v2 {@code cpu.max}: {@code $MAX $PERIOD} with {@code $MAX} a number or {@code max}.
   * Tolerant as the reference asks: a single field sets only {@code $MAX} (period 100000), and a
   * third field (the burst of out-of-tree patches) is ignored. More fields, a zero or negative
   * period, a non-positive quota or a non-number are rejected.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  public static CpuMax parseV2(String content) {
    String[] f = content.strip().split("\\s+");
    if (content.isBlank() || f.length > 3) {
      throw new IllegalArgumentException("expected \"$MAX $PERIOD\", got \"" + content.strip() + "\"");
    }
    OptionalLong quota = f[0].equals("max") ? OptionalLong.empty() : OptionalLong.of(number(f[0], "quota"));
    long period = f.length >= 2 ? number(f[1], "period") : DEFAULT_PERIOD;
    if (period <= 0) {
      throw new IllegalArgumentException("zero period in \"" + content.strip() + "\"");
    }
    if (quota.isPresent() && quota.getAsLong() <= 0) {
      throw new IllegalArgumentException("non-positive quota in \"" + content.strip() + "\"");
    }
    return new CpuMax(quota, period);
  }

  /**
   * The v1 pair {@code cpu.cfs_quota_us} ({@code -1} or any negative value = no limit) and
   * {@code cpu.cfs_period_us}.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  public static CpuMax parseV1(String quotaUs, String periodUs) {
    long q = number(quotaUs.strip(), "cfs_quota_us");
    long p = number(periodUs.strip(), "cfs_period_us");
    if (p <= 0) {
      throw new IllegalArgumentException("zero period in cpu.cfs_period_us \"" + periodUs.strip() + "\"");
    }
    if (q == 0) {
      throw new IllegalArgumentException("zero quota in cpu.cfs_quota_us");
    }
    return new CpuMax(q < 0 ? OptionalLong.empty() : OptionalLong.of(q), p);
  }

  private static long number(String s, String what) {
    if (!s.matches("-?[0-9]{1,18}")) {
      throw new IllegalArgumentException(what + " is not a number: \"" + s + "\"");
    }
    return Long.parseLong(s);
  }

  /** The file's own form: {@code 50000 100000} or {@code max 100000}. */
  @Override
  public String toString() {
    return (quota.isPresent() ? Long.toString(quota.getAsLong()) : "max") + " " + period;
  }
}
