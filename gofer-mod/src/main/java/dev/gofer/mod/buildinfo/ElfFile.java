package dev.gofer.mod.buildinfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an ELF file that locate Go build information: the program headers (which map
 * virtual addresses to file offsets) and the {@code .go.buildinfo} section, if there is one.
 *
 * <p>{@link #parse} checks the file the way Go's {@code debug/elf.NewFile} does (header fields,
 * table bounds, section name table, compressed-section headers) and rejects what Go rejects
 * with {@link UnrecognizedFormatException}. Tables are read in bounded chunks; only the section
 * name table is held whole, and only up to {@link #MAX_NAME_TABLE} bytes.
 */
final class ElfFile {
  /** The most section-name-table bytes read into memory; real Go binaries have a few hundred. */
  static final int MAX_NAME_TABLE = 16 << 20;

  static final int PT_LOAD = 1;
  static final int PF_X = 1;
  static final int PF_W = 2;
  static final int SHT_NULL = 0;
  static final int SHT_STRTAB = 3;
  static final long SHF_COMPRESSED = 0x800;
  static final int SHN_LORESERVE = 0xff00;
  static final int SHN_XINDEX = 0xffff;

  private static final byte[] BUILDINFO_NAME = ".go.buildinfo".getBytes(StandardCharsets.US_ASCII);
  private static final int TABLE_CHUNK = 64 << 10;

  /** A program header: a file range mapped at a virtual address. */
  record Prog(int type, int flags, long off, long vaddr, long filesz, long memsz) {}

  /** A section's address and (uncompressed) size. */
  record Section(long addr, long size) {}

  /**
   * Where reads at a virtual address come from: {@code available} bytes of the file starting
   * at {@code fileOffset}, up to the end of the containing segment or of the file.
   */
  record Window(long fileOffset, long available) {}

  private final ReaderAt file;
  private final List<Prog> progs;
  private final Section buildInfoSection;

  private ElfFile(ReaderAt file, List<Prog> progs, Section buildInfoSection) {
    this.file = file;
    this.progs = progs;
    this.buildInfoSection = buildInfoSection;
  }

  List<Prog> progs() {
    return progs;
  }

  /** The {@code .go.buildinfo} section, or null. */
  Section buildInfoSection() {
    return buildInfoSection;
  }

  /**
   * The address and size of the range that should hold the build info blob: the {@code
   * .go.buildinfo} section, else the first loadable segment that is writable and not
   * executable, else {@code (0, 0)}.
   */
  long[] dataStart() {
    if (buildInfoSection != null) {
      return new long[] {buildInfoSection.addr(), buildInfoSection.size()};
    }
    for (Prog p : progs) {
      if (p.type() == PT_LOAD && (p.flags() & (PF_X | PF_W)) == PF_W) {
        return new long[] {p.vaddr(), p.memsz()};
      }
    }
    return new long[] {0, 0};
  }

  /**
   * Where the bytes at virtual address {@code addr} are in the file, up to the end of the first
   * segment that maps it (Go's {@code elfExe.DataReader}).
   *
   * @throws UnrecognizedFormatException when no segment maps {@code addr}
   */
  Window window(long addr) throws IOException {
    for (Prog p : progs) {
      long last = p.vaddr() + p.filesz() - 1; // wraps like Go's uint64 arithmetic
      if (Long.compareUnsigned(p.vaddr(), addr) <= 0 && Long.compareUnsigned(addr, last) <= 0) {
        long inProg = addr - p.vaddr();
        if (p.filesz() == 0 || Long.compareUnsigned(inProg, p.filesz()) >= 0) {
          return new Window(0, 0); // a zero-size segment at address 0 "maps" everything
        }
        long offset = p.off() + inProg;
        if (offset < 0) {
          return new Window(0, 0);
        }
        long inFile = Math.max(0, file.size() - offset);
        return new Window(offset, Math.min(p.filesz() - inProg, inFile));
      }
    }
    throw new UnrecognizedFormatException("address 0x" + Long.toHexString(addr) + " not mapped");
  }

  /** Reads {@code len} bytes of the file at {@code offset}; false at the end of the file. */
  boolean readFully(long offset, byte[] dst, int off, int len) throws IOException {
    return file.readFully(offset, dst, off, len);
  }

  /**
   * Parses the ELF header, program headers and section headers of {@code file}.
   *
   * @throws UnrecognizedFormatException when the file is not ELF or breaks its rules
   */
  static ElfFile parse(ReaderAt file) throws IOException {
    byte[] ident = new byte[16];
    if (!file.readFully(0, ident, 0, 16)) {
      throw bad("short ELF identifier");
    }
    if (ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F') {
      throw bad("bad magic number");
    }
    boolean is64 =
        switch (ident[4]) {
          case 1 -> false;
          case 2 -> true;
          default -> throw bad("unknown ELF class");
        };
    ByteOrder order =
        switch (ident[5]) {
          case 1 -> ByteOrder.LITTLE_ENDIAN;
          case 2 -> ByteOrder.BIG_ENDIAN;
          default -> throw bad("unknown ELF data encoding");
        };
    if (ident[6] != 1) {
      throw bad("unknown ELF version");
    }
    Fields f = new Fields(is64, order);
    ByteBuffer h = f.read(file, 0, is64 ? 64 : 52, "short ELF header");
    if (h.getInt(20) != 1) {
      throw bad("mismatched ELF version");
    }
    long phoff = f.word(h, is64 ? 32 : 28);
    long shoff = f.word(h, is64 ? 40 : 32);
    int phentsize = Short.toUnsignedInt(h.getShort(is64 ? 54 : 42));
    int phnum = Short.toUnsignedInt(h.getShort(is64 ? 56 : 44));
    int shentsize = Short.toUnsignedInt(h.getShort(is64 ? 58 : 46));
    long shnum = Short.toUnsignedInt(h.getShort(is64 ? 60 : 48));
    long shstrndx = Short.toUnsignedInt(h.getShort(is64 ? 62 : 50));

    if (shoff < 0) {
      throw bad("invalid shoff");
    }
    if (phoff < 0) {
      throw bad("invalid phoff");
    }
    if (shoff == 0 && shnum != 0) {
      throw bad("invalid ELF shnum for shoff=0");
    }
    if (shnum > 0 && shstrndx >= shnum) {
      throw bad("invalid ELF shstrndx");
    }
    int wantPhentsize = is64 ? 56 : 32;
    int wantShentsize = is64 ? 64 : 40;
    if (phnum > 0 && phentsize < wantPhentsize) {
      throw bad("invalid ELF phentsize");
    }
    List<Prog> progs = readProgs(file, f, phoff, phnum, phentsize);

    if (shoff > 0 && shnum == 0) {
      // Extended numbering: the real count and name-table index are in section header 0.
      ByteBuffer s0 = f.read(file, shoff, wantShentsize, "short initial section header");
      shnum = f.word(s0, is64 ? 32 : 20);
      if (s0.getInt(4) != SHT_NULL) {
        throw bad("invalid type of the initial section");
      }
      if (shnum < SHN_LORESERVE) {
        throw bad("invalid ELF shnum contained in sh_size");
      }
      if (shstrndx == SHN_XINDEX) {
        shstrndx = Integer.toUnsignedLong(s0.getInt(is64 ? 40 : 24));
        if (shstrndx < SHN_LORESERVE) {
          throw bad("invalid ELF shstrndx contained in sh_link");
        }
      }
      if (shstrndx >= shnum) {
        throw bad("invalid ELF shstrndx"); // Go indexes out of range here
      }
    }
    if (shnum > 0 && shentsize < wantShentsize) {
      throw bad("invalid ELF shentsize");
    }
    if (shnum > 0 && Long.MAX_VALUE / shnum < shentsize) {
      throw bad("section header overflow");
    }
    long tableSize = shnum * shentsize;
    if (shnum > 0 && (shoff > Long.MAX_VALUE - tableSize || shoff + tableSize > file.size())) {
      throw bad("section headers past end of file");
    }
    if (shnum == 0) {
      return new ElfFile(file, progs, null);
    }
    byte[] names = null;
    if (shstrndx != 0) {
      ByteBuffer sh = f.read(file, shoff + shstrndx * shentsize, wantShentsize, "short header");
      SectionHeader strtab = SectionHeader.decode(sh, f);
      if (strtab.type() != SHT_STRTAB) {
        throw bad("invalid ELF section name string table type");
      }
      if ((strtab.flags() & SHF_COMPRESSED) != 0) {
        throw bad("compressed section name string table"); // Go inflates it; gofer does not
      }
      if (strtab.offset() < 0 || strtab.fileSize() < 0 || strtab.fileSize() > MAX_NAME_TABLE) {
        throw bad("section name string table too large");
      }
      names = new byte[(int) strtab.fileSize()];
      if (!file.readFully(strtab.offset(), names, 0, names.length)) {
        throw bad("section name string table past end of file");
      }
    }
    Section buildInfo = scanSections(file, f, shoff, shnum, shentsize, wantShentsize, names);
    return new ElfFile(file, progs, buildInfo);
  }

  private static List<Prog> readProgs(ReaderAt file, Fields f, long phoff, int phnum, int phentsize)
      throws IOException {
    long tableSize = (long) phnum * phentsize;
    if (phnum > 0 && (phoff > Long.MAX_VALUE - tableSize || phoff + tableSize > file.size())) {
      throw bad("program headers past end of file");
    }
    List<Prog> progs = new ArrayList<>(phnum);
    int perChunk = Math.max(1, TABLE_CHUNK / Math.max(1, phentsize));
    for (int i = 0; i < phnum; i += perChunk) {
      int count = Math.min(perChunk, phnum - i);
      ByteBuffer chunk =
          f.read(file, phoff + (long) i * phentsize, count * phentsize, "short program headers");
      for (int j = 0; j < count; j++) {
        int at = j * phentsize;
        Prog p =
            f.is64
                ? new Prog(
                    chunk.getInt(at),
                    chunk.getInt(at + 4),
                    chunk.getLong(at + 8),
                    chunk.getLong(at + 16),
                    chunk.getLong(at + 32),
                    chunk.getLong(at + 40))
                : new Prog(
                    chunk.getInt(at),
                    chunk.getInt(at + 24),
                    Integer.toUnsignedLong(chunk.getInt(at + 4)),
                    Integer.toUnsignedLong(chunk.getInt(at + 8)),
                    Integer.toUnsignedLong(chunk.getInt(at + 16)),
                    Integer.toUnsignedLong(chunk.getInt(at + 20)));
        if (p.off() < 0) {
          throw bad("invalid program header offset");
        }
        if (p.filesz() < 0) {
          throw bad("invalid program header file size");
        }
        progs.add(p);
      }
    }
    return List.copyOf(progs);
  }

  /**
   * Checks every section header as Go does and returns the first section named {@code
   * .go.buildinfo}, or null.
   */
  private static Section scanSections(
      ReaderAt file, Fields f, long shoff, long shnum, int shentsize, int want, byte[] names)
      throws IOException {
    Section found = null;
    long perChunk = Math.max(1, TABLE_CHUNK / shentsize);
    for (long i = 0; i < shnum; i += perChunk) {
      int count = (int) Math.min(perChunk, shnum - i);
      ByteBuffer chunk = f.read(file, shoff + i * shentsize, count * shentsize, "short headers");
      for (int j = 0; j < count; j++) {
        ByteBuffer one = chunk.slice(j * shentsize, want).order(f.order);
        SectionHeader s = SectionHeader.decode(one, f);
        if (s.offset() < 0) {
          throw bad("invalid section offset");
        }
        if (s.fileSize() < 0) {
          throw bad("invalid section size");
        }
        long size = s.fileSize();
        if ((s.flags() & SHF_COMPRESSED) != 0) {
          int chdrSize = f.is64 ? 24 : 12;
          if (s.fileSize() < chdrSize) {
            throw bad("short compression header");
          }
          ByteBuffer ch = f.read(file, s.offset(), chdrSize, "short compression header");
          size = f.is64 ? ch.getLong(8) : Integer.toUnsignedLong(ch.getInt(4));
        }
        if (names != null) {
          int start = (int) Math.min(Integer.toUnsignedLong(s.name()), Integer.MAX_VALUE);
          int end = nameEnd(names, start);
          if (end < 0) {
            throw bad("bad section name index");
          }
          if (found == null && isBuildInfoName(names, start, end)) {
            found = new Section(s.addr(), size);
          }
        }
      }
    }
    return found;
  }

  /** Go's {@code getString} bounds: the index of the NUL ending the name at start, or -1. */
  private static int nameEnd(byte[] names, int start) {
    if (start >= names.length) {
      return -1;
    }
    for (int i = start; i < names.length; i++) {
      if (names[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isBuildInfoName(byte[] names, int start, int end) {
    return end - start == BUILDINFO_NAME.length
        && java.util.Arrays.equals(names, start, end, BUILDINFO_NAME, 0, BUILDINFO_NAME.length);
  }

  private static UnrecognizedFormatException bad(String detail) {
    return new UnrecognizedFormatException(detail);
  }

  /** One section header, with the fields this reader uses. */
  private record SectionHeader(int name, int type, long flags, long addr, long offset, long fileSize) {
    static SectionHeader decode(ByteBuffer b, Fields f) {
      return f.is64
          ? new SectionHeader(
              b.getInt(0), b.getInt(4), b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32))
          : new SectionHeader(
              b.getInt(0),
              b.getInt(4),
              Integer.toUnsignedLong(b.getInt(8)),
              Integer.toUnsignedLong(b.getInt(12)),
              Integer.toUnsignedLong(b.getInt(16)),
              Integer.toUnsignedLong(b.getInt(20)));
    }
  }

  /** The file's word size and byte order. */
  private record Fields(boolean is64, ByteOrder order) {
    /** An address or offset field: 8 bytes in ELF64, 4 unsigned bytes in ELF32. */
    long word(ByteBuffer b, int at) {
      return is64 ? b.getLong(at) : Integer.toUnsignedLong(b.getInt(at));
    }

    ByteBuffer read(ReaderAt file, long pos, int len, String detail) throws IOException {
      byte[] buf = new byte[len];
      if (pos < 0 || !file.readFully(pos, buf, 0, len)) {
        throw bad(detail);
      }
      return ByteBuffer.wrap(buf).order(order);
    }
  }
}
