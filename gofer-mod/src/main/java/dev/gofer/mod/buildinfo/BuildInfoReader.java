package dev.gofer.mod.buildinfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads the build information a Go linker embeds in an ELF binary, as Go's {@code
 * debug/buildinfo} does.
 *
 * <p>The blob is found in the {@code .go.buildinfo} section, or else by searching the first
 * writable, non-executable loadable segment for the 16-byte aligned magic {@code "\xff Go
 * buildinf:"}. Its 32-byte header is followed either (Go 1.18 and later, flag bit 2) by the
 * version and module strings inline, each prefixed by its length as an unsigned varint, or
 * (earlier) by two pointers to Go string headers, whose size and byte order the header gives.
 *
 * <p>The file is read with positional reads of bounded size: the data segment is searched in
 * 1 MiB chunks and a declared string length is checked against the segment before anything is
 * allocated. Unlike Go, strings longer than {@link #MAX_STRING} bytes are refused as not a Go
 * executable rather than read.
 */
public final class BuildInfoReader {
  /** The longest version or module information string read; real ones are well under 1 MiB. */
  public static final int MAX_STRING = 16 << 20;

  static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
  static final int ALIGN = 16;
  static final int HEADER_SIZE = 32;
  static final int SEARCH_CHUNK = 1 << 20;

  private static final int FLAGS_ENDIAN_BIG = 0x1;
  private static final int FLAGS_VERSION_INLINE = 0x2;
  private static final int MAX_VARINT_LEN = 10;

  private BuildInfoReader() {}

  /**
   * The build information of the Go binary {@code file}, as {@code debug/buildinfo.ReadFile}.
   *
   * @throws NotGoBinaryException when {@code file} is ELF but has no Go build information
   * @throws UnrecognizedFormatException when {@code file} is not ELF, is malformed, or is a
   *     directory
   * @throws BuildInfoSyntaxException when the module information does not parse
   * @throws BuildInfoIOException when {@code file} cannot be opened or read
   */
  public static BuildInfo readFile(Path file) {
    RawBuildInfo raw = readRawFile(file);
    try {
      return raw.parse();
    } catch (BuildInfoException e) {
      throw e.from(file.toString());
    }
  }

  /**
   * The version and module information strings of the Go binary {@code file}, unparsed.
   *
   * @throws BuildInfoException as {@link #readFile}, except that the module information is not
   *     parsed
   */
  public static RawBuildInfo readRawFile(Path file) {
    String name = file.toString();
    if (Files.isDirectory(file)) {
      // Go opens a directory and fails to read its identifier.
      throw new UnrecognizedFormatException("is a directory").from(name);
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw openFailed(name, "no such file or directory", e);
    } catch (AccessDeniedException e) {
      throw openFailed(name, "permission denied", e);
    } catch (IOException | SecurityException e) {
      IOException cause = e instanceof IOException io ? io : new IOException(e);
      throw openFailed(name, String.valueOf(e.getMessage()), cause);
    }
    try (channel) {
      return readRaw(ReaderAt.of(channel));
    } catch (BuildInfoException e) {
      throw e.from(name);
    } catch (IOException e) {
      String reason = "read " + name + ": " + e.getMessage();
      throw new BuildInfoIOException("could not read Go build info: " + reason, reason, e);
    }
  }

  private static BuildInfoIOException openFailed(String name, String why, IOException cause) {
    String reason = "open " + name + ": " + why;
    return new BuildInfoIOException("could not read Go build info: " + reason, reason, cause);
  }

  /**
   * The build information of the Go binary open in {@code channel}, as {@code
   * debug/buildinfo.Read}. The channel is read with positional reads and not closed.
   *
   * @throws BuildInfoException as {@link #readFile}, with messages that do not name a file
   */
  public static BuildInfo read(FileChannel channel) {
    try {
      return readRaw(ReaderAt.of(channel)).parse();
    } catch (IOException e) {
      String reason = "read: " + e.getMessage();
      throw new BuildInfoIOException(reason, reason, e);
    }
  }

  /**
   * The build information of the Go binary whose bytes are {@code binary}.
   *
   * @throws BuildInfoException as {@link #readFile}, with messages that do not name a file
   */
  public static BuildInfo read(byte[] binary) {
    return readRaw(binary).parse();
  }

  /** The unparsed version and module information of the Go binary whose bytes are given. */
  public static RawBuildInfo readRaw(byte[] binary) {
    try {
      return readRaw(ReaderAt.of(binary));
    } catch (IOException e) {
      throw new AssertionError("byte arrays do not fail to read", e);
    }
  }

  /** Go's {@code readRawBuildInfo}, for ELF. */
  static RawBuildInfo readRaw(ReaderAt r) throws IOException {
    ElfFile elf;
    try {
      elf = ElfFile.parse(r);
    } catch (IOException e) {
      // Go reports any failure while loading the headers as an unrecognized format.
      throw new UnrecognizedFormatException("reading headers: " + e.getMessage());
    }
    long[] range = elf.dataStart();
    if (range[1] == 0) {
      throw new NotGoBinaryException();
    }
    long addr = searchMagic(elf, range[0], range[1], r.size());
    byte[] header = readData(elf, addr, HEADER_SIZE);
    int flags = header[15] & 0xff;
    byte[] vers;
    byte[] mod;
    if ((flags & FLAGS_VERSION_INLINE) != 0) {
      long[] next = new long[1];
      vers = decodeString(elf, addr + HEADER_SIZE, next);
      mod = decodeString(elf, next[0], next);
    } else {
      int ptrSize = header[14];
      if (ptrSize != 4 && ptrSize != 8) {
        throw new NotGoBinaryException();
      }
      ByteBuffer h =
          ByteBuffer.wrap(header)
              .order(
                  (flags & FLAGS_ENDIAN_BIG) != 0
                      ? ByteOrder.BIG_ENDIAN
                      : ByteOrder.LITTLE_ENDIAN);
      vers = readString(elf, h, ptrSize, readPtr(h, 16, ptrSize));
      mod = readString(elf, h, ptrSize, readPtr(h, 16 + ptrSize, ptrSize));
    }
    if (vers.length == 0) {
      throw new NotGoBinaryException();
    }
    String modInfo = "";
    if (mod.length >= 33 && mod[mod.length - 17] == '\n') {
      // Strip the sentinels cmd/go writes around the module information.
      modInfo = new String(mod, 16, mod.length - 32, StandardCharsets.UTF_8);
    }
    return new RawBuildInfo(new String(vers, StandardCharsets.UTF_8), modInfo);
  }

  /**
   * The address of the first 16-byte aligned build info magic in {@code [start, start+size)},
   * read in {@link #SEARCH_CHUNK} pieces (Go's {@code searchMagic}; Go measures a second
   * match in a chunk from the previous one, this measures from the chunk). Scanning stops after as
   * many bytes as the file holds plus one chunk, so segments that map the same bytes over and
   * over cannot make it read forever.
   */
  static long searchMagic(ElfFile elf, long start, long size, long fileSize) throws IOException {
    long end = start + size;
    if (Long.compareUnsigned(end, start) < 0) {
      throw new UnrecognizedFormatException("data range overflows");
    }
    start = (start + ALIGN - 1) & -ALIGN;
    if (Long.compareUnsigned(start, end) >= 0) {
      throw new NotGoBinaryException();
    }
    byte[] buf = null;
    long budget = fileSize + SEARCH_CHUNK;
    while (Long.compareUnsigned(start, end) < 0) {
      long remaining = end - start;
      int chunkSize =
          Long.compareUnsigned(remaining, SEARCH_CHUNK) < 0 ? (int) remaining : SEARCH_CHUNK;
      if (buf == null) {
        buf = new byte[chunkSize];
      }
      ElfFile.Window w = elf.window(start);
      int n = (int) Math.min(chunkSize, w.available());
      if (n <= 0 || !elf.readFully(w.fileOffset(), buf, 0, n)) {
        throw new NotGoBinaryException(); // EOF before the magic
      }
      budget -= n;
      int from = 0;
      while (from < n) {
        int i = indexOfMagic(buf, from, n);
        if (i < 0) {
          break;
        }
        if (Long.compareUnsigned(remaining - i, HEADER_SIZE) < 0) {
          throw new NotGoBinaryException(); // no room for the header
        }
        if (i % ALIGN != 0) {
          from = (i + ALIGN - 1) & -ALIGN;
          continue;
        }
        return start + i;
      }
      if (budget < 0) {
        throw new NotGoBinaryException();
      }
      start += chunkSize;
    }
    throw new NotGoBinaryException();
  }

  private static int indexOfMagic(byte[] buf, int from, int to) {
    byte first = MAGIC[0];
    int last = to - MAGIC.length;
    for (int i = from; i <= last; i++) {
      if (buf[i] == first
          && Arrays.equals(buf, i + 1, i + MAGIC.length, MAGIC, 1, MAGIC.length)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Exactly {@code size} bytes at virtual address {@code addr} (Go's {@code readData}).
   *
   * @throws NotGoBinaryException when the segment or file ends first, or size is over {@link
   *     #MAX_STRING}
   * @throws UnrecognizedFormatException when no segment maps {@code addr}
   */
  static byte[] readData(ElfFile elf, long addr, long size) throws IOException {
    ElfFile.Window w = elf.window(addr);
    if (Long.compareUnsigned(size, w.available()) > 0 || size > MAX_STRING) {
      throw new NotGoBinaryException();
    }
    byte[] data = new byte[(int) size];
    if (!elf.readFully(w.fileOffset(), data, 0, data.length)) {
      throw new NotGoBinaryException();
    }
    return data;
  }

  /**
   * The varint-length-prefixed string at {@code addr}; stores the address after it in {@code
   * next[0]} (Go's {@code decodeString}).
   */
  private static byte[] decodeString(ElfFile elf, long addr, long[] next) throws IOException {
    byte[] b = readData(elf, addr, MAX_VARINT_LEN);
    long length = 0;
    int n = 0;
    for (int i = 0, shift = 0; ; i++, shift += 7) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        if (i == MAX_VARINT_LEN - 1 && c > 1) {
          throw new NotGoBinaryException(); // overflows 64 bits
        }
        length |= (long) c << shift;
        n = i + 1;
        break;
      }
      if (i == MAX_VARINT_LEN - 1) {
        throw new NotGoBinaryException();
      }
      length |= (long) (c & 0x7f) << shift;
    }
    addr += n;
    byte[] s = readData(elf, addr, length);
    next[0] = addr + length;
    return s;
  }

  private static long readPtr(ByteBuffer b, int at, int ptrSize) {
    return ptrSize == 4 ? Integer.toUnsignedLong(b.getInt(at)) : b.getLong(at);
  }

  /**
   * The Go string whose header (data pointer, length) is at {@code addr}, or empty when any
   * of it cannot be read (Go's {@code readString}, for binaries before Go 1.18).
   */
  private static byte[] readString(ElfFile elf, ByteBuffer order, int ptrSize, long addr)
      throws IOException {
    try {
      ByteBuffer hdr =
          ByteBuffer.wrap(readData(elf, addr, 2L * ptrSize)).order(order.order());
      long dataAddr = readPtr(hdr, 0, ptrSize);
      long dataLen = readPtr(hdr, ptrSize, ptrSize);
      return readData(elf, dataAddr, dataLen);
    } catch (NotGoBinaryException | UnrecognizedFormatException e) {
      return new byte[0];
    }
  }
}
