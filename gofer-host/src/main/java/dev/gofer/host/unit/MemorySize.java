package dev.gofer.host.unit;

import dev.gofer.host.cgroup.Gomemlimit;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory size as systemd's {@code MemoryMax=} and journald's {@code SystemMaxUse=} take it:
 * a number of bytes, or a decimal number with a suffix {@code K}, {@code M}, {@code G} or
 * {@code T} that multiplies by powers of 1024 ({@code 512M}, {@code 1G}, {@code 1.5G}). The
 * forms {@code MiB}, {@code GiB}, … and a trailing {@code B} are accepted too.
 *
 * @param bytes the size in bytes, positive
 * @param text the size as the user wrote it
 */
public record MemorySize(long bytes, String text) {
  private static final Pattern FORM =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(?:([KMGT])(?:I?B)?|B)?", Pattern.CASE_INSENSITIVE);

  /**
   * Parses {@code 512M}, {@code 1G}, {@code 1.5G} or {@code 1073741824}.
   *
   * @throws SpecException when the text is not a size, is zero, is not a whole number of bytes
   *     or does not fit in 63 bits
   */
  public static MemorySize parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new SpecException("invalid size \"" + text + "\": want bytes or a number with K, M, G or T (512M, 1.5G)");
    }
    int shift = m.group(2) == null ? 0 : switch (m.group(2).toUpperCase(Locale.ROOT)) {
      case "K" -> 10;
      case "M" -> 20;
      case "G" -> 30;
      default -> 40;
    };
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(shift));
    if (bytes.signum() == 0) {
      throw new SpecException("invalid size \"" + text + "\": must be more than zero");
    }
    try {
      return new MemorySize(bytes.longValueExact(), text.strip());
    } catch (ArithmeticException e) {
      throw new SpecException("invalid size \"" + text + "\": not a whole number of bytes below 8 EiB");
    }
  }

  /**
   * The GOMEMLIMIT for a service whose memory is capped at this size: 90 % rounded down to MiB,
   * computed by {@link Gomemlimit#recommendedMiB} as the doctor's {@code cgroup.memory} does (512
   * MiB gives {@code 460MiB}, 1 GiB gives {@code 921MiB}; below 1 MiB the value is in bytes).
   */
  public String gomemlimit() {
    return Gomemlimit.recommendedMiB(bytes);
  }

  /** The size in systemd's own notation: bytes, or exact K/M/G/T when it divides evenly. */
  public String systemd() {
    String[] suffixes = {"T", "G", "M", "K"};
    for (int i = 0; i < suffixes.length; i++) {
      long unit = 1L << (40 - 10 * i);
      if (bytes % unit == 0) {
        return bytes / unit + suffixes[i];
      }
    }
    return Long.toString(bytes);
  }
}
