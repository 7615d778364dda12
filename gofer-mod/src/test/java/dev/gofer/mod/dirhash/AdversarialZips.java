package dev.gofer.mod.dirhash;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Zips that lie in one place or another, each with whether the streaming hash may be used for
 * it. For every one, {@link DirHash#hashZip(java.nio.file.Path, ZipStreamHash)} must give exactly
 * what {@link DirHash#hashZip(java.nio.file.Path)} gives (hash or refusal), and where it streams,
 * Go's {@code dirhash.HashZip} must agree (ZipStreamHashGoIT).
 */
final class AdversarialZips {
  private AdversarialZips() {}

  /**
   * One crafted zip.
   *
   * @param streams whether the fast path must be taken (true) or must fall back (false)
   */
  record Case(String name, byte[] zip, boolean streams) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String A = "m@v1.0.0/a.txt";
  static final String B = "m@v1.0.0/b.txt";
  /** Two different contents with the same CRC-32 and length. */
  static final byte[] PLUMLESS = "plumless".getBytes(UTF_8);
  static final byte[] BUCKEROO = "buckeroo".getBytes(UTF_8);

  /** Two entries: {@link #A} holding {@link #PLUMLESS}, {@link #B} holding {@link #BUCKEROO}. */
  static CraftedZip pair(boolean stored) {
    CraftedZip z = CraftedZip.create();
    CraftedZip.Entry a = z.add(A, PLUMLESS);
    CraftedZip.Entry b = z.add(B, BUCKEROO);
    if (stored) {
      a.stored();
      b.stored();
    }
    return z;
  }

  static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    CraftedZip z;

    // The central directory swaps the two local header offsets; CRC-32 and sizes still match.
    z = pair(true);
    z.entry(0).cenOffsetOf = 1;
    z.entry(1).cenOffsetOf = 0;
    cases.add(new Case("swapped offsets, stored", z.bytes(), false));

    z = pair(false);
    z.entry(0).cenOffsetOf = 1;
    z.entry(1).cenOffsetOf = 0;
    z.entry(0).cenCompressed = (long) CraftedZip.deflate(BUCKEROO).length;
    z.entry(1).cenCompressed = (long) CraftedZip.deflate(PLUMLESS).length;
    cases.add(new Case("swapped offsets, deflated", z.bytes(), false));

    // The same swap with the local names swapped too: a consistent zip whose entries are stored
    // in the other order. Streamed, A must hash BUCKEROO, as Go reads it.
    z = pair(false);
    z.entry(0).cenOffsetOf = 1;
    z.entry(1).cenOffsetOf = 0;
    z.entry(0).cenCompressed = (long) CraftedZip.deflate(BUCKEROO).length;
    z.entry(1).cenCompressed = (long) CraftedZip.deflate(PLUMLESS).length;
    z.entry(0).locName = B.getBytes(UTF_8);
    z.entry(1).locName = A.getBytes(UTF_8);
    cases.add(new Case("entries in the other order than the directory", z.bytes(), true));

    z = pair(false);
    z.entry(0).locName = "m@v1.0.0/evil.txt".getBytes(UTF_8);
    cases.add(new Case("local name differs from the directory's", z.bytes(), false));

    z = pair(false);
    z.entry(0).cenCompressed = (long) CraftedZip.deflate(PLUMLESS).length + 1;
    cases.add(new Case("directory compressed size larger than the data", z.bytes(), false));

    z = pair(false);
    z.entry(0).cenCompressed = (long) CraftedZip.deflate(PLUMLESS).length - 1;
    cases.add(new Case("directory compressed size smaller than the data", z.bytes(), false));

    z = pair(false);
    z.entry(1).cenSize = (long) BUCKEROO.length + 1;
    cases.add(new Case("directory size larger than the content", z.bytes(), false));

    z = pair(false);
    z.entry(1).cenCrc = CraftedZip.crc(BUCKEROO) ^ 1;
    cases.add(new Case("directory CRC-32 differs", z.bytes(), false));

    z = pair(false);
    z.entry(0).cenMethod = 0;
    cases.add(new Case("deflated locally, stored in the directory", z.bytes(), false));

    z = pair(true);
    z.entry(0).cenMethod = 8;
    cases.add(new Case("stored locally, deflated in the directory", z.bytes(), false));

    z = pair(false);
    z.entry(1).cenFlags = 0x800 | 0x8;
    cases.add(new Case("directory flags say data descriptor, local ones do not", z.bytes(), false));

    z = pair(false);
    z.prefix = "#!/bin/sh\necho not a zip\nexit 0\n".getBytes(UTF_8);
    cases.add(new Case("prepended junk, offsets without it", z.bytes(), false));

    z = pair(false);
    z.prefix = "#!/bin/sh\necho not a zip\nexit 0\n".getBytes(UTF_8);
    z.prefixInOffsets = true;
    cases.add(new Case("prepended junk, offsets with it", z.bytes(), false));

    z = pair(false);
    z.suffix = "trailing junk".getBytes(UTF_8);
    cases.add(new Case("trailing junk", z.bytes(), false));

    byte[] whole = pair(false).bytes();
    cases.add(
        new Case("truncated in the end record", Arrays.copyOf(whole, whole.length - 5), false));
    cases.add(new Case("truncated in the data", Arrays.copyOf(whole, 40), false));

    z = pair(false);
    z.zip64End = true;
    cases.add(new Case("zip64 end records", z.bytes(), false));

    z = pair(true);
    z.entry(1).descriptor(CraftedZip.Descriptor.SIGNED);
    cases.add(new Case("stored entry with a data descriptor", z.bytes(), false));

    z = pair(false);
    z.entry(0).descriptor(CraftedZip.Descriptor.SIGNED);
    z.entry(1).descriptor(CraftedZip.Descriptor.SIGNED);
    cases.add(new Case("data descriptors with signature", z.bytes(), true));

    z = pair(false);
    z.entry(0).descriptor(CraftedZip.Descriptor.UNSIGNED);
    z.entry(1).descriptor(CraftedZip.Descriptor.UNSIGNED);
    cases.add(new Case("data descriptors without signature", z.bytes(), true));

    z = pair(false);
    z.entry(0).descriptor(CraftedZip.Descriptor.SIGNED);
    z.entry(0).descriptorCrc = CraftedZip.crc(PLUMLESS) ^ 0x100;
    cases.add(new Case("data descriptor with the wrong CRC-32", z.bytes(), false));

    z = CraftedZip.create();
    z.add(A, PLUMLESS);
    z.add(A, BUCKEROO);
    cases.add(new Case("duplicate names", z.bytes(), false));

    z = CraftedZip.create();
    z.add(A, PLUMLESS);
    CraftedZip.Entry twin = z.add(B, PLUMLESS);
    twin.cenOffsetOf = 0;
    cases.add(new Case("two directory entries at one local header", z.bytes(), false));

    // A stored entry whose content is itself a local header and data; the directory points
    // into the middle of the outer entry, where the stream never saw a header.
    CraftedZip inner = CraftedZip.create();
    inner.add(B, BUCKEROO).stored();
    byte[] innerBytes = inner.bytes();
    int innerLocal = 30 + B.length() + BUCKEROO.length;
    z = CraftedZip.create();
    z.add(A, Arrays.copyOf(innerBytes, innerLocal)).stored();
    CraftedZip.Entry hidden = z.add(B, BUCKEROO);
    hidden.stored();
    hidden.cenOffsetOf = 0;
    hidden.cenOffsetDelta = 30 + A.length();
    cases.add(new Case("directory points into another entry's data", z.bytes(), false));

    z = CraftedZip.create();
    z.add("m@v1.0.0/new\nline", PLUMLESS);
    cases.add(new Case("a name with a newline", z.bytes(), false));

    z = pair(false);
    z.entry(1).flags = 0x800 | 0x1;
    cases.add(new Case("encrypted flag", z.bytes(), false));

    z = pair(false);
    z.entry(1).cenExtra = new byte[] {1, 0, 8, 0, 8, 0, 0, 0, 0, 0, 0, 0};
    cases.add(new Case("zip64 extra block in the directory", z.bytes(), false));

    z = pair(false);
    z.entry(1).cenExtra = new byte[] {0x55, 0x54, 9, 0, 1};
    cases.add(new Case("extra field block overruns the field", z.bytes(), false));

    z = pair(false);
    z.entry(1).data = new byte[] {(byte) 0xff, (byte) 0xff, 0, 0};
    cases.add(new Case("invalid deflate data", z.bytes(), false));

    cases.add(new Case("no entries", CraftedZip.create().bytes(), true));

    z = pair(false);
    z.comment = "a comment PK\u0005\u0006 with an end signature in it".getBytes(UTF_8);
    cases.add(new Case("end record comment holding an end signature", z.bytes(), false));

    z = pair(false);
    z.comment = "built by hand".getBytes(UTF_8);
    cases.add(new Case("end record comment", z.bytes(), true));

    z = CraftedZip.create();
    z.add("m@v1.0.0/", new byte[0]).stored();
    z.add("m@v1.0.0/dir/", new byte[0]);
    z.add("m@v1.0.0/dir/empty", new byte[0]).stored();
    z.add("m@v1.0.0/dir/empty.deflated", new byte[0]).descriptor(CraftedZip.Descriptor.UNSIGNED);
    cases.add(new Case("directories and empty files", z.bytes(), true));
    return cases;
  }
}
