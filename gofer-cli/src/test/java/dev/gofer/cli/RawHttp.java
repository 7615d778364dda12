package dev.gofer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request line exactly as written (no client normalises {@code ..}, re-encodes {@code %}
 * or refuses a long path), so tests can send what a hostile client sends.
 */
final class RawHttp {
  private RawHttp() {}

  /** The status code of {@code GET <rawTarget> HTTP/1.1} sent to {@code server}. */
  static int status(URI server, String rawTarget) throws IOException {
    try (Socket s = new Socket(server.getHost(), server.getPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + rawTarget + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
              + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
        line.append((char) c);
      }
      in.readAllBytes();
      String[] f = line.toString().split(" ");
      if (f.length < 2 || !f[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP status line: " + line);
      }
      return Integer.parseInt(f[1]);
    }
  }
}
