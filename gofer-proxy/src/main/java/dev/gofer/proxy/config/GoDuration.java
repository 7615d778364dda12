package dev.gofer.proxy.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Durations written the way Go's {@code time.ParseDuration} reads them and {@code
 * time.Duration.String} writes them: a sequence of decimal numbers, each with an optional
 * fraction and a unit suffix, such as {@code 25m}, {@code 90s}, {@code 1h30m} or {@code 1.5h}.
 * Units are {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m}, {@code h};
 * a lone {@code 0} needs no unit. Configuration durations are never negative, so a sign is
 * refused.
 */
public final class GoDuration {
  private GoDuration() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with a one-line reason if it is not a Go duration
   */
  public static Duration parse(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration (want e.g. 25m, 90s, 1h30m)");
    }
    if (s.startsWith("-") || s.startsWith("+")) {
      throw new IllegalArgumentException("a duration here has no sign (want e.g. 25m, 90s, 1h30m)");
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    BigInteger nanos = BigInteger.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && isNumberChar(s.charAt(i))) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw new IllegalArgumentException("malformed duration (want e.g. 25m, 90s, 1h30m)");
      }
      int unitStart = i;
      while (i < s.length() && !isNumberChar(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      long perUnit =
          switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "" -> throw new IllegalArgumentException(
                "missing unit in duration (want e.g. 25m, 90s, 1h30m; units ns, us, ms, s, m, h)");
            default -> throw new IllegalArgumentException(
                "unknown unit \"" + unit + "\" in duration (units are ns, us, ms, s, m, h)");
          };
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(perUnit)).toBigInteger());
      if (nanos.bitLength() > 63) {
        throw new IllegalArgumentException("duration out of range (at most about 2562047h)");
      }
    }
    return Duration.ofNanos(nanos.longValueExact());
  }

  /** Go's {@code Duration.String}: {@code 25m0s}, {@code 1h30m0s}, {@code 1.5s}, {@code 100ms}, {@code 0s}. */
  public static String format(Duration d) {
    long n = d.toNanos();
    if (n == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    if (n < 0) {
      b.append('-');
      n = -n;
    }
    if (n < 1_000_000_000L) {
      if (n < 1_000L) {
        return b.append(n).append("ns").toString();
      }
      if (n < 1_000_000L) {
        return b.append(fraction(n, 1_000L)).append("µs").toString();
      }
      return b.append(fraction(n, 1_000_000L)).append("ms").toString();
    }
    long hours = n / 3_600_000_000_000L;
    long rest = n % 3_600_000_000_000L;
    long minutes = rest / 60_000_000_000L;
    long seconds = rest % 60_000_000_000L;
    if (hours > 0) {
      b.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      b.append(minutes).append('m');
    }
    return b.append(fraction(seconds, 1_000_000_000L)).append('s').toString();
  }

  private static boolean isNumberChar(char c) {
    return (c >= '0' && c <= '9') || c == '.';
  }

  /** {@code value/unit} as a decimal without trailing zeros. */
  private static String fraction(long value, long unit) {
    return new BigDecimal(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
  }
}
