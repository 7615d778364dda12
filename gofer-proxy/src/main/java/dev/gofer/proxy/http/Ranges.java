package dev.gofer.proxy.http;

/** Parses a single-range {@code Range: bytes=...} header (RFC 9110 §14.1.2). */
final class Ranges {
  /** Returned when the range cannot be satisfied (416). */
  static final long[] UNSATISFIABLE = new long[0];

  private Ranges() {}

  /**
   * The inclusive {@code [first, last]} of a single byte range within {@code size} bytes; {@code
   * null} when the header is not a single byte range we honour (the whole file is sent then);
   * {@link #UNSATISFIABLE} when it is a valid range outside the file.
   */
  static long[] single(String header, long size) {
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return null;
    }
    String spec = h.substring(6).trim();
    if (spec.contains(",")) {
      return null; // multipart ranges: answer with the whole file
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    try {
      if (a.isEmpty()) {
        if (b.isEmpty()) {
          return null;
        }
        long suffix = Long.parseLong(b);
        if (suffix <= 0) {
          return UNSATISFIABLE;
        }
        return size == 0 ? UNSATISFIABLE : new long[] {Math.max(0, size - suffix), size - 1};
      }
      long first = Long.parseLong(a);
      long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
      if (first < 0 || last < first) {
        return null;
      }
      if (first >= size) {
        return UNSATISFIABLE; // also "bytes=<size>-": an open range starting past the end
      }
      return new long[] {first, Math.min(last, size - 1)};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
