package dev.gofer.mod.dirhash;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip files byte by byte so that each field of a local header, data descriptor, central
 * directory record and end record can be made to lie independently: what the streaming hasher's
 * cross-check must catch. Entries are deflated (raw, as in zips) or stored; each may carry a data
 * descriptor with or without its signature.
 */
final class CraftedZip {
  enum Descriptor { NONE, SIGNED, UNSIGNED }

  /** One entry; the {@code cen*} and {@code loc*} fields, when set, replace computed values. */
  static final class Entry {
    final byte[] name;
    final byte[] content;
    int method = 8;
    Descriptor descriptor = Descriptor.NONE;
    int flags = 0x800;
    byte[] data; // compressed bytes; computed from content unless set
    byte[] locName;
    Integer locMethod;
    Integer cenMethod;
    Integer cenFlags;
    Long cenCompressed;
    Long cenSize;
    Integer cenCrc;
    Integer descriptorCrc;
    Integer cenOffsetOf; // the index of the entry whose local header the CEN record points at
    long cenOffsetDelta; // added to that offset
    byte[] cenExtra = new byte[0];

    private Entry(byte[] name, byte[] content) {
      this.name = name;
      this.content = content;
    }

    Entry stored() {
      method = 0;
      return this;
    }

    Entry descriptor(Descriptor d) {
      descriptor = d;
      return this;
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  byte[] prefix = new byte[0];
  byte[] suffix = new byte[0];
  boolean zip64End;
  /** Whether local header offsets count the prefix (a writer that knew of it). */
  boolean prefixInOffsets;
  byte[] comment = new byte[0];
  /** Set: the local header offsets, written by {@link #bytes()}. */
  long[] offsets;

  static CraftedZip create() {
    return new CraftedZip();
  }

  Entry add(String name, byte[] content) {
    Entry e = new Entry(name.getBytes(UTF_8), content);
    entries.add(e);
    return e;
  }

  Entry add(String name, String content) {
    return add(name, content.getBytes(UTF_8));
  }

  Entry entry(int i) {
    return entries.get(i);
  }

  static byte[] deflate(byte[] content) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      d.setInput(content);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  static int crc(byte[] content) {
    CRC32 c = new CRC32();
    c.update(content);
    return (int) c.getValue();
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(prefix);
    offsets = new long[entries.size()];
    byte[][] data = new byte[entries.size()][];
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      // without the prefix: offsets as a writer that knew nothing of it would record them
      offsets[i] = out.size() - (prefixInOffsets ? 0 : prefix.length);
      byte[] d = e.data != null ? e.data : e.method == 8 ? deflate(e.content) : e.content;
      data[i] = d;
      int crc = crc(e.content);
      int flags = e.flags | (e.descriptor != Descriptor.NONE ? 0x8 : 0);
      boolean known = e.descriptor == Descriptor.NONE;
      byte[] locName = e.locName != null ? e.locName : e.name;
      le(out, ZipStreamHash.LOC_SIG, 4);
      le(out, 20, 2);
      le(out, flags, 2);
      le(out, e.locMethod != null ? e.locMethod : e.method, 2);
      le(out, 0, 4);
      le(out, known ? crc : 0, 4);
      le(out, known ? d.length : 0, 4);
      le(out, known ? e.content.length : 0, 4);
      le(out, locName.length, 2);
      le(out, 0, 2);
      out.writeBytes(locName);
      out.writeBytes(d);
      int descCrc = e.descriptorCrc != null ? e.descriptorCrc : crc;
      if (e.descriptor == Descriptor.SIGNED) {
        le(out, ZipStreamHash.DESCRIPTOR_SIG, 4);
      }
      if (e.descriptor != Descriptor.NONE) {
        le(out, descCrc, 4);
        le(out, d.length, 4);
        le(out, e.content.length, 4);
      }
    }
    long cenOffset = out.size() - (prefixInOffsets ? 0 : prefix.length);
    ByteArrayOutputStream cen = new ByteArrayOutputStream();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      int flags = e.flags | (e.descriptor != Descriptor.NONE ? 0x8 : 0);
      le(cen, CentralDirectory.CEN_SIG, 4);
      le(cen, 20, 2);
      le(cen, 20, 2);
      le(cen, e.cenFlags != null ? e.cenFlags : flags, 2);
      le(cen, e.cenMethod != null ? e.cenMethod : e.method, 2);
      le(cen, 0, 4);
      le(cen, e.cenCrc != null ? e.cenCrc : crc(e.content), 4);
      le(cen, e.cenCompressed != null ? e.cenCompressed : data[i].length, 4);
      le(cen, e.cenSize != null ? e.cenSize : e.content.length, 4);
      le(cen, e.name.length, 2);
      le(cen, e.cenExtra.length, 2);
      le(cen, 0, 2);
      le(cen, 0, 2);
      le(cen, 0, 2);
      le(cen, 0, 4);
      le(cen, offsets[e.cenOffsetOf != null ? e.cenOffsetOf : i] + e.cenOffsetDelta, 4);
      cen.writeBytes(e.name);
      cen.writeBytes(e.cenExtra);
    }
    out.writeBytes(cen.toByteArray());
    long cenSize = cen.size();
    if (zip64End) {
      long end64 = out.size() - (prefixInOffsets ? 0 : prefix.length);
      le(out, 0x06064b50, 4);
      le(out, 44, 8);
      le(out, 45, 2);
      le(out, 45, 2);
      le(out, 0, 4);
      le(out, 0, 4);
      le(out, entries.size(), 8);
      le(out, entries.size(), 8);
      le(out, cenSize, 8);
      le(out, cenOffset, 8);
      le(out, 0x07064b50, 4);
      le(out, 0, 4);
      le(out, end64, 8);
      le(out, 1, 4);
    }
    le(out, CentralDirectory.EOCD_SIG, 4);
    le(out, 0, 2);
    le(out, 0, 2);
    le(out, zip64End ? 0xFFFF : entries.size(), 2);
    le(out, zip64End ? 0xFFFF : entries.size(), 2);
    le(out, zip64End ? 0xFFFFFFFFL : cenSize, 4);
    le(out, zip64End ? 0xFFFFFFFFL : cenOffset, 4);
    le(out, comment.length, 2);
    out.writeBytes(comment);
    out.writeBytes(suffix);
    return out.toByteArray();
  }

  static byte[] truncated(byte[] zip, int length) {
    return Arrays.copyOf(zip, length);
  }

  private static void le(ByteArrayOutputStream o, long v, int n) {
    for (int k = 0; k < n; k++) {
      o.write((int) (v >> (8 * k)));
    }
  }
}
