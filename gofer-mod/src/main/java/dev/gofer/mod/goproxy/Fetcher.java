package dev.gofer.mod.goproxy;

import java.io.InputStream;

/** Opens resources under one proxy base: over HTTP(S), or from a directory for {@code file://}. */
sealed interface Fetcher permits HttpFetcher, FileFetcher {

  /**
   * Opens {@code rel} (case-encoded, {@code /}-separated, for example
   * {@code github.com/!burnt!sushi/toml/@v/list}) under the base.
   *
   * @return the 200 body; the caller closes it
   * @throws ProxyException with a message {@code reading <url>: ...} when there is no 200 body
   */
  Body open(String rel);

  /** The base URL with any password replaced by {@code xxxxx}, for messages. */
  String redactedBase();

  /** A successful body. {@code length} is the declared length, or -1 when unknown. */
  record Body(InputStream in, long length, String url) implements AutoCloseable {
    @Override
    public void close() {
      try {
        in.close();
      } catch (java.io.IOException e) {
        // nothing was written; a failed close of a read stream loses nothing
      }
    }
  }

  /**
   * Go's {@code url.PathEscape} with {@code /} kept: escapes every byte except
   * {@code A-Z a-z 0-9 - _ . ~ $ & + : = @} and {@code /}. Case-encoded paths therefore go out with
   * {@code !} as {@code %21}, exactly as the go command sends them.
   */
  static String pathEscape(String s) {
    byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(bytes.length + 16);
    for (byte x : bytes) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-_.~$&+:=@/".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }
}
