package dev.gofer.mod.dirhash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately strict reader of a zip file's central directory, for {@link ZipStreamHash}: it
 * accepts only the plain layout every module zip writer produces, where Go's {@code archive/zip}
 * and any other reader cannot disagree about which entries exist and where their local headers
 * are. Anything else is a {@link Fallback}, never an error: the caller then hashes the
 * zip with {@link DirHash#hashZip(java.nio.file.Path)}, which decides whether it is valid.
 *
 * <p>Accepted: one end-of-central-directory record (EOCD) ending exactly at the end of the file
 * (its comment runs to the last byte), found as both readers find it, the signature nearest the
 * end; disk numbers 0 and as many entries on this disk as in total; no zip64 record or field
 * (no saturated count, size or offset, no zip64 locator before the EOCD, no zip64 extra block;
 * extra fields cleanly split into blocks); and central
 * directory records that tile {@code [cenOffset, cenOffset + cenSize)} exactly, which ends
 * where the EOCD starts. That last rule pins the base offset at 0: Go adds a base offset to
 * every local header offset when the directory does not end at the EOCD (prepended data), and
 * so does the full pass ({@link GoZipReader}), so with any other layout "offset X" would not mean byte X of the file.
 */
final class CentralDirectory {
  static final int CEN_SIG = 0x02014b50;
  static final int EOCD_SIG = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
  private static final int ZIP64_EXTRA = 0x0001;
  private static final int EOCD_LEN = 22;
  private static final int CEN_LEN = 46;
  private static final int MAX_COMMENT = 0xFFFF;
  static final long SATURATED = 0xFFFFFFFFL;

  private CentralDirectory() {}

  /**
   * One central directory record: the fields {@code archive/zip} takes from it. Sizes and the
   * offset are unsigned 32-bit values.
   */
  record Entry(
      byte[] name,
      int flags,
      int method,
      int crc,
      long compressedSize,
      long size,
      long localOffset) {}

  /** Why the fast path was not taken; cheap (no stack trace), caught by {@link ZipStreamHash}. */
  static final class Fallback extends Exception {
    private static final long serialVersionUID = 1L;

    Fallback(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The entries of the zip in {@code ch}, in directory order. */
  static List<Entry> read(FileChannel ch) throws IOException, Fallback {
    long size = ch.size();
    if (size < EOCD_LEN) {
      throw new Fallback("shorter than an end-of-central-directory record");
    }
    int tailLen = (int) Math.min(size, MAX_COMMENT + EOCD_LEN);
    ByteBuffer tail = readAt(ch, size - tailLen, tailLen);
    int at = -1;
    for (int i = tailLen - EOCD_LEN; i >= 0; i--) {
      if (tail.getInt(i) == EOCD_SIG) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      throw new Fallback("no end-of-central-directory record");
    }
    if (at + EOCD_LEN + u16(tail, at + 20) != tailLen) {
      throw new Fallback("the end-of-central-directory record does not end the file");
    }
    long eocdOffset = size - tailLen + at;
    int disk = u16(tail, at + 4);
    int cenDisk = u16(tail, at + 6);
    int onDisk = u16(tail, at + 8);
    int total = u16(tail, at + 10);
    long cenSize = u32(tail, at + 12);
    long cenOffset = u32(tail, at + 16);
    if (disk != 0 || cenDisk != 0 || onDisk != total) {
      throw new Fallback("a multi-disk zip");
    }
    if (total == 0xFFFF || cenSize == SATURATED || cenOffset == SATURATED) {
      throw new Fallback("a zip64 end-of-central-directory record");
    }
    if (cenOffset + cenSize != eocdOffset) {
      throw new Fallback("the central directory does not end where its end record starts");
    }
    if (eocdOffset >= 20 && readAt(ch, eocdOffset - 20, 4).getInt(0) == ZIP64_LOCATOR_SIG) {
      throw new Fallback("a zip64 end-of-central-directory locator");
    }
    if (cenSize > Integer.MAX_VALUE - 8) {
      throw new Fallback("a central directory of " + cenSize + " bytes");
    }
    ByteBuffer cen = readAt(ch, cenOffset, (int) cenSize);
    List<Entry> entries = new ArrayList<>(Math.min(total, (int) (cenSize / CEN_LEN)));
    int pos = 0;
    for (int i = 0; i < total; i++) {
      if (cen.limit() - pos < CEN_LEN || cen.getInt(pos) != CEN_SIG) {
        throw new Fallback("central directory record " + i + " is missing or malformed");
      }
      int flags = u16(cen, pos + 8);
      int method = u16(cen, pos + 10);
      int crc = cen.getInt(pos + 16);
      long compressed = u32(cen, pos + 20);
      long uncompressed = u32(cen, pos + 24);
      int nameLen = u16(cen, pos + 28);
      int extraLen = u16(cen, pos + 30);
      int commentLen = u16(cen, pos + 32);
      int startDisk = u16(cen, pos + 34);
      long localOffset = u32(cen, pos + 42);
      int len = CEN_LEN + nameLen + extraLen + commentLen;
      if (cen.limit() - pos < len) {
        throw new Fallback("central directory record " + i + " runs past the directory");
      }
      if (compressed == SATURATED || uncompressed == SATURATED || localOffset == SATURATED) {
        throw new Fallback("central directory record " + i + " has zip64 sizes or offset");
      }
      if (startDisk != 0) {
        throw new Fallback("central directory record " + i + " is on another disk");
      }
      if (!plainExtra(cen, pos + CEN_LEN + nameLen, extraLen)) {
        throw new Fallback(
            "central directory record " + i + " has a zip64 or malformed extra field");
      }
      byte[] name = new byte[nameLen];
      cen.get(pos + CEN_LEN, name);
      entries.add(new Entry(name, flags, method, crc, compressed, uncompressed, localOffset));
      pos += len;
    }
    if (pos != cen.limit()) {
      throw new Fallback("the central directory has bytes after its " + total + " records");
    }
    return entries;
  }

  /**
   * Whether an extra field is a clean sequence of (tag, length, data) blocks without a zip64
   * block. Go ignores a zip64 block unless a size or offset is saturated, the JDK validates it
   * in any case and refuses some that Go accepts; and the JDK refuses blocks that overrun the
   * field. Either way the two readers could disagree about the zip, so it is left to the full
   * pass.
   */
  private static boolean plainExtra(ByteBuffer b, int at, int len) {
    int p = at;
    int end = at + len;
    while (p < end) {
      if (end - p < 4 || u16(b, p) == ZIP64_EXTRA) {
        return false;
      }
      p += 4 + u16(b, p + 2);
    }
    return p == end;
  }

  private static ByteBuffer readAt(FileChannel ch, long position, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        throw new java.io.EOFException("zip file shrank while it was read");
      }
    }
    return b.flip();
  }

  private static int u16(ByteBuffer b, int at) {
    return Short.toUnsignedInt(b.getShort(at));
  }

  private static long u32(ByteBuffer b, int at) {
    return Integer.toUnsignedLong(b.getInt(at));
  }
}
