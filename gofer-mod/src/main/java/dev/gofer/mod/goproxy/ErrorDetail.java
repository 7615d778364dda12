package dev.gofer.mod.goproxy;

import dev.gofer.mod.internal.GoText;
import java.io.IOException;
import java.io.InputStream;

/**
 * The short server message cmd/go shows under an HTTP error ({@code server response: ...}), cut and
 * sanitised exactly as {@code cmd/go/internal/web} does it.
 *
 * <p>Only {@code text/plain} bodies in UTF-8, US-ASCII or without a charset qualify. The text must
 * be valid UTF-8 made only of graphic and space characters, or it is dropped whole (so a server
 * cannot send terminal control sequences). It is cut at the first blank line, at
 * {@value #MAX_LINES} lines ({@code [Truncated: too many lines.]}) and at {@value #MAX_BYTES}
 * bytes ({@code [Truncated: too long.]}); lines after the first are joined with a newline and a
 * tab.
 */
final class ErrorDetail {
  static final int MAX_LINES = 8;
  static final int MAX_BYTES = MAX_LINES * 81;

  /** How much of an error body is read at most; cmd/go drains it whole. */
  static final int MAX_READ = 64 << 10;

  private ErrorDetail() {}

  /**
   * Whether a response with this {@code Content-Type} header value carries a detail to show (Go:
   * {@code mime.ParseMediaType} gives {@code text/plain} with charset {@code us-ascii},
   * {@code utf-8} or none).
   */
  static boolean eligible(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";", -1);
    if (!parts[0].strip().equalsIgnoreCase("text/plain")) {
      return false;
    }
    String charset = "";
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      int eq = p.indexOf('=');
      if (eq < 0) {
        if (p.isEmpty() && i == parts.length - 1) {
          continue; // a trailing ';' is tolerated
        }
        return false; // malformed parameter: Go's ParseMediaType fails
      }
      if (p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
        charset = unquote(p.substring(eq + 1).strip());
      }
    }
    return switch (charset.toLowerCase(java.util.Locale.ROOT)) {
      case "", "us-ascii", "utf-8" -> true;
      default -> false;
    };
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /**
   * Reads the start of an error body, enough for {@link #format}: up to {@value #MAX_LINES} + 1
   * lines, never more than {@value #MAX_READ} bytes. A body that fails midway gives what was read.
   */
  static byte[] readPrefix(InputStream in) {
    byte[] buf = new byte[4096];
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int lines = 0;
    try {
      int n;
      while (out.size() < MAX_READ
          && (n = in.read(buf, 0, Math.min(buf.length, MAX_READ - out.size()))) > 0) {
        out.write(buf, 0, n);
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            lines++;
          }
        }
        if (lines > MAX_LINES) {
          break;
        }
      }
    } catch (IOException e) {
      // Keep what arrived: detail is best effort, the status decides the error.
    }
    return dropPartialRune(out.toByteArray());
  }

  /** Drops a UTF-8 sequence cut off at the end, so a cut does not make valid text invalid. */
  static byte[] dropPartialRune(byte[] b) {
    int n = b.length;
    for (int back = 1; back <= 3 && back <= n; back++) {
      int c = b[n - back] & 0xff;
      if (c < 0x80) {
        return b; // ASCII: complete
      }
      if (c >= 0xC0) { // a lead byte: is its sequence complete?
        int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        return need > back ? java.util.Arrays.copyOf(b, n - back) : b;
      }
    }
    return b;
  }

  /** Formats a body prefix into the detail text; {@code ""} when there is nothing to show. */
  static String format(byte[] body) {
    String s = dev.gofer.mod.internal.Utf8.decodeStrict(body);
    if (s == null) {
      return ""; // not UTF-8: don't try to recover it
    }
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (!GoText.isGraphic(c) && !GoText.isSpace(c)) {
        return ""; // no funny business with the user's terminal
      }
      i += Character.charCount(c);
    }
    StringBuilder detail = new StringBuilder();
    int bytes = 0; // detail's length in UTF-8 bytes, as Go counts it
    String[] lines = s.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (GoText.isBlank(line)) {
        break;
      }
      if (i > 0) {
        detail.append("\n\t");
        bytes += 2;
      }
      if (i >= MAX_LINES) {
        detail.append("[Truncated: too many lines.]");
        break;
      }
      int lineBytes = utf8Length(line);
      if (bytes + lineBytes > MAX_BYTES) {
        detail.append("[Truncated: too long.]");
        break;
      }
      detail.append(line);
      bytes += lineBytes;
    }
    return detail.toString();
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
