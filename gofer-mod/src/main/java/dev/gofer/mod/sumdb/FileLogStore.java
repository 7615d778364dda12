package dev.gofer.mod.sumdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * A {@link LogStore} in a directory, built to survive {@code kill -9} and power loss during an
 * append without losing or damaging published records.
 *
 * <ul>
 *   <li>{@code records}: append-only entries {@code u32 keyLength, u32 textLength, key, text,
 *       u32 CRC-32C of everything before it in the entry}, big-endian.
 *   <li>{@code hashes}: append-only stored hashes, 32 bytes each, so hash {@code i} is at {@code
 *       32*i}.
 *   <li>{@code head}: what is published, replaced atomically (temporary file, fsync, rename): a
 *       header line {@code gofer-sumdb-log 1 <size> <records bytes> <hash count> <crc32c>}, then the
 *       signed tree head note. The CRC (8 hex digits) covers the header before it and the note.
 *   <li>{@code lock}: an OS lock held while the store is open.
 * </ul>
 *
 * <p>An append writes the records and hashes after the published lengths, fsyncs both files, and
 * only then publishes the new head. On open, the published part is read back and its checksums
 * checked, so damage there is reported rather than served (and nothing is truncated); then
 * everything beyond the lengths named by the head, an interrupted append, is truncated.
 */
final class FileLogStore implements LogStore {
  static final String RECORDS = "records";
  static final String HASHES = "hashes";
  static final String HEAD = "head";
  private static final String MAGIC = "gofer-sumdb-log 1";
  /** Upper bounds that keep a damaged length field from allocating gigabytes. */
  private static final int MAX_KEY = 1 << 16;

  private static final int MAX_TEXT = 1 << 20;

  /** Published state plus the in-memory offsets of records, swapped as one volatile value. */
  private record State(Head head, long recordsLength, long[] offsets) {}

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final FileChannel records;
  private final FileChannel hashes;
  private final Map<String, Long> index = new ConcurrentHashMap<>();
  private final ReentrantLock appendLock = new ReentrantLock();
  private volatile State state;

  private FileLogStore(
      Path dir, FileChannel lockChannel, FileLock lock, FileChannel records, FileChannel hashes) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.records = records;
    this.hashes = hashes;
  }

  static FileLogStore open(Path dir) throws IOException {
    Files.createDirectories(dir);
    FileChannel lockChannel =
        FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new SumdbException("checksum database log " + dir + " is open in another process");
    }
    FileChannel records = null;
    FileChannel hashes = null;
    try {
      records = openData(dir.resolve(RECORDS));
      hashes = openData(dir.resolve(HASHES));
      FileLogStore store = new FileLogStore(dir, lockChannel, lock, records, hashes);
      store.recover();
      return store;
    } catch (IOException | RuntimeException e) {
      closeQuietly(records);
      closeQuietly(hashes);
      lock.release();
      lockChannel.close();
      throw e;
    }
  }

  private static FileChannel openData(Path p) throws IOException {
    return FileChannel.open(
        p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  /** Reads the head, truncates an interrupted append, and rebuilds the index from the records. */
  private void recover() throws IOException {
    Head head = Head.EMPTY;
    long recordsLength = 0;
    byte[] headFile;
    try {
      headFile = Files.readAllBytes(dir.resolve(HEAD));
    } catch (NoSuchFileException e) {
      headFile = null;
    }
    if (headFile != null) {
      long[] fields = new long[3];
      byte[] note = parseHead(headFile, fields);
      head = new Head(fields[0], fields[2], note);
      recordsLength = fields[1];
    }
    if (records.size() < recordsLength || hashes.size() < head.hashCount() * 32) {
      throw damaged("a data file is shorter than the published head");
    }
    long[] offsets = new long[(int) Math.max(16, head.size())];
    long pos = 0;
    long id = 0;
    ByteBuffer lens = ByteBuffer.allocate(8);
    while (pos < recordsLength) {
      if (id >= head.size()) {
        throw damaged("more records than the published head");
      }
      lens.clear();
      readFully(records, lens, pos);
      int keyLen = lens.getInt(0);
      int textLen = lens.getInt(4);
      if (keyLen < 0 || keyLen > MAX_KEY || textLen < 0 || textLen > MAX_TEXT) {
        throw damaged("bad record length at offset " + pos);
      }
      ByteBuffer entry = ByteBuffer.allocate(8 + keyLen + textLen + 4);
      if (pos + entry.capacity() > recordsLength) {
        throw damaged("record at offset " + pos + " runs past the published length");
      }
      readFully(records, entry, pos);
      byte[] e = entry.array();
      CRC32C crc = new CRC32C();
      crc.update(e, 0, e.length - 4);
      if ((int) crc.getValue() != entry.getInt(e.length - 4)) {
        throw damaged("checksum mismatch in record " + id);
      }
      offsets[(int) id] = pos;
      index.put(new String(e, 8, keyLen, StandardCharsets.UTF_8), id);
      pos += e.length;
      id++;
    }
    if (id != head.size()) {
      throw damaged("the published head names " + head.size() + " records, found " + id);
    }
    // Only now that the published part has checked out, drop an interrupted append's remains.
    if (records.size() > recordsLength) {
      records.truncate(recordsLength);
      records.force(true);
    }
    if (hashes.size() > head.hashCount() * 32) {
      hashes.truncate(head.hashCount() * 32);
      hashes.force(true);
    }
    state = new State(head, recordsLength, offsets);
  }

  private SumdbException damaged(String why) {
    return new SumdbException("checksum database log " + dir + " is damaged: " + why);
  }

  private byte[] parseHead(byte[] file, long[] fields) {
    int nl = indexOf(file, (byte) '\n');
    if (nl < 0) {
      throw damaged("malformed head file");
    }
    String[] f = new String(file, 0, nl, StandardCharsets.US_ASCII).split(" ", -1);
    if (f.length != 6 || !(f[0] + " " + f[1]).equals(MAGIC)) {
      throw damaged("malformed head file");
    }
    byte[] note = Arrays.copyOfRange(file, nl + 1, file.length);
    try {
      for (int i = 0; i < 3; i++) {
        fields[i] = Long.parseLong(f[2 + i]);
        if (fields[i] < 0) {
          throw damaged("malformed head file");
        }
      }
      CRC32C c = new CRC32C();
      c.update(file, 0, nl - f[5].length());
      c.update(note);
      if (f[5].length() != 8 || Long.parseLong(f[5], 16) != c.getValue()) {
        throw damaged("checksum mismatch in head file");
      }
    } catch (NumberFormatException e) {
      throw damaged("malformed head file");
    }
    return note;
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Head head() {
    return state.head();
  }

  @Override
  public long find(String key) {
    Long id = index.get(key);
    return id != null && id < state.head().size() ? id : -1;
  }

  @Override
  public byte[] record(long id) throws IOException {
    State s = state;
    if (id < 0 || id >= s.head().size()) {
      throw new IndexOutOfBoundsException("record " + id + " not in log of size " + s.head().size());
    }
    long pos = s.offsets()[(int) id];
    ByteBuffer lens = ByteBuffer.allocate(8);
    readFully(records, lens, pos);
    int keyLen = lens.getInt(0);
    ByteBuffer text = ByteBuffer.allocate(lens.getInt(4));
    readFully(records, text, pos + 8 + keyLen);
    return text.array();
  }

  @Override
  public byte[] hashes(long[] indexes) throws IOException {
    long count = state.head().hashCount();
    byte[] out = new byte[indexes.length * 32];
    int i = 0;
    while (i < indexes.length) {
      // Coalesce nearby indexes into one read: tiles at level 0 are almost contiguous.
      long lo = indexes[i];
      long hi = lo;
      int j = i + 1;
      while (j < indexes.length && indexes[j] > hi && indexes[j] - lo < 1024) {
        hi = indexes[j];
        j++;
      }
      if (lo < 0 || hi >= count) {
        throw new IndexOutOfBoundsException("hash " + (lo < 0 ? lo : hi) + " not in log");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) (hi - lo + 1) * 32);
      readFully(hashes, buf, lo * 32);
      byte[] b = buf.array();
      for (int k = i; k < j; k++) {
        System.arraycopy(b, (int) (indexes[k] - lo) * 32, out, k * 32, 32);
      }
      i = j;
    }
    return out;
  }

  @Override
  public void append(List<Entry> entries, byte[] newHashes, byte[] signedNote) throws IOException {
    if (newHashes.length % 32 != 0) {
      throw new IllegalArgumentException("hashes must be 32 bytes each");
    }
    appendLock.lock();
    try {
      State s = state;
      long pos = s.recordsLength();
      long[] offsets = s.offsets();
      int need = (int) (s.head().size() + entries.size());
      if (need > offsets.length) {
        offsets = Arrays.copyOf(offsets, Math.max(need, offsets.length * 2));
      }
      for (int i = 0; i < entries.size(); i++) {
        byte[] e = encode(entries.get(i));
        offsets[(int) s.head().size() + i] = pos;
        writeFully(records, ByteBuffer.wrap(e), pos);
        pos += e.length;
      }
      writeFully(hashes, ByteBuffer.wrap(newHashes), s.head().hashCount() * 32);
      records.force(true);
      hashes.force(true);

      Head head =
          new Head(
              s.head().size() + entries.size(),
              s.head().hashCount() + newHashes.length / 32,
              signedNote.clone());
      byte[] fields =
          (MAGIC + " " + head.size() + " " + pos + " " + head.hashCount() + " ")
              .getBytes(StandardCharsets.US_ASCII);
      CRC32C c = new CRC32C();
      c.update(fields);
      c.update(signedNote);
      byte[] h =
          (new String(fields, StandardCharsets.US_ASCII) + "%08x\n".formatted(c.getValue()))
              .getBytes(StandardCharsets.US_ASCII);
      byte[] file = Arrays.copyOf(h, h.length + signedNote.length);
      System.arraycopy(signedNote, 0, file, h.length, signedNote.length);
      AtomicFiles.write(dir.resolve(HEAD), file);

      for (int i = 0; i < entries.size(); i++) {
        index.put(entries.get(i).key(), s.head().size() + i);
      }
      state = new State(head, pos, offsets);
    } finally {
      appendLock.unlock();
    }
  }

  static byte[] encode(Entry entry) {
    byte[] key = entry.key().getBytes(StandardCharsets.UTF_8);
    byte[] text = entry.text();
    if (key.length > MAX_KEY || text.length > MAX_TEXT) {
      throw new SumdbException("record too large for the checksum database log");
    }
    ByteBuffer b = ByteBuffer.allocate(8 + key.length + text.length + 4);
    b.putInt(key.length).putInt(text.length).put(key).put(text);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf, pos + buf.position());
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  @Override
  public void close() throws IOException {
    appendLock.lock();
    try {
      records.close();
      hashes.close();
      lock.release();
      lockChannel.close();
    } finally {
      appendLock.unlock();
    }
  }
}
