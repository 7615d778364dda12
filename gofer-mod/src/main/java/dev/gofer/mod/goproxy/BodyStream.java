package dev.gofer.mod.goproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as a blocking {@link InputStream} with an idle timeout: a read that waits longer
 * than the timeout for the next bytes fails with {@link HttpTimeoutException}. (The JDK's own
 * {@code ofInputStream} waits forever on a stalled server, and {@code HttpRequest.timeout} only
 * covers the response headers.) One buffer list is requested at a time, so a slow reader holds
 * back the connection instead of buffering the body in memory.
 */
final class BodyStream extends InputStream implements HttpResponse.BodySubscriber<BodyStream> {
  private static final Object END = new Object();

  private final long idleNanos;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
  private ByteBuffer current;
  private boolean done;
  private IOException failure;
  private volatile boolean closed;

  BodyStream(Duration idleTimeout) {
    this.idleNanos = idleTimeout.toNanos();
  }

  @Override
  public CompletionStage<BodyStream> getBody() {
    return CompletableFuture.completedStage(this);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (!subscription.complete(s) || closed) {
      s.cancel();
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.add(item);
  }

  @Override
  public void onError(Throwable t) {
    queue.add(t);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!advance()) {
      return -1;
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    return n;
  }

  /** Makes {@code current} a buffer with bytes left; false at the end of the body. */
  private boolean advance() throws IOException {
    while (current == null || !current.hasRemaining()) {
      if (buffers.hasNext()) {
        current = buffers.next();
        continue;
      }
      if (closed) {
        throw new IOException("stream closed");
      }
      if (failure != null) {
        throw failure;
      }
      if (done) {
        return false;
      }
      Object next;
      try {
        next = queue.poll(idleNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new InterruptedIOException("interrupted while reading response body");
      }
      if (next == null) {
        cancel();
        failure =
            new HttpTimeoutException(
                "timed out after " + Duration.ofNanos(idleNanos) + " waiting for response body");
        throw failure;
      }
      if (next == END) {
        done = true;
      } else if (next instanceof Throwable t) {
        failure = t instanceof IOException io ? io : new IOException(t.getMessage(), t);
      } else {
        @SuppressWarnings("unchecked")
        List<ByteBuffer> list = (List<ByteBuffer>) next;
        buffers = list.iterator();
        subscription.join().request(1);
      }
    }
    return true;
  }

  private void cancel() {
    Flow.Subscription s = subscription.getNow(null);
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (!done) {
        cancel();
      }
      queue.clear();
    }
  }
}
