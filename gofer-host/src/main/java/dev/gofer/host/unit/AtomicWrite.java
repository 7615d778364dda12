package dev.gofer.host.unit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Puts a generated configuration file on disk the way systemd should see it: complete or not at
 * all. The text goes to a temporary file in the same directory, is synced, made {@code 0644} and
 * renamed over the target.
 */
public final class AtomicWrite {
  /** What a write did. */
  public enum Outcome {
    /** The file did not exist and was written. */
    CREATED,
    /** The file existed with other content and was replaced (with force). */
    REPLACED,
    /** The file already held exactly this text; nothing was written. */
    UNCHANGED
  }

  private AtomicWrite() {}

  /**
   * Writes {@code text} to {@code target}, creating its parent directories.
   *
   * @param force whether to replace a file with different content
   * @throws FileAlreadyExistsException if the file exists with other content and {@code force}
   *     is false; the file is left as it was
   */
  public static Outcome write(Path target, String text, boolean force) throws IOException {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    boolean exists = Files.exists(target);
    if (exists) {
      if (!Files.isRegularFile(target)) {
        throw new IOException(target + " exists and is not a regular file");
      }
      if (java.util.Arrays.equals(Files.readAllBytes(target), data)) {
        return Outcome.UNCHANGED;
      }
      if (!force) {
        throw new FileAlreadyExistsException(target.toString(), null, "exists with different content");
      }
    }
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(dir);
    return exists ? Outcome.REPLACED : Outcome.CREATED;
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the rename itself is still atomic.
    }
  }
}
