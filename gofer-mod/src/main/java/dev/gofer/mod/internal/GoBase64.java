package dev.gofer.mod.internal;

/**
 * Standard base64 decoding with the acceptance rules of Go's {@code base64.StdEncoding}: padding
 * is required, {@code \r} and {@code \n} are skipped anywhere, unused trailing bits are ignored.
 * The JDK decoder differs (it accepts missing padding and rejects line breaks), and the sumdb
 * formats are defined by what Go accepts.
 *
 * <p>Internal to gofer-mod, not API (see {@link dev.gofer.mod.internal}).
 */
public final class GoBase64 {
  private static final byte[] DECODE = new byte[256];

  static {
    java.util.Arrays.fill(DECODE, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      DECODE[alphabet.charAt(i)] = (byte) i;
    }
  }

  private GoBase64() {}

  /** Decodes {@code s[from, to)}, or returns null if Go would report an error. */
  public static byte[] decode(CharSequence s, int from, int to) {
    // Gather the significant characters (everything but \r and \n).
    char[] sig = new char[to - from];
    int len = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c != '\r' && c != '\n') {
        sig[len++] = c;
      }
    }
    if (len % 4 != 0) {
      return null;
    }
    int pad = 0;
    if (len > 0 && sig[len - 1] == '=') {
      pad = len > 1 && sig[len - 2] == '=' ? 2 : 1;
    }
    byte[] out = new byte[len / 4 * 3 - pad];
    int o = 0;
    for (int i = 0; i < len; i += 4) {
      int bits = 0;
      int digits = i + 4 == len ? 4 - pad : 4;
      for (int j = 0; j < 4; j++) {
        int v = 0;
        if (j < digits) {
          char c = sig[i + j];
          v = c < 256 ? DECODE[c] : -1;
          if (v < 0) {
            return null;
          }
        }
        bits = bits << 6 | v;
      }
      out[o++] = (byte) (bits >> 16);
      if (digits > 2) {
        out[o++] = (byte) (bits >> 8);
      }
      if (digits > 3) {
        out[o++] = (byte) bits;
      }
    }
    return out;
  }

  /** Decodes all of {@code s}, or returns null if Go would report an error. */
  public static byte[] decode(CharSequence s) {
    return decode(s, 0, s.length());
  }
}
