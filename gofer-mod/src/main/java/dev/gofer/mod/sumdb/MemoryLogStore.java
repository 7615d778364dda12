package dev.gofer.mod.sumdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** A {@link LogStore} in memory. */
final class MemoryLogStore implements LogStore {
  private final ReentrantLock appendLock = new ReentrantLock();
  private final Map<String, Long> index = new ConcurrentHashMap<>();
  private final List<byte[]> records = new ArrayList<>();
  private final List<byte[]> hashes = new ArrayList<>();
  private volatile Head head = Head.EMPTY;

  @Override
  public Head head() {
    return head;
  }

  @Override
  public long find(String key) {
    Long id = index.get(key);
    return id != null && id < head.size() ? id : -1;
  }

  @Override
  public byte[] record(long id) {
    Head h = head;
    if (id < 0 || id >= h.size()) {
      throw new IndexOutOfBoundsException("record " + id + " not in log of size " + h.size());
    }
    synchronized (records) {
      return records.get((int) id).clone();
    }
  }

  @Override
  public byte[] hashes(long[] indexes) {
    Head h = head;
    byte[] out = new byte[indexes.length * 32];
    synchronized (hashes) {
      for (int i = 0; i < indexes.length; i++) {
        long x = indexes[i];
        if (x < 0 || x >= h.hashCount()) {
          throw new IndexOutOfBoundsException("hash " + x + " not in log");
        }
        System.arraycopy(hashes.get((int) x), 0, out, i * 32, 32);
      }
    }
    return out;
  }

  @Override
  public void append(List<Entry> entries, byte[] newHashes, byte[] signedNote) {
    if (newHashes.length % 32 != 0) {
      throw new IllegalArgumentException("hashes must be 32 bytes each");
    }
    appendLock.lock();
    try {
      Head h = head;
      synchronized (records) {
        for (int i = 0; i < entries.size(); i++) {
          records.add(entries.get(i).text().clone());
        }
      }
      synchronized (hashes) {
        for (int off = 0; off < newHashes.length; off += 32) {
          byte[] one = new byte[32];
          System.arraycopy(newHashes, off, one, 0, 32);
          hashes.add(one);
        }
      }
      for (int i = 0; i < entries.size(); i++) {
        index.put(entries.get(i).key(), h.size() + i);
      }
      head =
          new Head(
              h.size() + entries.size(), h.hashCount() + newHashes.length / 32, signedNote.clone());
    } finally {
      appendLock.unlock();
    }
  }

  @Override
  public void close() {}
}
