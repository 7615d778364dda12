package dev.gofer.proxy.store;

import dev.gofer.mod.module.ModulePath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The proxy's store: Go's module download cache layout under {@code <data>/cache/download}, so
 * that {@code GOPROXY=file://<data>/cache/download} works on it directly, and gofer's own state
 * under {@code <data>/state}.
 *
 * <p>Every file is published by writing a temporary file in the same directory, forcing it to
 * disk, and renaming it into place; the directory is then forced too, in the background (see
 * {@link DirectorySync} for why that keeps the guarantee). A file that is present is therefore
 * complete. Temporary files and directories carry the {@code .tmp-} infix that Go's own cache uses
 * and are removed when a store is opened by the only process that has it open: they are then what
 * a killed process left behind. While another {@code serve} or {@code mirror} process has the
 * store open, its temporaries are its work in progress and are left alone ({@link StoreLock}).
 *
 * <p>Re-derivable cache files can be handed over with {@link #writeBehind}: they are published in
 * the background, visible through {@link #pending} until then, and made durable by {@link
 * #flush}.
 */
public final class Store implements AutoCloseable {
  static final String TEMP_INFIX = ".tmp-";

  private final Path data;
  private final Path download;
  private final Path state;
  private final DirectorySync directories = new DirectorySync();
  private final WriteBehind behind = new WriteBehind(this::write);
  private final WriteBehind cacheBehind = new WriteBehind((target, bytes) -> write(target, bytes, false));
  private final java.util.concurrent.ConcurrentHashMap<Path, java.util.concurrent.CompletableFuture<Void>> publishing =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ExecutorService publishers =
      java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("publish-behind").factory());
  private StoreLock lock;

  private Store(Path data) {
    this.data = data;
    this.download = data.resolve("cache").resolve("download");
    this.state = data.resolve("state");
  }

  /**
   * Opens (creating if needed) the store under {@code data}, holding it open (see {@link
   * StoreLock}) until {@link #close} or the end of the process; if no other process has it open,
   * first removes the temporary files and directories killed processes left behind.
   */
  public static Store open(Path data) throws IOException {
    Store store = new Store(data.toAbsolutePath().normalize());
    Files.createDirectories(store.download);
    Files.createDirectories(store.state);
    store.lock = StoreLock.acquire(store.state.resolve(StoreLock.FILE), store::removeTemps);
    return store;
  }

  /**
   * Makes everything written durable ({@link #flush}) and gives up this process's hold on the
   * store, after which another process opening it may remove temporary files.
   */
  @Override
  public void close() {
    flush();
    StoreLock l = lock;
    lock = null;
    if (l != null) {
      l.release();
    }
  }

  public Path data() {
    return data;
  }

  /** {@code <data>/cache/download}: the GOPROXY-shaped tree. */
  public Path download() {
    return download;
  }

  /** {@code <data>/state}: gofer's own state (tree heads, freshness records). */
  public Path state() {
    return state;
  }

  /** The directory {@code <escaped path>/@v} of a module. */
  public Path versionDir(String modulePath) {
    return download.resolve(ModulePath.escape(modulePath)).resolve("@v");
  }

  /** {@code <escaped path>/@v/list}. */
  public Path list(String modulePath) {
    return versionDir(modulePath).resolve("list");
  }

  /**
   * {@code <escaped path>/@v/<escaped version>.<ext>}, for {@code ext} one of {@code info},
   * {@code mod}, {@code zip}, {@code ziphash}.
   */
  public Path file(String modulePath, String version, String ext) {
    return versionDir(modulePath).resolve(ModulePath.escapeVersion(version) + "." + ext);
  }

  /** {@code <data>/cache/download/sumdb/<name>}: lookups and tiles of one checksum database. */
  public Path sumdb(String name) {
    return download.resolve("sumdb").resolve(name);
  }

  /** The file if it is present (and so complete). */
  public static Optional<Path> existing(Path file) {
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /** Creates a new temporary file beside {@code target} (creating the directory). */
  public Path newTemp(Path target) throws IOException {
    Path temp = tempFor(target);
    createNew(temp).close();
    return temp;
  }

  private static Path tempFor(Path target) {
    // 63 random bits: a non-negative long prints without the BigInteger detour that
    // Long.toUnsignedString takes in base 36 for half of all values.
    return target.resolveSibling(
        target.getFileName() + TEMP_INFIX + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36));
  }

  /**
   * Creates {@code temp} (which must not exist) for writing, and its directory if missing. The
   * directory usually exists, so it is created only when the first attempt says it is not there.
   */
  private static FileChannel createNew(Path temp) throws IOException {
    try {
      return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      Files.createDirectories(temp.getParent());
      return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  /**
   * Forces {@code temp} to disk and renames it to {@code target} atomically, replacing what was
   * there; the directory is forced in the background ({@link #flush} waits for that). The temp
   * file must be beside the target (see {@link #newTemp}).
   */
  public void publish(Path temp, Path target) throws IOException {
    rename(temp, target);
    directories.renamed(target.getParent());
  }

  /** Forces {@code temp} to disk and renames it to {@code target} atomically. */
  private static void rename(Path temp, Path target) throws IOException {
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    move(temp, target);
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /**
   * Makes every file published so far survive a power loss (their content always does; this
   * forces the directories that name them), after publishing every file queued with {@link
   * #writeBehind}. For commands that report "done" to a user, and for a clean shutdown.
   */
  public void flush() {
    for (java.util.concurrent.CompletableFuture<Void> p : java.util.List.copyOf(publishing.values())) {
      p.exceptionally(e -> null).join();
    }
    behind.flush();
    cacheBehind.flush();
    directories.flush();
  }

  /**
   * Publishes {@code bytes} as {@code target} in the background, like {@link #write} (so a file
   * that is present is complete); until then {@link #pending} returns them. Only for verified,
   * re-derivable cache files: a crash before the write loses the file, which then costs a refetch.
   * The array must not be changed afterwards.
   */
  public void writeBehind(Path target, byte[] bytes) {
    behind.write(target, bytes);
  }

  /**
   * Like {@link #writeBehind}, but the directory is not forced afterwards, not even by {@link
   * #flush}: a power loss may lose the name (never part of the content). The go command's own
   * durability for its checksum-database cache (lookups and tiles), which is re-derivable and
   * was verified before it was written; it halves the fsyncs a cold lookup causes.
   */
  public void cacheBehind(Path target, byte[] bytes) {
    cacheBehind.write(target, bytes);
  }

  /**
   * The bytes queued by {@link #writeBehind} or {@link #cacheBehind} for {@code target} and not
   * yet published, or null.
   */
  public byte[] pending(Path target) {
    byte[] queued = behind.pending(target);
    return queued != null ? queued : cacheBehind.pending(target);
  }

  /**
   * Whether {@code file} is in the store for a reader: present on disk, or queued by {@link
   * #writeBehind} or {@link #cacheBehind} and not yet published.
   */
  public boolean has(Path file) {
    return pending(file) != null || Files.isRegularFile(file);
  }

  /** The files of directory {@code dir} queued by {@link #writeBehind} and not yet published. */
  public java.util.List<Path> pendingIn(Path dir) {
    java.util.List<Path> files = behind.pendingIn(dir);
    files.addAll(cacheBehind.pendingIn(dir));
    return files;
  }

  /**
   * Waits until {@code target}, if it was queued by {@link #writeBehind} or {@link #cacheBehind},
   * or handed to {@link #publishBehind}, is published (or its write failed): for files whose presence on disk must precede another's.
   */
  public void awaitPublished(Path target) {
    java.util.concurrent.CompletableFuture<Void> p = publishing.get(target);
    if (p != null) {
      p.exceptionally(e -> null).join();
    }
    behind.await(target);
    cacheBehind.await(target);
  }

  /** Work run before a background publish; may fail. */
  @FunctionalInterface
  public interface Step {
    void run() throws IOException;
  }

  /**
   * Runs {@code first} and then {@link #publish}es {@code temp} (a complete, verified file from
   * {@link #newTemp}) as {@code target} on a background thread; the temp file is deleted if that
   * fails. {@link #awaitPublished} and {@link #flush} wait for it. For large files served from an
   * open descriptor meanwhile (renaming does not affect an open file). The future completes after
   * the rename, or exceptionally with what failed (logged here too); a crash before the rename
   * leaves only a temp file, which the next {@link #open} removes.
   */
  public java.util.concurrent.CompletableFuture<Void> publishBehind(Path temp, Path target, Step first) {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    if (publishing.putIfAbsent(target, done) != null) {
      throw new IllegalStateException(target + " is already being published");
    }
    Runnable task =
        () -> {
          try {
            first.run();
            publish(temp, target);
            publishing.remove(target, done);
            done.complete(null);
          } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Store.class).warn("cannot store {}: {}", target, e.toString());
            try {
              Files.deleteIfExists(temp);
            } catch (IOException ignored) {
              // removed when the store is next opened
            }
            publishing.remove(target, done);
            done.completeExceptionally(e);
          }
        };
    try {
      publishers.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      task.run();
    }
    return done;
  }

  /** Writes {@code bytes} to {@code target} through a temp file and {@link #publish}. */
  public void write(Path target, byte[] bytes) throws IOException {
    write(target, bytes, true);
  }

  // One open of the temp file for writing and forcing, no directory check unless it is missing,
  // no unlink after a successful rename: small files are most of what a cold fetch writes, and
  // each of those system calls showed in the cold download's profile (bench/RESULTS.md).
  private void write(Path target, byte[] bytes, boolean syncDirectory) throws IOException {
    Path temp = tempFor(target);
    boolean moved = false;
    try {
      try (FileChannel ch = createNew(temp)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      move(temp, target);
      moved = true;
      if (syncDirectory) {
        directories.renamed(target.getParent());
      }
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Whether a name is one of the store's temporary files. */
  public static boolean isTemp(Path file) {
    return file.getFileName().toString().contains(TEMP_INFIX);
  }

  private void removeTemps() throws IOException {
    Files.walkFileTree(
        data,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (!dir.equals(data) && isTemp(dir)) {
              // A work directory a killed command left behind (mirror import's import.tmp-*).
              deleteTree(dir);
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (isTemp(file)) {
              Files.deleteIfExists(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
