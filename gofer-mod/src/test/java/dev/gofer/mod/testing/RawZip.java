package dev.gofer.mod.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes stored (uncompressed) zip files byte by byte, which allows what {@code
 * ZipOutputStream} refuses: duplicate names, arbitrary name bytes, and declared sizes that lie.
 * Test helper for zip validation, extraction and hashing.
 */
public final class RawZip {
  private record Entry(byte[] name, byte[] data, long declaredSize) {}

  private final List<Entry> entries = new ArrayList<>();

  private RawZip() {}

  public static RawZip create() {
    return new RawZip();
  }

  /** Adds an entry named {@code name} (UTF-8) holding {@code data}. */
  public RawZip add(String name, byte[] data) {
    return add(name.getBytes(StandardCharsets.UTF_8), data, data.length);
  }

  /** Adds an entry with raw name bytes and a declared uncompressed size that may lie. */
  public RawZip add(byte[] name, byte[] data, long declaredSize) {
    entries.add(new Entry(name.clone(), data.clone(), declaredSize));
    return this;
  }

  /** The zip file bytes. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream cen = new ByteArrayOutputStream();
    for (Entry e : entries) {
      CRC32 crc = new CRC32();
      crc.update(e.data);
      int offset = out.size();
      int flags = 0x0800; // names are UTF-8
      le(out, 0x04034b50, 4);
      le(out, 20, 2);
      le(out, flags, 2);
      le(out, 0, 2); // stored
      le(out, 0, 4); // time and date
      le(out, (int) crc.getValue(), 4);
      le(out, e.data.length, 4);
      le(out, (int) e.declaredSize, 4);
      le(out, e.name.length, 2);
      le(out, 0, 2);
      out.writeBytes(e.name);
      out.writeBytes(e.data);
      le(cen, 0x02014b50, 4);
      le(cen, 20, 2);
      le(cen, 20, 2);
      le(cen, flags, 2);
      le(cen, 0, 2);
      le(cen, 0, 4);
      le(cen, (int) crc.getValue(), 4);
      le(cen, e.data.length, 4);
      le(cen, (int) e.declaredSize, 4);
      le(cen, e.name.length, 2);
      le(cen, 0, 2);
      le(cen, 0, 2);
      le(cen, 0, 2);
      le(cen, 0, 2);
      le(cen, 0, 4);
      le(cen, offset, 4);
      cen.writeBytes(e.name);
    }
    int cenOffset = out.size();
    byte[] c = cen.toByteArray();
    out.writeBytes(c);
    le(out, 0x06054b50, 4);
    le(out, 0, 2);
    le(out, 0, 2);
    le(out, entries.size(), 2);
    le(out, entries.size(), 2);
    le(out, c.length, 4);
    le(out, cenOffset, 4);
    le(out, 0, 2);
    return out.toByteArray();
  }

  private static void le(ByteArrayOutputStream o, int v, int n) {
    for (int k = 0; k < n; k++) {
      o.write(v >> (8 * k));
    }
  }
}
