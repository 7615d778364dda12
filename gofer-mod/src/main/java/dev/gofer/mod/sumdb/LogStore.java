package dev.gofer.mod.sumdb;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Durable state of a {@link Log}: record texts by id, the {@code path@version → id} index, the
 * stored hashes of the Merkle tree (in {@code tlog} stored-hash order) and the published signed
 * tree head. Everything is append-only; a batch of records becomes visible together with the head
 * that covers it, in one {@link #append} call, and never partly.
 *
 * <p>Readers may run concurrently with each other and with one appender; the {@link Log}
 * serialises appends. Reads only see what the current {@link #head()} covers.
 */
public interface LogStore extends Closeable {

  /** One record to append: its index key {@code path@version} (unescaped) and its text. */
  record Entry(String key, byte[] text) {}

  /**
   * What is published: the number of records, the number of stored hashes, and the signed tree
   * head note for that size (empty for the empty log, which has never been signed).
   */
  record Head(long size, long hashCount, byte[] signedNote) {
    static final Head EMPTY = new Head(0, 0, new byte[0]);
  }

  /** The published head. */
  Head head();

  /** The id of the published record with this key, or -1 if there is none. */
  long find(String key);

  /** The text of published record {@code id}; {@code 0 <= id < head().size()}. */
  byte[] record(long id) throws IOException;

  /**
   * The stored hashes at {@code indexes} (each below {@code head().hashCount()}), concatenated in
   * the order given, 32 bytes each.
   */
  byte[] hashes(long[] indexes) throws IOException;

  /**
   * Appends records and their stored hashes and publishes {@code signedNote} as the head for the
   * new size, atomically: after a crash at any point the store reopens either without any of the
   * batch or with all of it.
   *
   * @param hashes the new stored hashes, 32 bytes each, which follow the current ones
   */
  void append(List<Entry> entries, byte[] hashes, byte[] signedNote) throws IOException;

  /** A store in memory. */
  static LogStore inMemory() {
    return new MemoryLogStore();
  }

  /**
   * Opens (or creates) a store in {@code dir}, dropping anything an interrupted append left beyond
   * the published head. Only one process may have a directory open; a second open fails.
   *
   * @throws SumdbException if the published data is damaged (a checksum or length does not match)
   */
  static LogStore open(Path dir) throws IOException {
    return FileLogStore.open(dir);
  }
}
