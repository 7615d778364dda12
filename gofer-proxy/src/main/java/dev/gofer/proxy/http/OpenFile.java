package dev.gofer.proxy.http;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A verified file held open while it is published: readers share one channel and read by
 * position (so they never share a file pointer), and the channel is closed when the last holder
 * releases it. Renaming or deleting the file does not affect it (a Linux descriptor names the
 * inode, not the path). The attributes are those of the file when it was opened, which a rename
 * keeps: an answer from the open file has the entity tag the published file will have.
 *
 * <p>Whoever opens it holds the first reference; {@link #retain} adds one (and fails once the
 * count dropped to zero), {@link #release} gives one back.
 */
public final class OpenFile {
  private final FileChannel channel;
  private final BasicFileAttributes attributes;
  private int refs = 1;

  private OpenFile(FileChannel channel, BasicFileAttributes attributes) {
    this.channel = channel;
    this.attributes = attributes;
  }

  /** Opens {@code file} for reading; the caller holds the one reference. */
  public static OpenFile open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new OpenFile(ch, Files.readAttributes(file, BasicFileAttributes.class));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Adds a reference; false (and nothing added) if the file was already closed. */
  public synchronized boolean retain() {
    if (refs == 0) {
      return false;
    }
    refs++;
    return true;
  }

  /** Gives back a reference; the last one closes the file. */
  public void release() {
    synchronized (this) {
      if (refs == 0) {
        throw new IllegalStateException("released more often than retained");
      }
      if (--refs > 0) {
        return;
      }
    }
    try {
      channel.close();
    } catch (IOException e) {
      // a read-only descriptor: nothing was lost
    }
  }

  /** How many references are held (tests). */
  synchronized int references() {
    return refs;
  }

  /** The size of the file when it was opened (a verified file does not change). */
  public long size() {
    return attributes.size();
  }

  BasicFileAttributes attributes() {
    return attributes;
  }

  /** Reads into {@code buf} from {@code position} (concurrent readers do not interfere). */
  int read(ByteBuffer buf, long position) throws IOException {
    return channel.read(buf, position);
  }

  /** The whole content (small files; the caller holds a reference). */
  public byte[] readAllBytes() throws IOException {
    long size = size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException("file too large to read whole: " + size + " bytes");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    while (buf.hasRemaining()) {
      if (channel.read(buf, buf.position()) < 0) {
        throw new EOFException("file ended at " + buf.position() + " of " + size + " bytes");
      }
    }
    return buf.array();
  }
}
