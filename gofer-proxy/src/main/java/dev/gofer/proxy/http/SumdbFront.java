package dev.gofer.proxy.http;

/**
 * Answers {@code /sumdb/<name>/...}: {@code supported}, {@code latest}, {@code lookup/...} and
 * {@code tile/...} of every configured checksum database. {@code rest} is the decoded path after
 * {@code /sumdb/}; unknown database names answer 404 so that clients move down their GOPROXY
 * list.
 */
public interface SumdbFront {
  Answer answer(String rest);

  /** A front that proxies no checksum database. */
  SumdbFront NONE = rest -> Answer.notFound("not found: no checksum database is proxied here");
}
