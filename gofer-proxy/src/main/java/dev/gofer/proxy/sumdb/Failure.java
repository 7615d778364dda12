package dev.gofer.proxy.sumdb;

import dev.gofer.mod.note.NoteException;
import dev.gofer.mod.sumdb.ForkException;
import dev.gofer.mod.tlog.InconsistentTileException;
import java.io.IOException;

/**
 * Why a checksum-database operation failed, read from the exception the {@link
 * dev.gofer.mod.sumdb.Client} threw: the upstream does not have it, could not be read, forked, or
 * sent data that does not verify (with the metric kind: {@code lookup}, {@code tile} or {@code
 * note}).
 */
sealed interface Failure {

  /** The upstream answered 404 or 410 for the thing asked for. */
  record NotFound(String message) implements Failure {}

  /** No usable answer: unreachable, timed out, 5xx, offline, or refused after a fork. */
  record Unreachable(String message) implements Failure {}

  /** The database signed two heads that contradict each other. */
  record Forked(ForkException fork) implements Failure {}

  /** The upstream's answer did not verify. */
  record Unverified(String kind, String message) implements Failure {}

  /**
   * Classifies {@code e}. A 404/410 counts as {@link NotFound} only if it answered a path
   * starting with {@code askedFor} (a lookup's 404 means "no such module"; a tile's 404 during a
   * lookup means the upstream is broken); {@code kind} is the verification kind when the cause
   * does not say better.
   */
  static Failure of(RuntimeException e, String askedFor, String kind) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof ForkException f) {
        return new Forked(f);
      }
      if (t instanceof UpstreamException u) {
        return u.notFound() && u.path().startsWith(askedFor)
            ? new NotFound(message)
            : new Unreachable(message);
      }
      if (t instanceof IOException) {
        return new Unreachable(message);
      }
    }
    depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof InconsistentTileException) {
        return new Unverified("tile", message);
      }
      if (t instanceof NoteException) {
        return new Unverified("note", message);
      }
    }
    if (message.contains("reading tree note")) {
      return new Unverified("note", message);
    }
    if (message.contains("inconsistent tile") || message.contains("inconsistent data tile")) {
      return new Unverified("tile", message);
    }
    return new Unverified(kind, message);
  }
}
