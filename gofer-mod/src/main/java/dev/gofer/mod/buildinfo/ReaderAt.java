package dev.gofer.mod.buildinfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional reads from a file or a byte array, Go's {@code io.ReaderAt}: nothing is read
 * until asked for, so a large binary is never loaded whole.
 */
interface ReaderAt {

  /** The number of bytes there are to read. */
  long size() throws IOException;

  /**
   * Reads up to {@code len} bytes at {@code pos} into {@code dst[off..]}, fewer only at the end
   * of the data, and returns how many were read.
   */
  int read(long pos, byte[] dst, int off, int len) throws IOException;

  /** Reads exactly {@code len} bytes at {@code pos}, or returns false at the end of the data. */
  default boolean readFully(long pos, byte[] dst, int off, int len) throws IOException {
    return read(pos, dst, off, len) == len;
  }

  static ReaderAt of(FileChannel channel) {
    return new ReaderAt() {
      @Override
      public long size() throws IOException {
        return channel.size();
      }

      @Override
      public int read(long pos, byte[] dst, int off, int len) throws IOException {
        if (pos < 0 || pos > Long.MAX_VALUE - len) {
          return 0;
        }
        ByteBuffer buf = ByteBuffer.wrap(dst, off, len);
        int total = 0;
        while (buf.hasRemaining()) {
          int n = channel.read(buf, pos + total);
          if (n < 0) {
            break;
          }
          total += n;
        }
        return total;
      }
    };
  }

  static ReaderAt of(byte[] data) {
    return new ReaderAt() {
      @Override
      public long size() {
        return data.length;
      }

      @Override
      public int read(long pos, byte[] dst, int off, int len) {
        if (pos < 0 || pos >= data.length) {
          return 0;
        }
        int n = (int) Math.min(len, data.length - pos);
        System.arraycopy(data, (int) pos, dst, off, n);
        return n;
      }
    };
  }
}
