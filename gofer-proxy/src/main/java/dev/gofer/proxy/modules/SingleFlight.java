package dev.gofer.proxy.modules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One execution per key at a time: the first caller for a key runs the work on its own thread;
 * callers that arrive while it runs wait for, and share, its result or failure. A caller that
 * arrives after it finished runs the work again (the work re-checks the store first, so that
 * second run is a cheap hit).
 */
final class SingleFlight {

  /** Work that may fail with an I/O error. */
  interface Work<V> {
    V run() throws IOException;
  }

  private final ConcurrentHashMap<String, CompletableFuture<Object>> flights = new ConcurrentHashMap<>();

  /**
   * Runs {@code work} for {@code key}, or waits for the run already under way; {@code onWait} is
   * called when this caller waits. I/O errors come out as {@link UncheckedIOException}, other
   * failures as they were thrown.
   */
  @SuppressWarnings("unchecked")
  <V> V run(String key, Work<V> work, Runnable onWait) {
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> other = flights.putIfAbsent(key, mine);
    if (other != null) {
      onWait.run();
      try {
        return (V) other.join();
      } catch (CompletionException | CancellationException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      }
    }
    try {
      V v = work.run();
      mine.complete(v);
      return v;
    } catch (IOException e) {
      UncheckedIOException u = new UncheckedIOException(e);
      mine.completeExceptionally(u);
      throw u;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      flights.remove(key, mine);
    }
  }

  /** Keys with a run under way (for tests and diagnostics). */
  int inFlight() {
    return flights.size();
  }
}
