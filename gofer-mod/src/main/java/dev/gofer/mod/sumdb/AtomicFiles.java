package dev.gofer.mod.sumdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Atomic file replacement: write a temporary file in the target's directory, fsync it, rename it
 * over the target, and (for state that must not go back in time) fsync the directory. A reader
 * sees the old file or the new one, never a part, also after a crash.
 *
 * <p>Temporary files are named {@code <target name>.tmp-<random>}, the infix of the go command's
 * module cache, so that a store that removes {@code *.tmp-*} leftovers on start finds what a
 * killed process left here too.
 */
final class AtomicFiles {
  /** The infix of every temporary file name. */
  static final String TEMP_INFIX = ".tmp-";

  private AtomicFiles() {}

  /** Replaces {@code target} durably: content and name survive a power loss once this returns. */
  static void write(Path target, byte[] data) throws IOException {
    write(target, data, true);
  }

  /**
   * Replaces {@code target}; with {@code syncDirectory} false the name may be lost on power loss
   * (never the content of a name that survives: the file is forced before the rename). That is
   * the go command's own durability for its checksum-database cache, whose files are
   * re-derivable and were verified before they were written.
   */
  static void write(Path target, byte[] data, boolean syncDirectory) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = newTemp(target);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      if (syncDirectory) {
        syncDirectory(dir);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates a new empty temporary file beside {@code target}, named {@code <name>.tmp-<random>}. */
  static Path newTemp(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    return Files.createTempFile(dir, target.getFileName() + TEMP_INFIX, "");
  }

  /** Makes a rename or file creation in {@code dir} durable (a no-op where that is unsupported). */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open or sync directories; the rename itself is still atomic.
    }
  }
}
