package dev.gofer.mod.goproxy;

/** Told how a download advances; called on the downloading thread after each chunk. */
@FunctionalInterface
public interface Progress {
  /** Ignores all updates. */
  Progress NONE = (done, total) -> {};

  /**
   * @param done bytes received so far (it restarts at 0 if a proxy list moves to its next proxy)
   * @param total the declared size, or -1 when the proxy did not declare one
   */
  void update(long done, long total);
}
