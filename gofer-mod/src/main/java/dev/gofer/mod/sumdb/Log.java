package dev.gofer.mod.sumdb;

import dev.gofer.mod.ModException;
import dev.gofer.mod.module.ModuleVersion;
import dev.gofer.mod.note.Note;
import dev.gofer.mod.note.Signer;
import dev.gofer.mod.tlog.Hash;
import dev.gofer.mod.tlog.HashReader;
import dev.gofer.mod.tlog.Record;
import dev.gofer.mod.tlog.Tile;
import dev.gofer.mod.tlog.Tlog;
import dev.gofer.mod.tlog.Tree;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server side of a checksum database (Go's {@code sumdb.ServerOps} over a {@link LogStore}):
 * it appends records of module versions to a tiled transparency log, signs one tree head per
 * batch, and answers what a checksum database serves: {@code /latest}, {@code /lookup/…} bodies
 * and hash and data tiles.
 *
 * <ul>
 *   <li>A module version is logged once. Appending it again with the same text returns its id;
 *       with a different text is refused, because clients that saw the first would detect a
 *       contradiction.
 *   <li>Every published head extends the previous one: records and hashes are only appended.
 *   <li>Only what the published head covers is served; tiles beyond it are {@link
 *       NotFoundException}.
 * </ul>
 *
 * <p>Reads are safe concurrently with each other and with appends; appends are serialised.
 */
public final class Log implements Closeable {
  private final LogStore store;
  private final Signer signer;
  private final int tileHeight;
  private final ReentrantLock appendLock = new ReentrantLock();
  private volatile SignedTree signedEmpty;

  private Log(LogStore store, Signer signer, int tileHeight) {
    this.store = store;
    this.signer = signer;
    this.tileHeight = tileHeight;
  }

  /**
   * A log over {@code store}, signing with {@code signerKey} ({@code PRIVATE+KEY+<name>+…}), for
   * clients reading tiles of height {@code tileHeight} (the go command: 8). The published state
   * of the store is checked first: the stored hashes must match the records and the signed head.
   *
   * @throws dev.gofer.mod.note.NoteException if the signer key is malformed
   * @throws SumdbException if the store's content is inconsistent
   */
  public static Log open(LogStore store, String signerKey, int tileHeight) {
    if (tileHeight < 1 || tileHeight > 30) {
      throw new IllegalArgumentException("invalid tile height " + tileHeight);
    }
    Log log = new Log(store, Signer.parse(signerKey), tileHeight);
    log.verify();
    return log;
  }

  /** {@link #open(LogStore, String, int)} with tile height 8. */
  public static Log open(LogStore store, String signerKey) {
    return open(store, signerKey, Client.DEFAULT_TILE_HEIGHT);
  }

  /** A log in memory with tile height {@code tileHeight}. */
  public static Log inMemory(String signerKey, int tileHeight) {
    return open(LogStore.inMemory(), signerKey, tileHeight);
  }

  private byte[] sign(Tree tree) {
    return Note.of(new String(tree.format(), StandardCharsets.UTF_8)).sign(signer);
  }

  /** The database name: the signer key's name. */
  public String name() {
    return signer.name();
  }

  /** The tile height of the clients this log is published for. */
  public int tileHeight() {
    return tileHeight;
  }

  /** The number of published records. */
  public long size() {
    return store.head().size();
  }

  // --- appending -------------------------------------------------------------------------------

  /** Appends one record; see {@link #append(List)}. */
  public long append(LogRecord record) {
    return append(List.of(record)).get(0);
  }

  /**
   * Appends records and publishes one new signed head covering them all, and returns their ids
   * in order. A module version already logged with the same text keeps its id (nothing is
   * appended for it); the head is re-signed only if something was appended.
   *
   * @throws SumdbException if a record is invalid (module path or version, or record text: valid
   *     UTF-8 go.sum lines, no blank lines, ending in a newline), or a module version is already
   *     logged with a different text ({@code <path>@<version>: already logged with different
   *     go.sum lines}); nothing is appended then
   */
  public List<Long> append(List<LogRecord> records) {
    appendLock.lock();
    try {
      LogStore.Head head = store.head();
      long size = head.size();
      Map<String, Long> batchIds = new HashMap<>();
      Map<String, byte[]> batchTexts = new HashMap<>();
      List<Long> ids = new ArrayList<>(records.size());
      List<LogStore.Entry> entries = new ArrayList<>();
      List<Hash> newHashes = new ArrayList<>();
      HashReader reader = pendingReader(head.hashCount(), newHashes);
      for (LogRecord r : records) {
        byte[] text = r.text().getBytes(StandardCharsets.UTF_8);
        validate(r, text);
        String key = r.key();
        long existing = store.find(key);
        byte[] existingText = existing >= 0 ? store.record(existing) : batchTexts.get(key);
        if (existingText != null) {
          if (!Arrays.equals(existingText, text)) {
            throw new SumdbException(key + ": already logged with different go.sum lines");
          }
          ids.add(existing >= 0 ? existing : batchIds.get(key));
          continue;
        }
        long id = size + entries.size();
        newHashes.addAll(Tlog.storedHashesForRecordHash(id, Tlog.recordHash(text), reader));
        entries.add(new LogStore.Entry(key, text));
        batchIds.put(key, id);
        batchTexts.put(key, text);
        ids.add(id);
      }
      if (!entries.isEmpty()) {
        long newSize = size + entries.size();
        Tree tree = new Tree(newSize, Tlog.treeHash(newSize, reader));
        byte[] note = sign(tree);
        byte[] hashBytes = new byte[newHashes.size() * Hash.SIZE];
        for (int i = 0; i < newHashes.size(); i++) {
          newHashes.get(i).copyTo(hashBytes, i * Hash.SIZE);
        }
        store.append(entries, hashBytes, note);
      }
      return List.copyOf(ids);
    } catch (IOException e) {
      throw new SumdbException("appending to checksum database log: " + e.getMessage(), e);
    } finally {
      appendLock.unlock();
    }
  }

  private static void validate(LogRecord r, byte[] text) {
    try {
      ModuleVersion.of(r.path(), r.version()).check();
      Record.format(0, text);
    } catch (ModException e) {
      throw new SumdbException(r.key() + ": " + e.getMessage(), e);
    }
  }

  /** Stored hashes: the published ones from the store, then those of this batch. */
  private HashReader pendingReader(long stored, List<Hash> pending) {
    return indexes -> {
      Hash[] out = new Hash[indexes.length];
      int fromStore = 0;
      for (long x : indexes) {
        if (x < stored) {
          fromStore++;
        }
      }
      long[] storeIdx = new long[fromStore];
      int k = 0;
      for (long x : indexes) {
        if (x < stored) {
          storeIdx[k++] = x;
        }
      }
      byte[] b = fromStore == 0 ? new byte[0] : store.hashes(storeIdx);
      k = 0;
      for (int i = 0; i < indexes.length; i++) {
        long x = indexes[i];
        out[i] = x < stored ? Hash.of(b, Hash.SIZE * k++) : pending.get((int) (x - stored));
      }
      return List.of(out);
    };
  }

  // --- serving ---------------------------------------------------------------------------------

  /** The latest signed tree head ({@code /latest}). */
  public SignedTree signed() {
    LogStore.Head head = store.head();
    if (head.size() == 0) {
      SignedTree s = signedEmpty;
      if (s == null) {
        s = SignedTree.of(Tree.EMPTY, sign(Tree.EMPTY));
        signedEmpty = s;
      }
      return s;
    }
    return SignedTree.of(Tree.parse(head.signedNote()), head.signedNote());
  }

  /** The id of {@code path@version}, or -1 if it is not logged. */
  public long id(String path, String version) {
    return store.find(path + "@" + version);
  }

  /** The text of record {@code id}. */
  public String record(long id) {
    if (id < 0 || id >= store.head().size()) {
      throw new NotFoundException("no record " + id);
    }
    try {
      return new String(store.record(id), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The {@code /lookup/<path>@<version>} body: the formatted record followed by the current signed
   * head, which contains it. Path and version are unescaped.
   *
   * @throws NotFoundException if the module version is not logged
   */
  public byte[] lookup(String path, String version) {
    long id = store.find(path + "@" + version);
    if (id < 0) {
      throw new NotFoundException("not found: " + path + "@" + version);
    }
    LogStore.Head head = store.head(); // read after find: heads only grow, so it covers id
    try {
      byte[] rec = Record.format(id, store.record(id));
      byte[] note = head.signedNote();
      byte[] out = Arrays.copyOf(rec, rec.length + note.length);
      System.arraycopy(note, 0, out, rec.length, note.length);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The data of a tile of the published tree: for a hash tile its hashes, for a data tile ({@code
   * level -1}) the texts of its records, each followed by a newline. Tiles of any height are
   * computed from the stored hashes.
   *
   * @throws NotFoundException if the tile lies (partly) beyond the published tree
   */
  public byte[] tile(Tile tile) {
    long size = store.head().size();
    Tile hashTile = tile.level() < 0 ? new Tile(tile.height(), 0, tile.number(), tile.width()) : tile;
    if (!Client.tileInTree(hashTile, size)) {
      throw new NotFoundException("tile " + tile.path() + " not in tree of size " + size);
    }
    long start = tile.number() << tile.height();
    try {
      if (tile.level() < 0) {
        byte[][] texts = new byte[tile.width()][];
        int len = 0;
        for (int i = 0; i < texts.length; i++) {
          texts[i] = store.record(start + i);
          len += texts[i].length + 1;
        }
        byte[] out = new byte[len];
        int pos = 0;
        for (byte[] t : texts) {
          System.arraycopy(t, 0, out, pos, t.length);
          pos += t.length;
          out[pos++] = '\n';
        }
        return out;
      }
      long[] indexes = new long[tile.width()];
      int level = tile.level() * tile.height();
      for (int i = 0; i < indexes.length; i++) {
        indexes[i] = Tlog.storedHashIndex(level, start + i);
      }
      return store.hashes(indexes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tiles of this log's height to publish when it grows from {@code oldSize}. */
  public List<Tile> newTiles(long oldSize) {
    return Tile.newTiles(tileHeight, oldSize, size());
  }

  // --- checking what the store holds ----------------------------------------------------------

  /**
   * Checks the published state: as many stored hashes as the size needs, the stored hashes
   * folding to the signed head's tree hash, and every stored hash recomputed from the records.
   * This reads the whole log once.
   */
  private void verify() {
    LogStore.Head head = store.head();
    long n = head.size();
    if (head.hashCount() != Tlog.storedHashCount(n)) {
      throw new SumdbException(
          "checksum database log: %d stored hashes for %d records".formatted(head.hashCount(), n));
    }
    if (n == 0) {
      return;
    }
    try {
      Tree tree = Tree.parse(head.signedNote());
      if (tree.n() != n) {
        throw new SumdbException("checksum database log: signed head is for another size");
      }
      HashReader reader = pendingReader(head.hashCount(), List.of());
      if (!Tlog.treeHash(n, reader).equals(tree.hash())) {
        throw new SumdbException("checksum database log: stored hashes do not match the head");
      }
      // Recompute every stored hash from the records; the hashes of record id are stored
      // contiguously from storedHashIndex(0, id) on.
      int batch = 512;
      for (long id = 0; id < n; id += batch) {
        long end = Math.min(n, id + batch);
        long from = Tlog.storedHashIndex(0, id);
        long to = end == n ? head.hashCount() : Tlog.storedHashIndex(0, end);
        long[] idx = new long[(int) (to - from)];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = from + i;
        }
        byte[] stored = store.hashes(idx);
        int k = 0;
        for (long r = id; r < end; r++) {
          List<Hash> want = Tlog.storedHashesForRecordHash(r, Tlog.recordHash(store.record(r)), reader);
          for (Hash h : want) {
            if (!h.matches(stored, k * Hash.SIZE)) {
              throw new SumdbException(
                  "checksum database log: stored hashes of record %d do not match it".formatted(r));
            }
            k++;
          }
        }
      }
    } catch (IOException e) {
      throw new SumdbException("checksum database log: " + e.getMessage(), e);
    } catch (ModException e) {
      if (e instanceof SumdbException s) {
        throw s;
      }
      throw new SumdbException("checksum database log: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
