package dev.gofer.proxy.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Forces directories to disk after renames into them, on a background virtual thread instead of
 * the publishing one, and coalesced: renames into a directory that happen before its queued force
 * starts are made durable by that one force.
 *
 * <p><b>Why this keeps the store crash-safe.</b> A file is forced to disk <em>before</em> it is
 * renamed into place ({@link Store#publish}), so whenever its name exists, on any later boot, its
 * content is complete: a present file is complete and verified, also after power loss. After
 * {@code kill -9} nothing is lost at all: the rename is in the kernel, which outlives the process.
 * What the directory force adds is only that the <em>name</em> survives a power loss; without it,
 * a power loss within the few milliseconds before the background force can make a just-published
 * name disappear, which costs a refetch (gofer recomputes {@code list} and {@code @latest} from
 * the names present, and a missing {@code .ziphash} beside a {@code .zip} is recomputed by the go
 * command and refused by {@code gofer verify}, never served as a wrong hash). {@link #flush} makes
 * every earlier rename durable, for callers that report "done" to a user (mirror import, sync).
 */
final class DirectorySync {
  private final Set<Path> queued = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<Path, Integer> forcing = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dir-sync").factory());

  /** Makes the renames into {@code dir} done so far durable soon. */
  void renamed(Path dir) {
    if (queued.add(dir)) {
      forcing.merge(dir, 1, Integer::sum);
      try {
        executor.execute(
            () -> {
              try {
                queued.remove(dir);
                force(dir);
              } finally {
                forcing.computeIfPresent(dir, (d, n) -> n == 1 ? null : n - 1);
              }
            });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        queued.remove(dir);
        force(dir);
        forcing.computeIfPresent(dir, (d, n) -> n == 1 ? null : n - 1);
      }
    }
  }

  /** Forces, on this thread, every directory with a rename whose force has not finished. */
  void flush() {
    for (Path dir : List.copyOf(forcing.keySet())) {
      force(dir);
    }
  }

  /** Forces {@code dir} to disk; a no-op on file systems that cannot open directories. */
  static void force(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open directories; the rename is still atomic there.
    }
  }
}
