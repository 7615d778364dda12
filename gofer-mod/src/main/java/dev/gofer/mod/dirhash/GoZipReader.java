package dev.gofer.mod.dirhash;

import dev.gofer.mod.internal.Utf8;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a zip by the rules of Go's {@code archive/zip}, which is what the go command's {@code
 * dirhash.HashZip} opens a module zip with: the full pass of {@link DirHash#hashZip(java.nio.file.Path)}
 * must refuse every zip the go command refuses, or gofer would store and serve a zip that every
 * client then rejects. {@code java.util.zip.ZipFile}, used before, accepted four crafted zips
 * Go refuses (ZipStreamHashGoIT): a compressed size shorter than the deflate stream, a data
 * descriptor announced only by the central directory's flags, a data descriptor with the wrong
 * CRC-32, and an end-record comment holding another end signature.
 *
 * <p>What is taken from Go (go1.26 {@code archive/zip/reader.go}): the end record is the last
 * signature in the final 1 KiB, else in the final 65 KiB, whose comment fits in the file (a
 * comment running past the end is an error, not a reason to look further back); a zip64 end
 * record replaces its values when they are saturated; the base offset corrects for bytes
 * prepended to the zip; directory records are read one after another until one does not parse,
 * and their number must match the end record's modulo 65536; sizes and the local header offset
 * come from a zip64 extra block when saturated; an entry's data starts after its local header's
 * name and extra field and is exactly its compressed size; the methods are stored and deflate; a
 * directory entry ({@code /}-terminated name) must be empty; at the end of an entry its size must
 * be the declared one; a data descriptor (directory flag bit 3) is read after the data and its
 * CRC-32 must be the directory's, as must the content's; without one a non-zero directory CRC-32
 * must match.
 *
 * <p>Deliberately stricter than Go: a name that is not UTF-8 is refused (a module zip's file
 * paths must be valid UTF-8 anyway).
 */
final class GoZipReader implements AutoCloseable {
  private static final int EOCD_SIG = 0x06054b50;
  private static final int EOCD_LEN = 22;
  private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
  private static final int ZIP64_LOCATOR_LEN = 20;
  private static final int ZIP64_EOCD_SIG = 0x06064b50;
  private static final int CEN_SIG = 0x02014b50;
  private static final int CEN_LEN = 46;
  private static final int LOC_SIG = 0x04034b50;
  private static final int LOC_LEN = 30;
  private static final int DESCRIPTOR_SIG = 0x08074b50;
  private static final int DESCRIPTOR_LEN = 16;
  private static final int ZIP64_EXTRA = 0x0001;
  private static final long MAX32 = 0xFFFFFFFFL;

  /** One directory record: what {@code archive/zip} keeps of it. */
  record Entry(String name, int flags, int method, long crc, long compressedSize, long size, long headerOffset) {
    boolean hasDataDescriptor() {
      return (flags & 0x8) != 0;
    }
  }

  /** Receives an entry's content as it is read. */
  @FunctionalInterface
  interface Sink {
    void accept(byte[] buf, int off, int len);
  }

  private final FileChannel ch;
  private final long size;
  /** One inflater and input buffer for all entries of the zip (reset between them). */
  private final Inflater inflater = new Inflater(true);
  private final byte[] in = new byte[64 * 1024];

  private GoZipReader(FileChannel ch) throws IOException {
    this.ch = ch;
    this.size = ch.size();
  }

  /** A reader of the zip in {@code ch}; close it to free its inflater. */
  static GoZipReader open(FileChannel ch) throws IOException {
    return new GoZipReader(ch);
  }

  @Override
  public void close() {
    inflater.end();
  }

  /** The entries of the zip, in directory order, as {@code zip.OpenReader} sees them. */
  List<Entry> entries() throws IOException {
    // readDirectoryEnd
    long end = -1;
    ByteBuffer block = null;
    for (long len : new long[] {1024, 65 * 1024}) {
      long n = Math.min(len, size);
      block = readAt(size - n, (int) n);
      int p = findSignatureInBlock(block);
      if (p >= 0) {
        end = size - n + p;
        block.position(p);
        block = block.slice().order(ByteOrder.LITTLE_ENDIAN);
        break;
      }
      if (n == size) {
        break;
      }
    }
    if (end < 0) {
      throw format("not a valid zip file");
    }
    long records = u16(block, 10);
    long dirSize = u32(block, 12);
    long dirOffset = u32(block, 16);
    if (records == 0xFFFF || dirSize == 0xFFFF || dirOffset == MAX32) {
      long[] z64 = zip64End(end);
      if (z64 != null) {
        end = z64[0];
        records = z64[1];
        dirSize = z64[2];
        dirOffset = z64[3];
      }
    }
    if (dirSize < 0 || dirOffset < 0) {
      throw format("not a valid zip file");
    }
    long base = end - dirSize - dirOffset;
    long o = base + dirOffset;
    if (o < 0 || o >= size) {
      throw format("not a valid zip file");
    }
    if (base > 0 && dirOffset < size && readHeader(dirOffset) != null) {
      base = 0; // Go: an end record with a wrong base offset, where offset 0 finds a directory
    }
    // Reader.init: records until one does not parse
    List<Entry> entries = new ArrayList<>();
    long at = base + dirOffset;
    while (true) {
      Header h = readHeader(at);
      if (h == null) {
        break;
      }
      Entry e = h.entry();
      entries.add(new Entry(e.name, e.flags, e.method, e.crc, e.compressedSize, e.size, e.headerOffset + base));
      at = h.next();
    }
    if ((entries.size() & 0xFFFF) != (records & 0xFFFF)) {
      throw format("not a valid zip file");
    }
    return entries;
  }

  /** Go's {@code findSignatureInBlock}: the last end signature whose comment fits, or -1. */
  private static int findSignatureInBlock(ByteBuffer b) {
    int len = b.limit();
    for (int i = len - EOCD_LEN; i >= 0; i--) {
      if (b.getInt(i) == EOCD_SIG) {
        int comment = u16(b, i + EOCD_LEN - 2);
        return comment + EOCD_LEN + i > len ? -1 : i;
      }
    }
    return -1;
  }

  /** The zip64 end record's {offset, records, size, directory offset}, or null where Go finds none. */
  private long[] zip64End(long end) throws IOException {
    long locator = end - ZIP64_LOCATOR_LEN;
    if (locator < 0) {
      return null;
    }
    ByteBuffer l = readAt(locator, ZIP64_LOCATOR_LEN);
    if (l.getInt(0) != ZIP64_LOCATOR_SIG) {
      return null;
    }
    if (l.getInt(4) != 0 || l.getInt(16) != 1) {
      throw format("not a valid zip file"); // multi-disk zips are not supported
    }
    long p = l.getLong(8);
    if (p < 0 || p + 56 > size) {
      throw format("not a valid zip file");
    }
    ByteBuffer r = readAt(p, 56);
    if (r.getInt(0) != ZIP64_EOCD_SIG) {
      throw format("not a valid zip file");
    }
    long records = r.getLong(32);
    long dirSize = r.getLong(40);
    long dirOffset = r.getLong(48);
    return new long[] {p, records, dirSize, dirOffset};
  }

  /** A parsed directory record and where the next one starts. */
  private record Header(Entry entry, long next) {}

  /** Go's {@code readDirectoryHeader} at {@code at}, or null where it fails (the end of the records). */
  private Header readHeader(long at) throws IOException {
    if (at < 0 || at + CEN_LEN > size) {
      return null;
    }
    ByteBuffer b = readAt(at, CEN_LEN);
    if (b.getInt(0) != CEN_SIG) {
      return null;
    }
    int flags = u16(b, 8);
    int method = u16(b, 10);
    long crc = u32(b, 16);
    long csize = u32(b, 20);
    long usize = u32(b, 24);
    int nameLen = u16(b, 28);
    int extraLen = u16(b, 30);
    int commentLen = u16(b, 32);
    long offset = u32(b, 42);
    if (at + CEN_LEN + nameLen + extraLen + commentLen > size) {
      return null;
    }
    ByteBuffer d = readAt(at + CEN_LEN, nameLen + extraLen);
    byte[] name = new byte[nameLen];
    d.get(0, name);
    boolean needU = usize == MAX32;
    boolean needC = csize == MAX32;
    boolean needOffset = offset == MAX32;
    int x = nameLen;
    int xEnd = nameLen + extraLen;
    while (xEnd - x >= 4) {
      int tag = u16(d, x);
      int fieldSize = u16(d, x + 2);
      x += 4;
      if (xEnd - x < fieldSize) {
        break;
      }
      if (tag == ZIP64_EXTRA) {
        int f = x;
        int fEnd = x + fieldSize;
        if (needU) {
          needU = false;
          if (fEnd - f < 8) {
            return null;
          }
          usize = d.getLong(f);
          f += 8;
        }
        if (needC) {
          needC = false;
          if (fEnd - f < 8) {
            return null;
          }
          csize = d.getLong(f);
          f += 8;
        }
        if (needOffset) {
          needOffset = false;
          if (fEnd - f < 8) {
            return null;
          }
          offset = d.getLong(f);
        }
      }
      x += fieldSize;
    }
    if (needC || needOffset) {
      return null;
    }
    Entry e = new Entry(utf8(name), flags, method, crc, csize, usize, offset);
    return new Header(e, at + CEN_LEN + nameLen + extraLen + commentLen);
  }

  /**
   * Reads {@code e}'s content into {@code sink} as {@code File.Open} and reading it to the end
   * would, with the checks made on the way.
   *
   * @throws DirHashException where {@code archive/zip} returns an error
   */
  void read(Entry e, byte[] buf, Sink sink) throws IOException {
    // findBodyOffset
    if (e.headerOffset < 0 || e.headerOffset + LOC_LEN > size) {
      throw entry(e, "unexpected EOF");
    }
    ByteBuffer loc = readAt(e.headerOffset, LOC_LEN);
    if (loc.getInt(0) != LOC_SIG) {
      throw format("not a valid zip file");
    }
    long body = e.headerOffset + LOC_LEN + u16(loc, 26) + u16(loc, 28);
    if (e.name.endsWith("/")) {
      if (e.size != 0) {
        throw format("not a valid zip file");
      }
      return;
    }
    if (e.method != 0 && e.method != 8) {
      throw entry(e, "unsupported compression algorithm");
    }
    long csize = e.compressedSize;
    if (csize < 0 || e.size < 0) {
      throw format("not a valid zip file");
    }
    CRC32 crc = new CRC32();
    long[] nread = {0};
    Sink counted =
        (b, off, len) -> {
          nread[0] += len;
          if (Long.compareUnsigned(nread[0], e.size) > 0) {
            throw format("not a valid zip file");
          }
          crc.update(b, off, len);
          sink.accept(b, off, len);
        };
    if (e.method == 0) {
      copy(body, Math.min(csize, Math.max(0, size - body)), buf, counted);
    } else {
      inflate(e, body, csize, buf, counted);
    }
    // checksumReader at io.EOF
    if (nread[0] != e.size) {
      throw entry(e, "unexpected EOF");
    }
    if (e.hasDataDescriptor()) {
      long at = body + csize;
      long have = Math.max(0, Math.min(DESCRIPTOR_LEN, size - at));
      ByteBuffer d = readAt(at, (int) have);
      int off = 0;
      if (have < 4) {
        throw entry(e, "unexpected EOF");
      }
      if (d.getInt(0) == DESCRIPTOR_SIG) {
        off = 4;
      }
      if (have < off + 12) {
        throw entry(e, "unexpected EOF");
      }
      if (u32(d, off) != e.crc || crc.getValue() != e.crc) {
        throw entry(e, "checksum error");
      }
    } else if (e.crc != 0 && crc.getValue() != e.crc) {
      throw entry(e, "checksum error");
    }
  }

  private void copy(long from, long len, byte[] buf, Sink sink) throws IOException {
    long at = from;
    long left = len;
    while (left > 0) {
      int n = ch.read(ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, left)), at);
      if (n < 0) {
        return;
      }
      sink.accept(buf, 0, n);
      at += n;
      left -= n;
    }
  }

  /** Raw deflate from exactly {@code csize} bytes at {@code from}; the stream must end within them. */
  private void inflate(Entry e, long from, long csize, byte[] out, Sink sink) throws IOException {
    Inflater inf = inflater;
    inf.reset();
    try {
      long at = from;
      long left = Math.min(csize, Math.max(0, size - from));
      while (!inf.finished()) {
        if (inf.needsInput()) {
          if (left == 0) {
            throw entry(e, "unexpected EOF");
          }
          int n = ch.read(ByteBuffer.wrap(in, 0, (int) Math.min(in.length, left)), at);
          if (n <= 0) {
            throw entry(e, "unexpected EOF");
          }
          at += n;
          left -= n;
          inf.setInput(in, 0, n);
        }
        int n = inf.inflate(out);
        if (n > 0) {
          sink.accept(out, 0, n);
        } else if (inf.needsDictionary()) {
          throw entry(e, "flate: corrupt input");
        }
      }
    } catch (DataFormatException x) {
      throw entry(e, "flate: corrupt input: " + x.getMessage());
    }
  }

  private ByteBuffer readAt(long position, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        break;
      }
    }
    return b.flip().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String utf8(byte[] name) {
    String s = Utf8.decodeStrict(name);
    if (s == null) {
      throw new DirHashException("dirhash: zip entry name is not valid UTF-8");
    }
    return s;
  }


  private static int u16(ByteBuffer b, int at) {
    return Short.toUnsignedInt(b.getShort(at));
  }

  private static long u32(ByteBuffer b, int at) {
    return Integer.toUnsignedLong(b.getInt(at));
  }

  private static DirHashException format(String what) {
    return new DirHashException("zip: " + what);
  }

  private static DirHashException entry(Entry e, String what) {
    return new DirHashException("zip entry " + e.name + ": " + what);
  }
}
