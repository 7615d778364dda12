package dev.gofer.mod.goproxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The GOPROXY protocol seen from the client: what cmd/go asks of a module proxy. {@link ProxyClient}
 * talks to one proxy; {@link ProxyChain} walks a {@code GOPROXY} list. Every method validates and
 * case-encodes its module path and version first (an invalid one raises the {@code module} or
 * {@code semver} package's exception before any request); every proxy failure is a
 * {@link ProxyException}.
 */
public sealed interface ModuleProxy extends AutoCloseable permits ProxyClient, ProxyChain {

  /**
   * The tagged versions of a module ({@code @v/list}), as cmd/go's {@code Versions}: each line's
   * first field, kept if it is valid semver and not a pseudo-version, sorted in semver order.
   * An empty list is a valid answer (a module with no tags).
   */
  List<String> list(String path);

  /**
   * Resolves {@code query} ({@code @v/<query>.info}): a version, a branch, a revision, or
   * {@code latest}. If {@code query} is a canonical version that fits the path, the proxy must
   * answer exactly that version.
   */
  Info info(String path, String query);

  /**
   * The proxy's latest version ({@code @latest}); if the proxy answers 404 or 410, the newest
   * untagged version in {@code @v/list} by its reported time or pseudo-version time, as cmd/go.
   */
  Info latest(String path);

  /** The {@code go.mod} of a canonical version ({@code @v/<version>.mod}), at most 16 MiB. */
  byte[] mod(String path, String version);

  /**
   * Streams the zip of a canonical version ({@code @v/<version>.zip}) into {@code out}, at most
   * 500 MiB, never holding it in memory.
   *
   * @return the number of bytes written
   * @throws IOException only if writing to {@code out} fails
   */
  long zip(String path, String version, OutputStream out, Progress progress) throws IOException;

  /**
   * Downloads the zip of a canonical version to {@code dest} atomically: a temporary file in the
   * same directory, flushed to disk, then renamed; nothing is left behind on failure.
   *
   * @return the number of bytes written
   * @throws IOException only if the local file cannot be written
   */
  long zip(String path, String version, Path dest, Progress progress) throws IOException;

  /** Releases the HTTP client, if this object created it. */
  @Override
  void close();
}
