package dev.gofer.host.inspect;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@link ElfLinking} from an ELF file: the header, the program headers ({@code PT_INTERP},
 * {@code PT_DYNAMIC}, {@code PT_LOAD}), the dynamic section ({@code DT_NEEDED} names resolved in
 * the {@code DT_STRTAB} string table) and the section headers (is there a {@code SHT_SYMTAB}).
 * ELF32 and ELF64, little- and big-endian.
 *
 * <p>Every read is positional and bounded by the file size and by the caps below, so a hostile
 * or truncated file costs at most a few megabytes and ends in {@link Malformed}, never in an
 * out-of-bounds read or an endless loop.
 */
final class ElfLinkingReader {
  static final int ET_EXEC = 2;
  static final int ET_DYN = 3;
  static final int PT_LOAD = 1;
  static final int PT_DYNAMIC = 2;
  static final int PT_INTERP = 3;
  static final int SHT_SYMTAB = 2;
  static final long DT_NULL = 0;
  static final long DT_NEEDED = 1;
  static final long DT_STRTAB = 5;
  static final long DT_STRSZ = 10;
  static final long DT_FLAGS_1 = 0x6ffffffbL;
  static final long DF_1_PIE = 0x08000000L;

  /** More program headers than any linker writes. */
  static final int MAX_PROGS = 4096;
  /** More section headers than a real executable has. */
  static final int MAX_SECTIONS = 1 << 16;
  /** The longest interpreter path and the largest dynamic section or string table read. */
  static final int MAX_INTERP = 4096;
  static final int MAX_DYNAMIC = 1 << 20;
  static final int MAX_DYNSTR = 4 << 20;
  static final int UPX_WINDOW = 4096;

  /** The file breaks ELF's rules or ends early; the message says how, in a few words. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean truncated;

    Malformed(String message, boolean truncated) {
      super(message);
      this.truncated = truncated;
    }
  }

  private record Prog(int type, int flags, long offset, long vaddr, long filesz) {}

  private final FileChannel file;
  private final long size;
  private boolean is64;
  private ByteOrder order;

  private ElfLinkingReader(FileChannel file) throws IOException {
    this.file = file;
    this.size = file.size();
  }

  /**
   * The linking facts of the ELF file open in {@code file}.
   *
   * @throws Malformed when it is not ELF, is truncated, or its tables are out of bounds
   */
  static ElfLinking read(FileChannel file) throws IOException, Malformed {
    return new ElfLinkingReader(file).read();
  }

  private ElfLinking read() throws IOException, Malformed {
    if (size < 16) {
      throw new Malformed(size == 0 ? "empty file" : "too short for an ELF header", size >= 4 && isElfMagic());
    }
    ByteBuffer ident = ByteBuffer.wrap(bytes(0, 16));
    if (!isElfMagic()) {
      throw new Malformed("not an ELF file (bad magic number)", false);
    }
    is64 =
        switch (ident.get(4)) {
          case 1 -> false;
          case 2 -> true;
          default -> throw new Malformed("unknown ELF class " + ident.get(4), false);
        };
    order =
        switch (ident.get(5)) {
          case 1 -> ByteOrder.LITTLE_ENDIAN;
          case 2 -> ByteOrder.BIG_ENDIAN;
          default -> throw new Malformed("unknown ELF data encoding " + ident.get(5), false);
        };
    ByteBuffer h = buffer(0, is64 ? 64 : 52, "ELF header");
    int eType = Short.toUnsignedInt(h.getShort(16));
    int eMachine = Short.toUnsignedInt(h.getShort(18));
    long phoff = word(h, is64 ? 32 : 28);
    long shoff = word(h, is64 ? 40 : 32);
    int phentsize = Short.toUnsignedInt(h.getShort(is64 ? 54 : 42));
    int phnum = Short.toUnsignedInt(h.getShort(is64 ? 56 : 44));
    int shentsize = Short.toUnsignedInt(h.getShort(is64 ? 58 : 46));
    int shnum = Short.toUnsignedInt(h.getShort(is64 ? 60 : 48));

    List<Prog> progs = progs(phoff, phnum, phentsize);
    for (Prog p : progs) {
      if (p.type() == PT_LOAD && (p.offset() < 0 || p.filesz() < 0 || p.offset() > size || p.filesz() > size - p.offset())) {
        throw new Malformed("loadable segment past the end of the file", true);
      }
    }
    Optional<String> interp = Optional.empty();
    Prog dynamic = null;
    for (Prog p : progs) {
      if (p.type() == PT_INTERP && interp.isEmpty()) {
        interp = Optional.of(interpreter(p));
      } else if (p.type() == PT_DYNAMIC && dynamic == null) {
        dynamic = p;
      }
    }
    List<String> needed = new ArrayList<>();
    boolean pieFlag = dynamic != null && readDynamic(dynamic, progs, needed);
    boolean symtab = hasSymtab(shoff, shnum, shentsize);
    ElfLinking.Type type =
        switch (eType) {
          case ET_EXEC -> ElfLinking.Type.EXEC;
          case ET_DYN -> interp.isPresent() || pieFlag ? ElfLinking.Type.PIE : ElfLinking.Type.SHARED;
          default -> ElfLinking.Type.OTHER;
        };
    return new ElfLinking(
        is64 ? 64 : 32,
        order == ByteOrder.BIG_ENDIAN,
        machine(eMachine, is64, order == ByteOrder.BIG_ENDIAN),
        type,
        interp,
        needed,
        !symtab,
        upx());
  }

  private boolean isElfMagic() throws IOException {
    byte[] m = new byte[4];
    if (!readFully(0, m)) {
      return false;
    }
    return m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
  }

  private List<Prog> progs(long phoff, int phnum, int phentsize) throws IOException, Malformed {
    if (phnum == 0) {
      return List.of();
    }
    if (phnum > MAX_PROGS || phentsize < (is64 ? 56 : 32)) {
      throw new Malformed("invalid program header table", false);
    }
    ByteBuffer t = buffer(phoff, phnum * phentsize, "program headers");
    List<Prog> out = new ArrayList<>(phnum);
    for (int i = 0; i < phnum; i++) {
      int at = i * phentsize;
      out.add(
          is64
              ? new Prog(t.getInt(at), t.getInt(at + 4), t.getLong(at + 8), t.getLong(at + 16), t.getLong(at + 32))
              : new Prog(
                  t.getInt(at),
                  t.getInt(at + 24),
                  Integer.toUnsignedLong(t.getInt(at + 4)),
                  Integer.toUnsignedLong(t.getInt(at + 8)),
                  Integer.toUnsignedLong(t.getInt(at + 16))));
    }
    return out;
  }

  private String interpreter(Prog p) throws IOException, Malformed {
    if (p.filesz() <= 0 || p.filesz() > MAX_INTERP) {
      throw new Malformed("invalid PT_INTERP size " + p.filesz(), false);
    }
    byte[] b = bytes(p.offset(), (int) p.filesz(), "program interpreter");
    int end = 0;
    while (end < b.length && b[end] != 0) {
      end++;
    }
    return new String(b, 0, end, StandardCharsets.UTF_8);
  }

  /**
   * Adds the {@code DT_NEEDED} names of the dynamic section {@code dyn} to {@code needed} and
   * returns whether {@code DT_FLAGS_1} has {@code DF_1_PIE}.
   */
  private boolean readDynamic(Prog dyn, List<Prog> progs, List<String> needed) throws IOException, Malformed {
    int entry = is64 ? 16 : 8;
    if (dyn.filesz() < 0 || dyn.filesz() > MAX_DYNAMIC) {
      throw new Malformed("invalid PT_DYNAMIC size " + dyn.filesz(), false);
    }
    int count = (int) (dyn.filesz() / entry);
    ByteBuffer d = buffer(dyn.offset(), count * entry, "dynamic section");
    List<Long> neededOffsets = new ArrayList<>();
    long strtab = -1;
    long strsz = -1;
    boolean pie = false;
    for (int i = 0; i < count; i++) {
      long tag = is64 ? d.getLong(i * entry) : d.getInt(i * entry);
      long val = word(d, i * entry + entry / 2);
      if (tag == DT_NULL) {
        break;
      }
      if (tag == DT_NEEDED) {
        neededOffsets.add(val);
      } else if (tag == DT_STRTAB) {
        strtab = val;
      } else if (tag == DT_STRSZ) {
        strsz = val;
      } else if (tag == DT_FLAGS_1) {
        pie = (val & DF_1_PIE) != 0;
      }
    }
    if (neededOffsets.isEmpty()) {
      return pie;
    }
    if (strtab < 0) {
      throw new Malformed("DT_NEEDED without DT_STRTAB", false);
    }
    long at = fileOffset(strtab, progs);
    long len = strsz >= 0 ? strsz : size - at;
    if (len < 0 || len > MAX_DYNSTR) {
      throw new Malformed("invalid DT_STRSZ " + strsz, false);
    }
    byte[] strings = bytes(at, (int) len, "dynamic string table");
    for (long off : neededOffsets) {
      if (off < 0 || off >= strings.length) {
        throw new Malformed("DT_NEEDED name outside the string table", false);
      }
      int end = (int) off;
      while (end < strings.length && strings[end] != 0) {
        end++;
      }
      needed.add(new String(strings, (int) off, end - (int) off, StandardCharsets.UTF_8));
    }
    return pie;
  }

  /** The file offset of virtual address {@code addr}, through the loadable segment mapping it. */
  private static long fileOffset(long addr, List<Prog> progs) throws Malformed {
    for (Prog p : progs) {
      if (p.type() == PT_LOAD
          && Long.compareUnsigned(p.vaddr(), addr) <= 0
          && Long.compareUnsigned(addr - p.vaddr(), p.filesz()) < 0) {
        return p.offset() + (addr - p.vaddr());
      }
    }
    throw new Malformed("DT_STRTAB address 0x" + Long.toHexString(addr) + " not in a loadable segment", false);
  }

  private boolean hasSymtab(long shoff, int shnum, int shentsize) throws IOException, Malformed {
    if (shoff == 0 || shnum == 0) {
      return false; // extended numbering (shnum 0) is not used by executables gofer inspects
    }
    if (shnum > MAX_SECTIONS || shentsize < (is64 ? 64 : 40)) {
      throw new Malformed("invalid section header table", false);
    }
    ByteBuffer t = buffer(shoff, shnum * shentsize, "section headers");
    for (int i = 0; i < shnum; i++) {
      if (t.getInt(i * shentsize + 4) == SHT_SYMTAB) {
        return true;
      }
    }
    return false;
  }

  private boolean upx() throws IOException {
    byte[] head = new byte[(int) Math.min(UPX_WINDOW, size)];
    if (!readFully(0, head)) {
      return false;
    }
    for (int i = 0; i + 4 <= head.length; i++) {
      if (head[i] == 'U' && head[i + 1] == 'P' && head[i + 2] == 'X' && head[i + 3] == '!') {
        return true;
      }
    }
    return false;
  }

  private long word(ByteBuffer b, int at) {
    return is64 ? b.getLong(at) : Integer.toUnsignedLong(b.getInt(at));
  }

  private ByteBuffer buffer(long pos, int len, String what) throws IOException, Malformed {
    return ByteBuffer.wrap(bytes(pos, len, what)).order(order);
  }

  private byte[] bytes(long pos, int len, String what) throws IOException, Malformed {
    if (pos < 0 || len < 0) {
      throw new Malformed("invalid offset of the " + what, false);
    }
    if (pos > size || len > size - pos) {
      throw new Malformed(what + " past the end of the file", true);
    }
    return bytes(pos, len);
  }

  private byte[] bytes(long pos, int len) throws IOException {
    byte[] b = new byte[len];
    if (!readFully(pos, b)) {
      throw new EOFException("file shrank while reading");
    }
    return b;
  }

  private boolean readFully(long pos, byte[] dst) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(dst);
    while (buf.hasRemaining()) {
      if (file.read(buf, pos + buf.position()) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * GOARCH words for e_machine; the class and byte order tell apart what one e_machine covers
   * ({@code mips}/{@code mipsle}/{@code mips64}/{@code mips64le}, {@code ppc64}/{@code ppc64le}).
   */
  static String machine(int eMachine, boolean is64, boolean bigEndian) {
    String le = bigEndian ? "" : "le";
    return switch (eMachine) {
      case 3 -> "386";
      case 8 -> (is64 ? "mips64" : "mips") + le;
      case 20 -> "ppc";
      case 21 -> "ppc64" + le;
      case 22 -> is64 ? "s390x" : "s390";
      case 40 -> "arm";
      case 43 -> "sparc64";
      case 62 -> is64 ? "amd64" : "amd64p32";
      case 183 -> "arm64";
      case 243 -> is64 ? "riscv64" : "riscv32";
      case 258 -> "loong64";
      default -> "machine-" + eMachine;
    };
  }
}
