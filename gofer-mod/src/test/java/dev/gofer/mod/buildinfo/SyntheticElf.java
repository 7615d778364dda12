package dev.gofer.mod.buildinfo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds small ELF files in memory, laid out the way the Go linker lays out an executable: a
 * read-execute text segment, a read-write data segment that starts with the build info blob,
 * and optionally a {@code .go.buildinfo} section over that blob.
 */
final class SyntheticElf {
  static final long TEXT_ADDR = 0x400000;
  static final long DATA_ADDR = 0x500000;

  /** cmd/go's sentinels around the module information (modload.infoStart, infoEnd). */
  static final byte[] INFO_START = HexFormat.of().parseHex("3077af0c9274080241e1c107e6d618e6");

  static final byte[] INFO_END = HexFormat.of().parseHex("f932433186182072008242104116d8f2");

  private final boolean is64;
  private final ByteOrder order;
  private byte[] text = "\u00cc\u00cc\u00cc\u00cc".getBytes(StandardCharsets.ISO_8859_1);
  private byte[] data = new byte[0];
  private long dataMemExtra;
  private int dataFlags = ElfFile.PF_W | 4;
  private boolean buildInfoSection = true;
  private long buildInfoSectionSize = -1;
  private final List<String> extraSections = new ArrayList<>();

  private SyntheticElf(boolean is64, ByteOrder order) {
    this.is64 = is64;
    this.order = order;
  }

  static SyntheticElf elf64() {
    return new SyntheticElf(true, ByteOrder.LITTLE_ENDIAN);
  }

  static SyntheticElf of(boolean is64, ByteOrder order) {
    return new SyntheticElf(is64, order);
  }

  /** The bytes of the data segment (mapped at {@link #DATA_ADDR}). */
  SyntheticElf data(byte[] data) {
    this.data = data;
    return this;
  }

  /** Extra zero-filled memory after the data segment's file bytes (a .bss). */
  SyntheticElf bss(long bytes) {
    this.dataMemExtra = bytes;
    return this;
  }

  /** The data segment's p_flags. */
  SyntheticElf dataFlags(int flags) {
    this.dataFlags = flags;
    return this;
  }

  /** Whether a {@code .go.buildinfo} section covers the start of the data segment. */
  SyntheticElf buildInfoSection(boolean present) {
    this.buildInfoSection = present;
    return this;
  }

  /** The size of the {@code .go.buildinfo} section (default: the whole data segment). */
  SyntheticElf buildInfoSectionSize(long size) {
    this.buildInfoSectionSize = size;
    return this;
  }

  /** Another (empty) section, to give the name table more entries. */
  SyntheticElf section(String name) {
    extraSections.add(name);
    return this;
  }

  /** Module information framed by the sentinels, as cmd/go embeds it. */
  static byte[] framed(String modInfo) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(INFO_START);
    out.writeBytes(modInfo.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(INFO_END);
    return out.toByteArray();
  }

  /** A Go 1.18+ blob: the 32-byte header with the inline flag, then two varint strings. */
  static byte[] inlineBlob(byte[] version, byte[] modInfo) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(BuildInfoReader.MAGIC);
    out.write(8);
    out.write(2);
    out.writeBytes(new byte[16]);
    varint(out, version.length);
    out.writeBytes(version);
    varint(out, modInfo.length);
    out.writeBytes(modInfo);
    out.writeBytes(new byte[16]); // Go pads; the reader needs 10 bytes for a varint
    return out.toByteArray();
  }

  static void varint(ByteArrayOutputStream out, long v) {
    while (Long.compareUnsigned(v, 0x80) >= 0) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  /**
   * A pre-1.18 data segment at {@link #DATA_ADDR}: the header with pointers to two Go string
   * headers, the string headers, then the string bytes.
   */
  static byte[] pointerBlob(int ptrSize, ByteOrder order, byte[] version, byte[] modInfo) {
    int headers = 32;
    int strHeaders = 4 * ptrSize;
    long versHdr = DATA_ADDR + headers;
    long modHdr = versHdr + 2L * ptrSize;
    long versData = DATA_ADDR + headers + strHeaders;
    long modData = versData + version.length;
    ByteBuffer b =
        ByteBuffer.allocate(headers + strHeaders + version.length + modInfo.length + 16)
            .order(order);
    b.put(BuildInfoReader.MAGIC);
    b.put((byte) ptrSize);
    b.put((byte) (order == ByteOrder.BIG_ENDIAN ? 1 : 0));
    putPtr(b, ptrSize, versHdr);
    putPtr(b, ptrSize, modHdr);
    b.position(headers);
    putPtr(b, ptrSize, versData);
    putPtr(b, ptrSize, version.length);
    putPtr(b, ptrSize, modData);
    putPtr(b, ptrSize, modInfo.length);
    b.put(version);
    b.put(modInfo);
    return b.array();
  }

  private static void putPtr(ByteBuffer b, int ptrSize, long v) {
    if (ptrSize == 4) {
      b.putInt((int) v);
    } else {
      b.putLong(v);
    }
  }

  /** The ELF file. */
  byte[] build() {
    int ehsize = is64 ? 64 : 52;
    int phentsize = is64 ? 56 : 32;
    int shentsize = is64 ? 64 : 40;
    int phnum = 2;
    long textOff = align(ehsize + (long) phnum * phentsize, 16);
    long dataOff = align(textOff + text.length, 16);
    List<String> names = new ArrayList<>();
    names.add("");
    if (buildInfoSection) {
      names.add(".go.buildinfo");
    }
    names.addAll(extraSections);
    names.add(".shstrtab");
    ByteArrayOutputStream strtab = new ByteArrayOutputStream();
    int[] nameOffsets = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      nameOffsets[i] = strtab.size();
      strtab.writeBytes(names.get(i).getBytes(StandardCharsets.UTF_8));
      strtab.write(0);
    }
    long strtabOff = dataOff + data.length;
    long shoff = align(strtabOff + strtab.size(), 8);
    int shnum = names.size();
    ByteBuffer b =
        ByteBuffer.allocate((int) (shoff + (long) shnum * shentsize)).order(order);
    b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2), 1});
    b.position(16);
    b.putShort((short) 2); // ET_EXEC
    b.putShort((short) (is64 ? 62 : 3));
    b.putInt(1);
    word(b, TEXT_ADDR); // entry
    word(b, ehsize); // phoff
    word(b, shoff);
    b.putInt(0); // flags
    b.putShort((short) ehsize);
    b.putShort((short) phentsize);
    b.putShort((short) phnum);
    b.putShort((short) shentsize);
    b.putShort((short) shnum);
    b.putShort((short) (shnum - 1)); // .shstrtab is last
    b.position(ehsize);
    prog(b, ElfFile.PT_LOAD, 4 | ElfFile.PF_X, textOff, TEXT_ADDR, text.length, text.length);
    prog(b, ElfFile.PT_LOAD, dataFlags, dataOff, DATA_ADDR, data.length, data.length + dataMemExtra);
    b.put((int) textOff, text);
    b.put((int) dataOff, data);
    b.put((int) strtabOff, strtab.toByteArray());
    b.position((int) shoff);
    b.put(new byte[shentsize]); // SHT_NULL
    int next = 1;
    if (buildInfoSection) {
      long size = buildInfoSectionSize >= 0 ? buildInfoSectionSize : data.length;
      section(b, shoff, next, shentsize, nameOffsets[next], 1, 3, DATA_ADDR, dataOff, size);
      next++;
    }
    for (int i = 0; i < extraSections.size(); i++, next++) {
      section(b, shoff, next, shentsize, nameOffsets[next], 1, 2, TEXT_ADDR, textOff, 0);
    }
    section(b, shoff, next, shentsize, nameOffsets[next], ElfFile.SHT_STRTAB, 0, 0, strtabOff, strtab.size());
    return b.array();
  }

  private void prog(ByteBuffer b, int type, int flags, long off, long vaddr, long filesz, long memsz) {
    if (is64) {
      b.putInt(type).putInt(flags).putLong(off).putLong(vaddr).putLong(vaddr);
      b.putLong(filesz).putLong(memsz).putLong(0x1000);
    } else {
      b.putInt(type).putInt((int) off).putInt((int) vaddr).putInt((int) vaddr);
      b.putInt((int) filesz).putInt((int) memsz).putInt(flags).putInt(0x1000);
    }
  }

  private void section(
      ByteBuffer b,
      long shoff,
      int index,
      int shentsize,
      int name,
      int type,
      long flags,
      long addr,
      long off,
      long size) {
    b.position((int) (shoff + (long) index * shentsize));
    b.putInt(name).putInt(type);
    if (is64) {
      b.putLong(flags).putLong(addr).putLong(off).putLong(size);
      b.putInt(0).putInt(0).putLong(1).putLong(0);
    } else {
      b.putInt((int) flags).putInt((int) addr).putInt((int) off).putInt((int) size);
      b.putInt(0).putInt(0).putInt(1).putInt(0);
    }
  }

  private void word(ByteBuffer b, long v) {
    if (is64) {
      b.putLong(v);
    } else {
      b.putInt((int) v);
    }
  }

  private static long align(long v, int a) {
    return (v + a - 1) & -a;
  }

  /** The offset of the ELF32/ELF64 header field, for tests that corrupt one. */
  static int headerField(boolean is64, String field) {
    return switch (field) {
      case "phoff" -> is64 ? 32 : 28;
      case "shoff" -> is64 ? 40 : 32;
      case "phentsize" -> is64 ? 54 : 42;
      case "phnum" -> is64 ? 56 : 44;
      case "shentsize" -> is64 ? 58 : 46;
      case "shnum" -> is64 ? 60 : 48;
      case "shstrndx" -> is64 ? 62 : 50;
      default -> throw new IllegalArgumentException(field);
    };
  }
}
