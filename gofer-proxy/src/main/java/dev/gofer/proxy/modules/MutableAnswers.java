package dev.gofer.proxy.modules;

import dev.gofer.mod.module.ModulePath;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The last upstream answers to the mutable requests ({@code list}, {@code @latest}, {@code .info}
 * of a query such as {@code master}), kept under {@code <data>/state/modules/<escaped path>/} in
 * the request's own shape ({@code @v/list}, {@code @latest}, {@code @v/<escaped query>.info}).
 * A file's modification time is when the answer was fetched (set from the injected clock), so
 * freshness survives a restart. Files are published atomically like everything in the store.
 */
final class MutableAnswers {

  /** A remembered answer and when it was fetched. */
  record Entry(byte[] body, Instant fetched) {}

  private final Store store;
  private final Clock clock;
  private final Path root;

  MutableAnswers(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.root = store.state().resolve("modules");
  }

  Path list(String module) {
    return dir(module).resolve("@v").resolve("list");
  }

  Path latest(String module) {
    return dir(module).resolve("@latest");
  }

  /** The file of a query; the suffix keeps any query (even {@code ..}) a plain file name. */
  Path info(String module, String query) {
    return dir(module).resolve("@v").resolve(ModulePath.escapeVersion(query) + ".info");
  }

  private Path dir(String module) {
    return root.resolve(ModulePath.escape(module));
  }

  /** The remembered answer in {@code file}, if any. */
  Optional<Entry> read(Path file) throws IOException {
    try {
      Instant fetched = Files.getLastModifiedTime(file).toInstant();
      return Optional.of(new Entry(Files.readAllBytes(file), fetched));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Remembers {@code body} as fetched now. */
  Entry write(Path file, byte[] body) throws IOException {
    Instant now = clock.instant();
    Path temp = store.newTemp(file);
    try {
      Files.write(temp, body);
      Files.setLastModifiedTime(temp, FileTime.from(now));
      store.publish(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
    return new Entry(body, now);
  }
}
