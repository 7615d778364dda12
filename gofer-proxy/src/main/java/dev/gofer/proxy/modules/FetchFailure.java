package dev.gofer.proxy.modules;

import dev.gofer.proxy.http.Answer;

/**
 * Why a fetch gave no file: the HTTP status the client gets and a one-line message. {@link
 * #notFound()} failures ("not here", 404/410 upstream) may be cached briefly; the others may not.
 * Thrown inside the fetch path and turned into an {@link Answer.Failure} at its edge.
 */
final class FetchFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final boolean notFound;

  private FetchFailure(int status, String message, boolean notFound, Throwable cause) {
    super(oneLine(message), cause, false, false);
    this.status = status;
    this.notFound = notFound;
  }

  /** The module or version is not available upstream: 404, cacheable. */
  static FetchFailure notFound(String message) {
    return new FetchFailure(404, message, true, null);
  }

  /** Verification refused the download: 403. */
  static FetchFailure refused(String message) {
    return new FetchFailure(403, message, false, null);
  }

  /** The upstream could not be used: {@code status} is 404 or 502 as configured. */
  static FetchFailure badUpstream(int status, String message, Throwable cause) {
    return new FetchFailure(status, message, false, cause);
  }

  int status() {
    return status;
  }

  boolean notFound() {
    return notFound;
  }

  /** The failure as an answer: negative answers are cacheable, others are not. */
  Answer.Failure answer() {
    return new Answer.Failure(
        status, getMessage(), notFound ? Answer.Caching.NEGATIVE : Answer.Caching.PRIVATE);
  }

  /** Folds the go command's multi-line proxy errors ({@code \n\tserver response: ...}) into one line. */
  static String oneLine(String s) {
    if (s == null) {
      return "error";
    }
    StringBuilder b = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        space = true;
        continue;
      }
      if (space) {
        if (b.length() > 0 && b.charAt(b.length() - 1) != ' ') {
          b.append(' ');
        }
        space = false;
      }
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.length() > 600 ? b.substring(0, 600) : b.toString();
  }
}
