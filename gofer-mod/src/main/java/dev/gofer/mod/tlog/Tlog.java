package dev.gofer.mod.tlog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The tamper-evident log of the Go checksum database (Go's {@code golang.org/x/mod/sumdb/tlog}):
 * RFC 6962 record and node hashes, the dense stored-hash index (Crosby and Wallach's ordering),
 * tree hashes, and inclusion and consistency proofs.
 *
 * <p>An append-only log stores, for every record {@code n}, the hashes returned by {@link
 * #storedHashes} at indexes starting at {@code storedHashIndex(0, n)}. A {@link HashReader} over
 * that storage (or over authenticated tiles, see {@link TileHashReader}) answers every question
 * below.
 */
public final class Tlog {
  /** The hash of the empty tree, SHA-256 of no bytes (RFC 6962 §2.1). */
  public static final Hash EMPTY_HASH = Hash.wrap(Sha256.newDigest().digest());

  private static final String BAD_MATH = "tlog: bad index math";

  private Tlog() {}

  /** The leaf hash of a record's data: SHA-256(0x00 || data). */
  public static Hash recordHash(byte[] data) {
    MessageDigest d = Sha256.newDigest();
    d.update((byte) 0);
    d.update(data);
    return Hash.wrap(d.digest());
  }

  /** The leaf hash of a record's UTF-8 text. */
  public static Hash recordHash(String text) {
    return recordHash(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The hash of an interior node: SHA-256(0x01 || left || right). */
  public static Hash nodeHash(Hash left, Hash right) {
    return Hash.wrap(nodeHash(left.unsafeBytes(), 0, right.unsafeBytes(), 0));
  }

  static byte[] nodeHash(byte[] left, int leftOffset, byte[] right, int rightOffset) {
    MessageDigest d = Sha256.newDigest();
    d.update((byte) 1);
    d.update(left, leftOffset, Hash.SIZE);
    d.update(right, rightOffset, Hash.SIZE);
    return d.digest();
  }

  /**
   * Maps tree coordinates to the dense index at which an append-only writer stores that hash:
   * level {@code L}'s {@code n}th hash comes right after level {@code L+1}'s {@code (2n+1)}th.
   */
  public static long storedHashIndex(int level, long n) {
    if (level < 0 || n < 0) {
      throw new IllegalArgumentException("invalid tree coordinates " + level + ", " + n);
    }
    for (int l = level; l > 0; l--) {
      n = 2 * n + 1;
    }
    long i = 0;
    for (; n > 0; n >>= 1) {
      i += n;
    }
    return i + level;
  }

  /** The inverse of {@link #storedHashIndex}. */
  public static Node splitStoredHashIndex(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("negative stored hash index " + index);
    }
    // storedHashIndex(0, n) < 2n, so the leaf written last before index is in
    // [index/2, index/2 + log2(index)].
    long n = index / 2;
    long indexN = storedHashIndex(0, n);
    while (true) {
      // Record n is followed by one hash per subtree it completes.
      long next = indexN + 1 + Long.numberOfTrailingZeros(n + 1);
      if (next > index) {
        break;
      }
      n++;
      indexN = next;
    }
    int level = (int) (index - indexN);
    return new Node(level, n >> level);
  }

  /** The number of stored hashes of a tree with {@code n} records. */
  public static long storedHashCount(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative tree size " + n);
    }
    if (n == 0) {
      return 0;
    }
    long count = storedHashIndex(0, n - 1) + 1;
    for (long i = n - 1; (i & 1) != 0; i >>= 1) {
      count++;
    }
    return count;
  }

  /**
   * The hashes to store when appending record {@code n} with the given data, to be stored from
   * index {@code storedHashIndex(0, n)} on: the record hash, then one node hash per subtree the
   * record completes. Reads up to log2(n) earlier hashes from {@code r}.
   */
  public static List<Hash> storedHashes(long n, byte[] data, HashReader r) throws IOException {
    return storedHashesForRecordHash(n, recordHash(data), r);
  }

  /** Like {@link #storedHashes} but given {@code recordHash(data)}. */
  public static List<Hash> storedHashesForRecordHash(long n, Hash h, HashReader r)
      throws IOException {
    if (n < 0) {
      throw new IllegalArgumentException("negative record id " + n);
    }
    // Each trailing 1 bit of n completes a subtree and consumes the hash of its left sibling.
    int m = Long.numberOfTrailingZeros(n + 1);
    long[] indexes = new long[m];
    for (int i = 0; i < m; i++) {
      indexes[m - 1 - i] = storedHashIndex(i, (n >> i) - 1);
    }
    List<Hash> old = m == 0 ? List.of() : read(r, indexes);
    List<Hash> hashes = new ArrayList<>(m + 1);
    hashes.add(h);
    for (int i = 0; i < m; i++) {
      h = nodeHash(old.get(m - 1 - i), h);
      hashes.add(h);
    }
    return List.copyOf(hashes);
  }

  /**
   * The root hash of the tree with {@code n} records, from at most 1 + log2(n) stored hashes
   * read in one call. The empty tree's hash is {@link #EMPTY_HASH}.
   */
  public static Hash treeHash(long n, HashReader r) throws IOException {
    if (n < 0) {
      throw new TlogException("tlog: invalid inputs in TreeHash");
    }
    if (n == 0) {
      return EMPTY_HASH;
    }
    LongList indexes = new LongList();
    subTreeIndex(0, n, indexes);
    Cursor c = new Cursor(read(r, indexes.toArray()));
    Hash h = subTreeHash(0, n, c);
    c.expectEnd();
    return h;
  }

  /** The proof that the tree of size {@code t} contains record {@code n}. */
  public static RecordProof proveRecord(long t, long n, HashReader r) throws IOException {
    if (t < 0 || n < 0 || n >= t) {
      throw new TlogException("tlog: invalid inputs in ProveRecord");
    }
    LongList indexes = new LongList();
    leafProofIndex(0, t, n, indexes);
    if (indexes.size == 0) {
      return new RecordProof(List.of());
    }
    Cursor c = new Cursor(read(r, indexes.toArray()));
    List<Hash> proof = new ArrayList<>();
    leafProof(0, t, n, c, proof);
    c.expectEnd();
    return new RecordProof(proof);
  }

  /**
   * Checks that {@code p} proves that the tree of size {@code t} with hash {@code th} has record
   * hash {@code h} at position {@code n}.
   *
   * @throws TlogException {@code invalid transparency proof} if it does not
   */
  public static void checkRecord(RecordProof p, long t, Hash th, long n, Hash h) {
    if (t < 0 || n < 0 || n >= t) {
      throw new TlogException("tlog: invalid inputs in CheckRecord");
    }
    Hash root = runRecordProof(p.hashes(), p.hashes().size(), 0, t, n, h);
    if (!root.equals(th)) {
      throw proofFailed();
    }
  }

  /** The proof that the tree of size {@code t} contains the tree of size {@code n} as a prefix. */
  public static TreeProof proveTree(long t, long n, HashReader r) throws IOException {
    if (t < 1 || n < 1 || n > t) {
      throw new TlogException("tlog: invalid inputs in ProveTree");
    }
    LongList indexes = new LongList();
    treeProofIndex(0, t, n, indexes);
    if (indexes.size == 0) {
      return new TreeProof(List.of());
    }
    Cursor c = new Cursor(read(r, indexes.toArray()));
    List<Hash> proof = new ArrayList<>();
    treeProof(0, t, n, c, proof);
    c.expectEnd();
    return new TreeProof(proof);
  }

  /**
   * Checks that {@code p} proves that the tree of size {@code t} with hash {@code th} contains as
   * a prefix the tree of size {@code n} with hash {@code h}.
   *
   * @throws TlogException {@code invalid transparency proof} if it does not
   */
  public static void checkTree(TreeProof p, long t, Hash th, long n, Hash h) {
    if (t < 1 || n < 1 || n > t) {
      throw new TlogException("tlog: invalid inputs in CheckTree");
    }
    Hash[] oldAndNew = runTreeProof(p.hashes(), p.hashes().size(), 0, t, n, h);
    if (!oldAndNew[0].equals(h) || !oldAndNew[1].equals(th)) {
      throw proofFailed();
    }
  }

  // --- subtree arithmetic -----------------------------------------------------------------

  /** The largest power of two smaller than {@code n}, for {@code n >= 2}. */
  static long maxPow2Below(long n) {
    return Long.highestOneBit(n - 1);
  }

  /** Appends the stored-hash indexes of the complete subtrees that make up {@code [lo, hi)}. */
  static void subTreeIndex(long lo, long hi, LongList need) {
    while (lo < hi) {
      long k = maxPow2Below(hi - lo + 1);
      int level = Long.numberOfTrailingZeros(k);
      if ((lo & (k - 1)) != 0) {
        throw new IllegalStateException(BAD_MATH);
      }
      need.add(storedHashIndex(level, lo >> level));
      lo += k;
    }
  }

  /** Folds the hashes of {@link #subTreeIndex}'s subtrees, taken from {@code c}, right to left. */
  static Hash subTreeHash(long lo, long hi, Cursor c) {
    int numTree = 0;
    while (lo < hi) {
      lo += maxPow2Below(hi - lo + 1);
      numTree++;
    }
    Hash[] parts = c.take(numTree);
    Hash h = parts[numTree - 1];
    for (int i = numTree - 2; i >= 0; i--) {
      h = nodeHash(parts[i], h);
    }
    return h;
  }

  private static void leafProofIndex(long lo, long hi, long n, LongList need) {
    if (lo + 1 == hi) {
      return;
    }
    long k = maxPow2Below(hi - lo);
    if (n < lo + k) {
      leafProofIndex(lo, lo + k, n, need);
      subTreeIndex(lo + k, hi, need);
    } else {
      subTreeIndex(lo, lo + k, need);
      leafProofIndex(lo + k, hi, n, need);
    }
  }

  /** Appends to {@code proof}, deepest first, the hash of each path not taken toward leaf n. */
  private static void leafProof(long lo, long hi, long n, Cursor c, List<Hash> proof) {
    if (lo + 1 == hi) {
      return; // the verifier knows the leaf hash
    }
    long k = maxPow2Below(hi - lo);
    Hash sibling;
    if (n < lo + k) {
      leafProof(lo, lo + k, n, c, proof);
      sibling = subTreeHash(lo + k, hi, c);
    } else {
      sibling = subTreeHash(lo, lo + k, c);
      leafProof(lo + k, hi, n, c, proof);
    }
    proof.add(sibling);
  }

  /** The root of {@code [lo, hi)} implied by the first {@code end} hashes of {@code p}. */
  private static Hash runRecordProof(List<Hash> p, int end, long lo, long hi, long n, Hash leaf) {
    if (lo + 1 == hi) {
      if (end != 0) {
        throw proofFailed(); // no unnecessary hashes allowed
      }
      return leaf;
    }
    if (end == 0) {
      throw proofFailed();
    }
    long k = maxPow2Below(hi - lo);
    Hash top = p.get(end - 1);
    if (n < lo + k) {
      return nodeHash(runRecordProof(p, end - 1, lo, lo + k, n, leaf), top);
    }
    return nodeHash(top, runRecordProof(p, end - 1, lo + k, hi, n, leaf));
  }

  private static void treeProofIndex(long lo, long hi, long n, LongList need) {
    if (n == hi) {
      if (lo != 0) {
        subTreeIndex(lo, hi, need);
      }
      return;
    }
    long k = maxPow2Below(hi - lo);
    if (n <= lo + k) {
      treeProofIndex(lo, lo + k, n, need);
      subTreeIndex(lo + k, hi, need);
    } else {
      subTreeIndex(lo, lo + k, need);
      treeProofIndex(lo + k, hi, n, need);
    }
  }

  private static void treeProof(long lo, long hi, long n, Cursor c, List<Hash> proof) {
    if (n == hi) {
      if (lo != 0) {
        proof.add(subTreeHash(lo, hi, c));
      }
      return; // for lo == 0 this subtree is the old tree itself, which the verifier knows
    }
    long k = maxPow2Below(hi - lo);
    Hash sibling;
    if (n <= lo + k) {
      treeProof(lo, lo + k, n, c, proof);
      sibling = subTreeHash(lo + k, hi, c);
    } else {
      sibling = subTreeHash(lo, lo + k, c);
      treeProof(lo + k, hi, n, c, proof);
    }
    proof.add(sibling);
  }

  /**
   * The hashes of {@code [lo, hi)} in the old tree (of size n, hash {@code old}) and in the new
   * tree, implied by the first {@code end} hashes of {@code p}.
   */
  private static Hash[] runTreeProof(List<Hash> p, int end, long lo, long hi, long n, Hash old) {
    if (n == hi) {
      if (lo == 0) {
        if (end != 0) {
          throw proofFailed();
        }
        return new Hash[] {old, old};
      }
      if (end != 1) {
        throw proofFailed();
      }
      return new Hash[] {p.get(0), p.get(0)};
    }
    if (end == 0) {
      throw proofFailed();
    }
    long k = maxPow2Below(hi - lo);
    Hash top = p.get(end - 1);
    if (n <= lo + k) {
      Hash[] sub = runTreeProof(p, end - 1, lo, lo + k, n, old);
      return new Hash[] {sub[0], nodeHash(sub[1], top)};
    }
    Hash[] sub = runTreeProof(p, end - 1, lo + k, hi, n, old);
    return new Hash[] {nodeHash(top, sub[0]), nodeHash(top, sub[1])};
  }

  private static TlogException proofFailed() {
    return new TlogException("invalid transparency proof");
  }

  /** Reads hashes and insists on one per index. */
  static List<Hash> read(HashReader r, long[] indexes) throws IOException {
    List<Hash> hashes = r.readHashes(indexes);
    if (hashes == null || hashes.size() != indexes.length) {
      throw new TlogException(
          "tlog: ReadHashes(%d indexes) = %d hashes"
              .formatted(indexes.length, hashes == null ? 0 : hashes.size()));
    }
    return hashes;
  }

  /** Consumes a list of hashes front to back. */
  static final class Cursor {
    private final List<Hash> hashes;
    private int pos;

    Cursor(List<Hash> hashes) {
      this.hashes = hashes;
    }

    Hash[] take(int count) {
      if (pos + count > hashes.size()) {
        throw new IllegalStateException(BAD_MATH);
      }
      Hash[] out = new Hash[count];
      for (int i = 0; i < count; i++) {
        Hash h = hashes.get(pos++);
        if (h == null) {
          throw new TlogException("tlog: HashReader returned a null hash");
        }
        out[i] = h;
      }
      return out;
    }

    void expectEnd() {
      if (pos != hashes.size()) {
        throw new IllegalStateException(BAD_MATH);
      }
    }
  }

  /** A growable list of longs. */
  static final class LongList {
    private long[] values = new long[8];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
