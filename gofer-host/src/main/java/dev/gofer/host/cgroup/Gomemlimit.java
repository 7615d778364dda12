package dev.gofer.host.cgroup;

import java.math.BigInteger;
import java.util.OptionalLong;

/**
 * GOMEMLIMIT for a memory limit, as automemlimit derives it ({@code int64(limit × 0.9)}), and
 * the parser for the value Go accepts.
 */
public final class Gomemlimit {
  private static final long MIB = 1L << 20;

  private Gomemlimit() {}

  /**
   * {@code floor(limit × 0.9)}: 536870912 gives 483183820. Computed exactly (×9 / 10), so large
   * limits do not suffer from double rounding.
   */
  public static long recommended(long limitBytes) {
    if (limitBytes < 0) {
      throw new IllegalArgumentException("negative limit: " + limitBytes);
    }
    return BigInteger.valueOf(limitBytes).multiply(BigInteger.valueOf(9)).divide(BigInteger.TEN).longValueExact();
  }

  /**
   * The recommendation rounded down to whole MiB, as written into a unit or an environment:
   * {@code 460MiB} for 512 MiB, {@code 921MiB} for 1 GiB (host reference §4.2). Below 1 MiB it is
   * the byte count ({@code 900} for 1000), which Go reads as bytes.
   */
  public static String recommendedMiB(long limitBytes) {
    long rec = recommended(limitBytes);
    return rec >= MIB ? rec / MIB + "MiB" : Long.toString(rec);
  }

  /**
   * Parses a {@code GOMEMLIMIT} value as the Go runtime does: a non-negative decimal byte count
   * with an optional suffix {@code B}, {@code KiB}, {@code MiB}, {@code GiB} or {@code TiB}
   * (powers of two); {@code off} means no limit (empty). Anything else, or an overflow, is
   * rejected.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  public static OptionalLong parse(String value) {
    String s = value.strip();
    if (s.equals("off")) {
      return OptionalLong.empty();
    }
    int shift = 0;
    for (String[] suffix : new String[][] {{"TiB", "40"}, {"GiB", "30"}, {"MiB", "20"}, {"KiB", "10"}, {"B", "0"}}) {
      if (s.endsWith(suffix[0])) {
        s = s.substring(0, s.length() - suffix[0].length());
        shift = Integer.parseInt(suffix[1]);
        break;
      }
    }
    if (!s.matches("[0-9]{1,19}")) {
      throw new IllegalArgumentException("GOMEMLIMIT=" + value + " is not a byte count (e.g. 460MiB)");
    }
    BigInteger v = new BigInteger(s).shiftLeft(shift);
    if (v.bitLength() > 63) {
      throw new IllegalArgumentException("GOMEMLIMIT=" + value + " is out of range");
    }
    return OptionalLong.of(v.longValueExact());
  }
}
