package dev.gofer.toolchain.install;

/** Told what an install is doing, for the progress shown on stderr. */
public interface Listener {
  /** Ignores everything. */
  Listener NONE =
      new Listener() {
        @Override
        public void info(String message) {}

        @Override
        public Download download(String what) {
          return Download.NONE;
        }
      };

  /** A status line ("verifying ..."). */
  void info(String message);

  /** A download of {@code what} starts; the result is told how it advances. */
  Download download(String what);

  /** One download. */
  interface Download {
    Download NONE =
        new Download() {
          @Override
          public void update(long done, long total) {}

          @Override
          public void finished(long bytes) {}
        };

    /** {@code done} bytes so far of {@code total} (-1 when unknown). */
    void update(long done, long total);

    /** The download ended with {@code bytes} bytes (called on success only). */
    void finished(long bytes);
  }
}
