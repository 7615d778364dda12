package dev.gofer.mod.dirhash;

import dev.gofer.mod.zip.ModuleZip;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The {@code h1:} hash of a zip computed while its bytes are written, so that once the last byte
 * arrives only a cheap check of the central directory remains, instead of a second pass that
 * inflates every entry ({@link DirHash#hashZip(Path)}).
 *
 * <p>Write the zip's bytes in order (any chunk sizes); the stream parses the local file headers
 * one after another, inflates each entry's data as it passes and keeps, per entry, only its local
 * header offset, flags, method, name, compressed and uncompressed length, CRC-32 and the SHA-256
 * of its content. When the file is complete, {@link DirHash#hashZip(Path, ZipStreamHash)} reads
 * its central directory and takes the hash from the stream, or says why it fell back to the full
 * pass.
 *
 * <h2>Why the result equals Go's {@code dirhash.HashZip}</h2>
 *
 * <p>Local headers alone are not what the go command hashes. Go's {@code archive/zip} takes each
 * entry's name, sizes, CRC-32, method, flags and <em>local header offset</em> from the central
 * directory, reads the local header at that offset only for the lengths of its name and extra
 * field, and decompresses the central directory's compressed size of bytes from there (then, for
 * flag bit 3, checks the data descriptor's CRC-32). Matching the streamed records to the
 * central directory by name or by order is therefore unsound: a crafted zip could swap two
 * entries' offsets while keeping equal CRCs and sizes, and the names would hash the other
 * entry's content. So the rule is: every central directory entry must be matched to a streamed
 * local record <b>at exactly its local header offset</b> (no record used twice), with the same
 * flags, method and name, a streamed compressed length equal to its compressed size, a streamed
 * uncompressed length equal to its size and a CRC-32 of the streamed content equal to its
 * CRC-32; for flag bit 3 the data descriptor after the data must carry that CRC-32 where Go
 * reads it. Then Go reads exactly the bytes this stream inflated, and the strict {@link
 * CentralDirectory} reader guarantees that Go (and the full pass, which reads by Go's rules)
 * see the same entries at the same offsets. If anything does not match, or the stream gave up, the full pass
 * runs instead and keeps deciding whether the zip is valid: a valid zip is never refused because
 * the fast path could not be used. (Duplicate names and names with a newline are refused with
 * exactly the full pass's error, by the same code.)
 *
 * <h2>What the stream gives up on</h2>
 *
 * <p>Silently, leaving the decision to the full pass: encrypted entries, methods other than
 * stored (0) and deflate (8), a stored entry with flag bit 3 (its length is not known while it
 * streams), zip64 sizes, an inflater error, a data descriptor that is not exactly what Go would
 * read, and content beyond {@link ModuleZip#MAX_ZIP_FILE} in total (a zip bomb; the full pass
 * refuses it from the declared sizes without inflating it). It stops parsing, and ignores the
 * rest, at the first signature that is not a local file header (normally the central
 * directory). Memory is bounded: one inflater, one 64 KiB output buffer, at most one local
 * header (up to 128 KiB with its name and extra field), and a name and 32-byte digest per entry.
 *
 * <p>Not thread-safe. {@link #close()} releases the inflater and keeps the records.
 */
public final class ZipStreamHash extends OutputStream {
  static final int LOC_SIG = 0x04034b50;
  static final int DESCRIPTOR_SIG = 0x08074b50;
  private static final int LOC_LEN = 30;
  private static final int DESCRIPTOR_LEN = 16;
  private static final int STORED = 0;
  private static final int DEFLATED = 8;
  /** Encrypted (bit 0), strongly encrypted (bit 6), masked local header (bit 13). */
  private static final int UNSUPPORTED_FLAGS = 0x1 | 0x40 | 0x2000;
  private static final int DATA_DESCRIPTOR = 0x8;
  private static final int ZIP64_EXTRA = 0x0001;

  /** One entry streamed completely: its local header, the lengths and digests of its data. */
  record Local(
      long offset, int flags, int method, byte[] name, long compressed, long size, int crc,
      byte[] sha256) {}

  private enum State { HEADER, STORED_DATA, DEFLATED_DATA, DESCRIPTOR, DONE, GAVE_UP }

  private final long maxContent;
  private final List<Local> locals = new ArrayList<>();
  private final MessageDigest sha = Hash1.sha256();
  private final CRC32 crc = new CRC32();
  private Inflater inflater;
  private byte[] out;

  private State state = State.HEADER;
  private String gaveUp;
  private boolean closed;
  /** Bytes written so far; also the file offset of the next byte. */
  private long written;
  /** Uncompressed bytes of all entries so far. */
  private long content;

  /** A header or descriptor collected across writes; {@code carry[0]} is at {@code carryAt}. */
  private byte[] carry = new byte[LOC_LEN];
  private int carried;
  private int need = LOC_LEN;
  private long carryAt;

  // the entry being streamed
  private long entryOffset;
  private int flags;
  private int method;
  private byte[] name;
  private long declaredSize;
  private long remaining;
  private long compressed;
  private long size;

  private ZipStreamHash(long maxContent) {
    this.maxContent = maxContent;
  }

  /** A stream for one module zip: at most {@link ModuleZip#MAX_ZIP_FILE} bytes of content. */
  public static ZipStreamHash create() {
    return new ZipStreamHash(ModuleZip.MAX_ZIP_FILE);
  }

  /** A stream that gives up once the entries' content exceeds {@code maxContent} bytes. */
  static ZipStreamHash create(long maxContent) {
    return new ZipStreamHash(maxContent);
  }

  /** The number of bytes written. */
  public long size() {
    return written;
  }

  /** Why the stream stopped hashing, if it gave up (diagnostics). */
  public Optional<String> gaveUp() {
    return Optional.ofNullable(gaveUp);
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed && len > 0) {
      giveUp("written after close");
    }
    while (len > 0 && state != State.DONE && state != State.GAVE_UP) {
      int used = switch (state) {
        case HEADER -> header(b, off, len);
        case STORED_DATA -> stored(b, off, len);
        case DEFLATED_DATA -> deflated(b, off, len);
        case DESCRIPTOR -> descriptor(b, off, len);
        case DONE, GAVE_UP -> len;
      };
      off += used;
      len -= used;
      written += used;
    }
    written += len;
  }

  /** Releases the inflater; the records stay for the check. Later writes give up. */
  @Override
  public void close() {
    closed = true;
    endInflater();
  }

  /**
   * The {@code h1:} hash of {@code zip}, which must hold exactly the bytes written, if its
   * central directory passes the offset cross-check (see the class comment).
   *
   * @throws CentralDirectory.Fallback why the caller must hash it with {@link
   *     DirHash#hashZip(Path)} instead
   * @throws DirHashException if an entry name has a newline or repeats, exactly as {@link
   *     DirHash#hashZip(Path)} refuses it
   * @throws IOException if the file cannot be read
   */
  String check(Path zip) throws IOException, CentralDirectory.Fallback {
    List<CentralDirectory.Entry> entries;
    try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
      if (ch.size() != written) {
        throw new CentralDirectory.Fallback(
            "the file has " + ch.size() + " bytes, " + written + " were streamed");
      }
      if (gaveUp != null) {
        throw new CentralDirectory.Fallback("streaming gave up: " + gaveUp);
      }
      entries = CentralDirectory.read(ch);
    }
    Map<Long, Local> byOffset = new HashMap<>();
    for (Local l : locals) {
      byOffset.put(l.offset, l);
    }
    Set<Long> used = new HashSet<>();
    Set<String> seen = new HashSet<>();
    Hash1 h = Hash1.create();
    for (CentralDirectory.Entry e : entries) {
      String entryName = decode(e.name());
      byte[] utf8 = DirHash.checkEntryName(zip, entryName, seen);
      Local l = byOffset.get(e.localOffset());
      if (l == null) {
        throw new CentralDirectory.Fallback(
            entryName + ": no local header was streamed at offset " + e.localOffset());
      }
      if (!used.add(e.localOffset())) {
        throw new CentralDirectory.Fallback(
            entryName + ": another entry has the local header at offset " + e.localOffset());
      }
      if (l.flags != e.flags() || l.method != e.method()
          || !java.util.Arrays.equals(l.name, e.name())) {
        throw new CentralDirectory.Fallback(
            entryName + ": local header differs in flags, method or name");
      }
      if (l.compressed != e.compressedSize() || l.size != e.size() || l.crc != e.crc()) {
        throw new CentralDirectory.Fallback(
            entryName + ": streamed data differs in compressed size, size or CRC-32");
      }
      h.addDigest(utf8, l.sha256);
    }
    return h.sum();
  }

  /** An entry name as the full pass decodes it (strict UTF-8), or a fallback if not UTF-8. */
  private static String decode(byte[] name) throws CentralDirectory.Fallback {
    String s = dev.gofer.mod.internal.Utf8.decodeStrict(name);
    if (s == null) {
      throw new CentralDirectory.Fallback("an entry name is not UTF-8");
    }
    return s;
  }

  // --- the parser: each step consumes some of b[off, off+len) and returns how much ----------

  private int header(byte[] b, int off, int len) {
    int take = collect(b, off, len);
    ByteBuffer h = ByteBuffer.wrap(carry, 0, carried).order(ByteOrder.LITTLE_ENDIAN);
    if (need == LOC_LEN && carried >= 4 && h.getInt(0) != LOC_SIG) {
      state = State.DONE; // the central directory, or anything else: the rest is ignored
      endInflater();
      return take;
    }
    if (carried < need) {
      return take;
    }
    if (need == LOC_LEN) {
      int more = u16(h, 26) + u16(h, 28);
      if (more > 0) {
        need = LOC_LEN + more;
        if (carry.length < need) {
          carry = java.util.Arrays.copyOf(carry, need);
        }
        return take;
      }
    }
    startEntry(h);
    return take;
  }

  /** Copies up to {@code need - carried} bytes into {@link #carry}. */
  private int collect(byte[] b, int off, int len) {
    if (carried == 0) {
      carryAt = written;
    }
    int take = Math.min(need - carried, len);
    System.arraycopy(b, off, carry, carried, take);
    carried += take;
    return take;
  }

  private void startEntry(ByteBuffer h) {
    entryOffset = carryAt;
    flags = u16(h, 6);
    method = u16(h, 8);
    long locCompressed = u32(h, 18);
    long locSize = u32(h, 22);
    int nameLen = u16(h, 26);
    int extraLen = u16(h, 28);
    name = java.util.Arrays.copyOfRange(carry, LOC_LEN, LOC_LEN + nameLen);
    boolean zip64Extra = hasZip64Extra(h, LOC_LEN + nameLen, extraLen);
    carried = 0;
    need = LOC_LEN;
    compressed = 0;
    size = 0;
    sha.reset();
    crc.reset();
    if ((flags & UNSUPPORTED_FLAGS) != 0) {
      giveUp("an encrypted entry");
      return;
    }
    if (locCompressed == CentralDirectory.SATURATED || locSize == CentralDirectory.SATURATED
        || zip64Extra) {
      giveUp("an entry with zip64 sizes");
      return;
    }
    boolean descriptor = (flags & DATA_DESCRIPTOR) != 0;
    switch (method) {
      case STORED -> {
        if (descriptor) {
          giveUp("a stored entry with a data descriptor");
        } else if (locCompressed != locSize) {
          giveUp("a stored entry whose sizes differ");
        } else if (locSize > maxContent - content) {
          giveUp("more than " + maxContent + " bytes of content");
        } else {
          remaining = locSize;
          state = State.STORED_DATA;
          if (remaining == 0) {
            finishEntry();
          }
        }
      }
      case DEFLATED -> {
        declaredSize = descriptor ? -1 : locSize;
        if (inflater == null) {
          inflater = new Inflater(true);
          out = new byte[1 << 16];
        } else {
          inflater.reset();
        }
        state = State.DEFLATED_DATA;
      }
      default -> giveUp("compression method " + method);
    }
  }

  private int stored(byte[] b, int off, int len) {
    int take = (int) Math.min(remaining, len);
    sha.update(b, off, take);
    crc.update(b, off, take);
    remaining -= take;
    compressed += take;
    size += take;
    content += take;
    if (remaining == 0) {
      finishEntry();
    }
    return take;
  }

  private int deflated(byte[] b, int off, int len) {
    inflater.setInput(b, off, len);
    while (true) {
      int n;
      try {
        n = inflater.inflate(out);
      } catch (DataFormatException e) {
        giveUp("inflating: " + e.getMessage());
        return len;
      }
      if (n > 0) {
        sha.update(out, 0, n);
        crc.update(out, 0, n);
        size += n;
        content += n;
        if (content > maxContent) {
          giveUp("more than " + maxContent + " bytes of content");
          return len;
        }
        if (declaredSize >= 0 && size > declaredSize) {
          giveUp("an entry larger than its local header says");
          return len;
        }
      }
      if (inflater.finished()) {
        compressed = inflater.getBytesRead();
        int used = len - inflater.getRemaining();
        if ((flags & DATA_DESCRIPTOR) != 0) {
          state = State.DESCRIPTOR;
          need = DESCRIPTOR_LEN;
        } else {
          finishEntry();
        }
        return used;
      }
      if (n == 0) {
        // Output space was free, so no progress means the input is used up (or bad).
        if (inflater.needsInput()) {
          return len;
        }
        giveUp(inflater.needsDictionary() ? "a preset deflate dictionary" : "the inflater stalled");
        return len;
      }
    }
  }

  /**
   * The data descriptor after a deflated entry's data, read as Go reads it: with the
   * signature if the first four bytes are the signature, else without. Its CRC-32 and 32-bit
   * sizes must be exactly what was streamed; anything else (a zip64 descriptor, a CRC-32 that
   * equals the signature and so is misread) gives up.
   */
  private int descriptor(byte[] b, int off, int len) {
    int take = collect(b, off, len);
    if (carried < need) {
      return take;
    }
    ByteBuffer d = ByteBuffer.wrap(carry, 0, DESCRIPTOR_LEN).order(ByteOrder.LITTLE_ENDIAN);
    int at = d.getInt(0) == DESCRIPTOR_SIG ? 4 : 0;
    if (d.getInt(at) != (int) crc.getValue()
        || u32(d, at + 4) != compressed
        || u32(d, at + 8) != size) {
      giveUp("a data descriptor that does not match the data");
      return take;
    }
    long next = carryAt + at + 12;
    finishEntry();
    if (at == 0) {
      // a 12-byte descriptor: its last 4 collected bytes start the next header
      System.arraycopy(carry, 12, carry, 0, 4);
      carried = 4;
      carryAt = next;
    }
    return take;
  }

  private void finishEntry() {
    locals.add(new Local(
        entryOffset, flags, method, name, compressed, size, (int) crc.getValue(), sha.digest()));
    state = State.HEADER;
    carried = 0;
    need = LOC_LEN;
  }

  private void giveUp(String why) {
    if (gaveUp == null) {
      gaveUp = why + " (at byte " + written + ")";
    }
    state = State.GAVE_UP;
    locals.clear();
    endInflater();
  }

  private void endInflater() {
    if (inflater != null) {
      inflater.end();
      inflater = null;
      out = null;
    }
  }

  private static boolean hasZip64Extra(ByteBuffer h, int at, int len) {
    for (int p = at, end = at + len; end - p >= 4; ) {
      int id = u16(h, p);
      int n = u16(h, p + 2);
      if (id == ZIP64_EXTRA) {
        return true;
      }
      p += 4 + n;
    }
    return false;
  }

  private static int u16(ByteBuffer b, int at) {
    return Short.toUnsignedInt(b.getShort(at));
  }

  private static long u32(ByteBuffer b, int at) {
    return Integer.toUnsignedLong(b.getInt(at));
  }
}
