package dev.gofer.proxy.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One line per request, written by a background thread so that request threads never contend
 * on the output stream. Text: {@code <time> <client> "<method> <path>" <status> <bytes>
 * <millis>ms}; JSON: one object per line with the same fields. When the queue is full (the
 * output cannot keep up) lines are dropped and counted rather than slowing requests down.
 */
public final class AccessLog implements AutoCloseable {
  /** Line formats. */
  public enum Format {
    TEXT,
    JSON,
    OFF
  }

  /** One finished request. */
  public record Entry(
      Instant time, String client, String method, String path, int status, long bytes, long nanos, String note) {}

  private final Format format;
  private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(16384);
  private final Writer out;
  private final Thread writer;
  private volatile boolean closed;
  private long dropped;

  public AccessLog(Format format, OutputStream out) {
    this.format = format;
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    this.writer = Thread.ofPlatform().daemon().name("gofer-access-log").unstarted(this::drain);
    if (format != Format.OFF) {
      writer.start();
    }
  }

  /** Whether lines are written at all (callers may skip building entries when not). */
  public boolean enabled() {
    return format != Format.OFF;
  }

  public void log(Entry e) {
    if (format == Format.OFF || closed) {
      return;
    }
    if (!queue.offer(e)) {
      synchronized (this) {
        dropped++;
      }
    }
  }

  private void drain() {
    List<Entry> batch = new ArrayList<>(256);
    try {
      while (!closed || !queue.isEmpty()) {
        Entry first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 1023);
        for (Entry e : batch) {
          out.write(format == Format.JSON ? json(e) : text(e));
          out.write('\n');
        }
        batch.clear();
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The log's output is gone (closed terminal); requests go on unlogged.
    }
  }

  static String text(Entry e) {
    StringBuilder b = new StringBuilder(128);
    b.append(e.time()).append(' ').append(e.client()).append(" \"").append(e.method()).append(' ');
    appendSafe(b, e.path());
    b.append("\" ").append(e.status()).append(' ').append(e.bytes()).append(' ');
    b.append(String.format("%.1fms", e.nanos() / 1e6));
    if (e.note() != null && !e.note().isEmpty()) {
      b.append(' ');
      appendSafe(b, e.note());
    }
    return b.toString();
  }

  static String json(Entry e) {
    StringBuilder b = new StringBuilder(160);
    b.append("{\"time\":\"").append(e.time()).append("\",\"client\":");
    quote(b, e.client());
    b.append(",\"method\":");
    quote(b, e.method());
    b.append(",\"path\":");
    quote(b, e.path());
    b.append(",\"status\":").append(e.status());
    b.append(",\"bytes\":").append(e.bytes());
    b.append(",\"duration_ms\":").append(String.format("%.3f", e.nanos() / 1e6));
    if (e.note() != null && !e.note().isEmpty()) {
      b.append(",\"note\":");
      quote(b, e.note());
    }
    return b.append('}').toString();
  }

  /** Appends {@code s} with control characters and quotes escaped, so one request is one line. */
  private static void appendSafe(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
  }

  /** Appends {@code s} as a JSON string. */
  public static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || (c >= 0x2028 && c <= 0x2029)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  @Override
  public void close() {
    closed = true;
    if (writer.isAlive()) {
      try {
        writer.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      out.flush();
    } catch (IOException e) {
      // nothing left to do
    }
  }
}
