package dev.gofer.mod.buildinfo;

import static dev.gofer.mod.buildinfo.SyntheticElf.framed;
import static dev.gofer.mod.buildinfo.SyntheticElf.inlineBlob;
import static dev.gofer.mod.buildinfo.SyntheticElf.pointerBlob;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuildInfoReaderTest {
  static final String MOD =
      "path\texample.com/app\n"
          + "mod\texample.com/app\t(devel)\t\n"
          + "dep\texample.com/lib\tv1.2.3\n"
          + "=>\t../lib\t\t\n"
          + "build\t-buildmode=exe\n"
          + "build\tCGO_ENABLED=0\n";

  static final byte[] VERSION = "go1.26.8".getBytes(UTF_8);

  static List<Arguments> layouts() {
    return List.of(
        Arguments.of(true, ByteOrder.LITTLE_ENDIAN),
        Arguments.of(true, ByteOrder.BIG_ENDIAN),
        Arguments.of(false, ByteOrder.LITTLE_ENDIAN),
        Arguments.of(false, ByteOrder.BIG_ENDIAN));
  }

  @ParameterizedTest
  @MethodSource("layouts")
  void readsTheInlineBlobFromTheGoBuildinfoSection(boolean is64, ByteOrder order) {
    byte[] elf = SyntheticElf.of(is64, order).data(inlineBlob(VERSION, framed(MOD))).build();

    RawBuildInfo raw = BuildInfoReader.readRaw(elf);

    assertThat(raw).isEqualTo(new RawBuildInfo("go1.26.8", MOD));
    BuildInfo info = raw.parse();
    assertThat(info.goVersion()).isEqualTo("go1.26.8");
    assertThat(info.path()).isEqualTo("example.com/app");
    assertThat(info.deps()).containsExactly(
        ModuleInfo.of("example.com/lib", "v1.2.3", "").replacedBy(ModuleInfo.of("../lib", "", "")));
    assertThat(info.setting("CGO_ENABLED")).contains("0");
  }

  @ParameterizedTest
  @MethodSource("layouts")
  void searchesTheWritableSegmentWhenThereIsNoSection(boolean is64, ByteOrder order) {
    byte[] data = concat(new byte[48], inlineBlob(VERSION, framed(MOD)));
    byte[] elf = SyntheticElf.of(is64, order).buildInfoSection(false).data(data).build();

    assertThat(BuildInfoReader.readRaw(elf)).isEqualTo(new RawBuildInfo("go1.26.8", MOD));
  }

  @ParameterizedTest
  @MethodSource("layouts")
  void readsThePointerFormatOfGoBefore118(boolean is64, ByteOrder order) {
    int ptrSize = is64 ? 8 : 4;
    byte[] data = pointerBlob(ptrSize, order, VERSION, framed(MOD));
    byte[] elf = SyntheticElf.of(is64, order).data(data).build();

    assertThat(BuildInfoReader.readRaw(elf)).isEqualTo(new RawBuildInfo("go1.26.8", MOD));
  }

  @Test
  void thePointerFormatHonoursTheBlobsOwnPointerSizeAndByteOrder() {
    // A 64-bit little-endian file whose blob says 4-byte big-endian pointers.
    byte[] data = pointerBlob(4, ByteOrder.BIG_ENDIAN, VERSION, framed(MOD));
    byte[] elf = SyntheticElf.elf64().data(data).build();

    assertThat(BuildInfoReader.readRaw(elf).goVersion()).isEqualTo("go1.26.8");
  }

  @Test
  void aPointerSizeOtherThan4Or8IsNotAGoExecutable() {
    byte[] data = pointerBlob(8, ByteOrder.LITTLE_ENDIAN, VERSION, framed(MOD));
    data[14] = 2;
    assertNotGo(SyntheticElf.elf64().data(data).build());
  }

  @Test
  void unreadablePointerStringsMeanNotAGoExecutable() {
    byte[] data = pointerBlob(8, ByteOrder.LITTLE_ENDIAN, VERSION, framed(MOD));
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putLong(16, 0x9999_0000L); // unmapped
    assertNotGo(SyntheticElf.elf64().data(data).build());
  }

  @Test
  void aPointerModuleStringThatCannotBeReadIsEmpty() {
    byte[] data = pointerBlob(8, ByteOrder.LITTLE_ENDIAN, VERSION, framed(MOD));
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putLong(24, 0x9999_0000L);
    byte[] elf = SyntheticElf.elf64().data(data).build();

    assertThat(BuildInfoReader.readRaw(elf)).isEqualTo(new RawBuildInfo("go1.26.8", ""));
    assertThat(BuildInfoReader.read(elf).format()).isEqualTo("go\tgo1.26.8\n");
  }

  @Test
  void moduleInformationWithoutSentinelsIsDropped() {
    // Go keeps the text only if it is at least 33 bytes and byte len-17 is a newline.
    byte[] elf = SyntheticElf.elf64().data(inlineBlob(VERSION, MOD.getBytes(UTF_8))).build();
    assertThat(BuildInfoReader.readRaw(elf).modInfo()).isEmpty();

    byte[] shortFramed = SyntheticElf.elf64().data(inlineBlob(VERSION, framed(""))).build();
    assertThat(BuildInfoReader.readRaw(shortFramed).modInfo()).isEmpty();

    byte[] minimal = SyntheticElf.elf64().data(inlineBlob(VERSION, framed("\n"))).build();
    assertThat(BuildInfoReader.readRaw(minimal).modInfo()).isEqualTo("\n");
  }

  @Test
  void anEmptyVersionIsNotAGoExecutable() {
    assertNotGo(SyntheticElf.elf64().data(inlineBlob(new byte[0], framed(MOD))).build());
  }

  @Test
  void aMisalignedMagicIsSkippedAndTheAlignedOneFound() {
    byte[] decoy = concat(new byte[3], BuildInfoReader.MAGIC, new byte[15]); // at offset 3
    byte[] data = concat(decoy, inlineBlob(VERSION, framed(MOD))); // real one at 32
    assertThat(data.length % 16).isNotZero();
    byte[] elf = SyntheticElf.elf64().buildInfoSection(false).data(data).build();

    assertThat(BuildInfoReader.readRaw(elf).modInfo()).isEqualTo(MOD);
  }

  @Test
  void onlyAMisalignedMagicIsNotAGoExecutable() {
    byte[] data = concat(new byte[8], inlineBlob(VERSION, framed(MOD)));
    assertNotGo(SyntheticElf.elf64().buildInfoSection(false).data(data).build());
  }

  @Test
  void aMagicWithoutRoomForTheHeaderIsNotAGoExecutable() {
    byte[] data = concat(new byte[16], BuildInfoReader.MAGIC, new byte[2]);
    assertNotGo(SyntheticElf.elf64().buildInfoSection(false).data(data).build());
  }

  @Test
  void theMagicIsFoundBeyondTheFirstSearchChunk() {
    int at = BuildInfoReader.SEARCH_CHUNK + 4096;
    byte[] data = concat(new byte[at], inlineBlob(VERSION, framed(MOD)));
    byte[] elf = SyntheticElf.elf64().buildInfoSection(false).data(data).build();

    assertThat(BuildInfoReader.readRaw(elf).goVersion()).isEqualTo("go1.26.8");
  }

  @Test
  void aMagicAcrossTheChunkBoundaryCannotBeAlignedSoIsNotFound() {
    byte[] data = concat(new byte[BuildInfoReader.SEARCH_CHUNK - 7], inlineBlob(VERSION, framed(MOD)));
    assertNotGo(SyntheticElf.elf64().buildInfoSection(false).data(data).build());
  }

  @Test
  void aDataSegmentWithoutTheMagicIsNotAGoExecutable() {
    assertNotGo(SyntheticElf.elf64().buildInfoSection(false).data(new byte[4096]).build());
  }

  @Test
  void searchingPastTheFileBytesIntoBssIsAnUnrecognizedFormat() {
    // Go reads on past the segment's file bytes, finds no mapping for the next chunk, and
    // reports the format as unrecognized.
    byte[] elf =
        SyntheticElf.elf64()
            .buildInfoSection(false)
            .data(new byte[4096])
            .bss(3L * BuildInfoReader.SEARCH_CHUNK)
            .build();
    assertUnrecognized(elf);
  }

  @Test
  void withoutAWritableNonExecutableSegmentThereIsNothingToSearch() {
    byte[] elf =
        SyntheticElf.elf64()
            .buildInfoSection(false)
            .dataFlags(ElfFile.PF_W | ElfFile.PF_X)
            .data(inlineBlob(VERSION, framed(MOD)))
            .build();
    assertNotGo(elf);
  }

  @Test
  void anEmptyBuildinfoSectionIsNotAGoExecutable() {
    byte[] elf =
        SyntheticElf.elf64().buildInfoSectionSize(0).data(inlineBlob(VERSION, framed(MOD))).build();
    assertNotGo(elf);
  }

  @Test
  void aDeclaredLengthBeyondTheSegmentIsNotAGoExecutable() {
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    blob.writeBytes(Arrays.copyOf(inlineBlob(VERSION, new byte[0]), 32));
    SyntheticElf.varint(blob, VERSION.length);
    blob.writeBytes(VERSION);
    SyntheticElf.varint(blob, 1L << 40); // a terabyte of module information
    blob.writeBytes(new byte[64]);
    assertNotGo(SyntheticElf.elf64().data(blob.toByteArray()).build());
  }

  @Test
  void aDeclaredLengthThatOverflowsIsNotAGoExecutable() {
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    blob.writeBytes(Arrays.copyOf(inlineBlob(VERSION, new byte[0]), 32));
    blob.writeBytes(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, 0x7f}); // > 64 bits
    blob.writeBytes(new byte[64]);
    assertNotGo(SyntheticElf.elf64().data(blob.toByteArray()).build());

    ByteArrayOutputStream max = new ByteArrayOutputStream();
    max.writeBytes(Arrays.copyOf(inlineBlob(VERSION, new byte[0]), 32));
    SyntheticElf.varint(max, -1L); // 2^64-1: parses, then cannot be read
    max.writeBytes(new byte[64]);
    assertNotGo(SyntheticElf.elf64().data(max.toByteArray()).build());
  }

  @Test
  void aStringEndingTooCloseToTheSegmentEndForAVarintIsNotAGoExecutable() {
    // Go reads 10 bytes for the varint and treats fewer as the end of the data.
    byte[] blob = inlineBlob(VERSION, framed(MOD));
    byte[] cut = Arrays.copyOf(blob, blob.length - 16 + 3);
    byte[] tail = Arrays.copyOf(inlineBlob(VERSION, new byte[0]), 32 + 1 + VERSION.length + 3);
    assertThat(BuildInfoReader.readRaw(SyntheticElf.elf64().data(cut).build()).modInfo())
        .isEqualTo(MOD);
    assertNotGo(SyntheticElf.elf64().data(tail).build());
  }

  @Test
  void aTruncatedFileIsNotReadPastItsEnd() throws IOException {
    byte[] elf = SyntheticElf.elf64().data(inlineBlob(VERSION, framed(MOD))).build();
    for (int len : new int[] {0, 3, 16, 40, 63, 64, 100, 200}) {
      byte[] cut = Arrays.copyOf(elf, len);
      assertThatThrownBy(() -> BuildInfoReader.readRaw(cut))
          .as("truncated to %d bytes", len)
          .isInstanceOf(UnrecognizedFormatException.class)
          .hasMessage("unrecognized file format");
    }
  }

  @Test
  void nonElfFilesAreAnUnrecognizedFormat() {
    assertUnrecognized(new byte[0]);
    assertUnrecognized("#!/bin/sh\necho hello, world\n".getBytes(UTF_8));
    assertUnrecognized(concat("MZ".getBytes(UTF_8), new byte[200]));
    assertUnrecognized(concat(new byte[] {(byte) 0xcf, (byte) 0xfa, (byte) 0xed, (byte) 0xfe}, new byte[200]));
  }

  @Test
  void badIdentificationBytesAreAnUnrecognizedFormat() {
    byte[] good = SyntheticElf.elf64().data(inlineBlob(VERSION, framed(MOD))).build();
    assertThat(detail(corrupt(good, 4, 3))).isEqualTo("unknown ELF class");
    assertThat(detail(corrupt(good, 5, 0))).isEqualTo("unknown ELF data encoding");
    assertThat(detail(corrupt(good, 6, 2))).isEqualTo("unknown ELF version");
    assertThat(detail(corrupt(good, 20, 2))).isEqualTo("mismatched ELF version");
  }

  @ParameterizedTest
  @MethodSource("layouts")
  void headerTablesOutOfBoundsAreAnUnrecognizedFormat(boolean is64, ByteOrder order) {
    byte[] good = SyntheticElf.of(is64, order).data(inlineBlob(VERSION, framed(MOD))).build();
    assertThat(detail(put16(good, is64, order, "shstrndx", 99))).isEqualTo("invalid ELF shstrndx");
    assertThat(detail(put16(good, is64, order, "phentsize", 8))).isEqualTo("invalid ELF phentsize");
    assertThat(detail(put16(good, is64, order, "shentsize", 8))).isEqualTo("invalid ELF shentsize");
    assertThat(detail(put16(good, is64, order, "phnum", 60000)))
        .isEqualTo("program headers past end of file");
    assertThat(detail(put16(good, is64, order, "shnum", 60000)))
        .isEqualTo("section headers past end of file");
    assertThat(detail(put16(good, is64, order, "shstrndx", 0x0)))
        .as("no name table is allowed; then there is no .go.buildinfo")
        .isNull();
  }

  @Test
  void withoutASectionNameTableTheDataSegmentIsSearched() {
    byte[] good = SyntheticElf.elf64().data(inlineBlob(VERSION, framed(MOD))).build();
    byte[] noNames = put16(good, true, ByteOrder.LITTLE_ENDIAN, "shstrndx", 0);
    assertThat(BuildInfoReader.readRaw(noNames).modInfo()).isEqualTo(MOD);
  }

  @Test
  void sectionHeadersAtOffsetZeroMustNotBeCounted() {
    byte[] good = SyntheticElf.elf64().data(inlineBlob(VERSION, framed(MOD))).build();
    byte[] bad = putWord(good, true, ByteOrder.LITTLE_ENDIAN, "shoff", 0);
    assertThat(detail(bad)).isEqualTo("invalid ELF shnum for shoff=0");
  }

  @Test
  void negativeOffsetsAreAnUnrecognizedFormat() {
    byte[] good = SyntheticElf.elf64().data(inlineBlob(VERSION, framed(MOD))).build();
    assertThat(detail(putWord(good, true, ByteOrder.LITTLE_ENDIAN, "shoff", -8))).isEqualTo("invalid shoff");
    assertThat(detail(putWord(good, true, ByteOrder.LITTLE_ENDIAN, "phoff", -8))).isEqualTo("invalid phoff");
  }

  @Test
  void aSectionNameOutsideTheNameTableIsAnUnrecognizedFormat() {
    byte[] good = SyntheticElf.elf64().data(inlineBlob(VERSION, framed(MOD))).build();
    ByteBuffer b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
    long shoff = b.getLong(40);
    b.putInt((int) shoff + 64, 1_000_000); // section 1's name index
    assertThat(detail(b.array())).isEqualTo("bad section name index");
  }

  @Test
  void theNameTableMustBeAStringTable() {
    byte[] good = SyntheticElf.elf64().data(inlineBlob(VERSION, framed(MOD))).build();
    ByteBuffer b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
    long shoff = b.getLong(40);
    int shstrndx = b.getShort(62);
    b.putInt((int) shoff + shstrndx * 64 + 4, 1); // SHT_PROGBITS
    assertThat(detail(b.array())).isEqualTo("invalid ELF section name string table type");
  }

  @Test
  void aCompressedSectionNeedsAReadableCompressionHeader() {
    byte[] good = SyntheticElf.elf64().section(".debug_info").data(inlineBlob(VERSION, framed(MOD))).build();
    ByteBuffer b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
    long shoff = b.getLong(40);
    b.putLong((int) shoff + 2 * 64 + 8, ElfFile.SHF_COMPRESSED); // .debug_info, size 0
    assertThat(detail(b.array())).isEqualTo("short compression header");
  }

  @Test
  void extendedSectionNumberingIsFollowed() {
    byte[] good = SyntheticElf.elf64().data(inlineBlob(VERSION, framed(MOD))).build();
    ByteBuffer b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
    long shoff = b.getLong(40);
    b.putShort(60, (short) 0); // shnum in section 0's sh_size
    b.putLong((int) shoff + 32, 3);
    assertThat(detail(b.array())).isEqualTo("invalid ELF shnum contained in sh_size");
    b.putLong((int) shoff + 32, 0xff00);
    assertThat(detail(b.array())).isEqualTo("section headers past end of file");
    b.putInt((int) shoff + 4, 1);
    assertThat(detail(b.array())).isEqualTo("invalid type of the initial section");
  }

  @Test
  void readsFromAFileAndNamesItInMessages(@TempDir Path dir) throws IOException {
    Path app = dir.resolve("app");
    Files.write(app, SyntheticElf.elf64().data(inlineBlob(VERSION, framed(MOD))).build());
    Path notGo = dir.resolve("tool");
    Files.write(notGo, SyntheticElf.elf64().buildInfoSection(false).data(new byte[64]).build());
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "hello\n");
    Path badMod = dir.resolve("bad");
    Files.write(badMod, SyntheticElf.elf64().data(inlineBlob(VERSION, framed("dep\tx\n"))).build());

    assertThat(BuildInfoReader.readFile(app).goVersionOutput("app"))
        .isEqualTo(
            "app: go1.26.8\n"
                + "\tpath\texample.com/app\n"
                + "\tmod\texample.com/app\t(devel)\t\n"
                + "\tdep\texample.com/lib\tv1.2.3\n"
                + "\t=>\t../lib\t\t\n"
                + "\t\n" // Go writes an empty line after each replacement
                + "\tbuild\t-buildmode=exe\n"
                + "\tbuild\tCGO_ENABLED=0\n");
    try (FileChannel ch = FileChannel.open(app)) {
      assertThat(BuildInfoReader.read(ch)).isEqualTo(BuildInfoReader.readFile(app));
    }
    assertThatThrownBy(() -> BuildInfoReader.readFile(notGo))
        .isInstanceOf(NotGoBinaryException.class)
        .hasMessage("could not read Go build info from " + notGo + ": not a Go executable");
    assertThatThrownBy(() -> BuildInfoReader.readFile(text))
        .isInstanceOf(UnrecognizedFormatException.class)
        .hasMessage("could not read Go build info from " + text + ": unrecognized file format");
    assertThatThrownBy(() -> BuildInfoReader.readFile(dir))
        .isInstanceOf(UnrecognizedFormatException.class)
        .hasMessage("could not read Go build info from " + dir + ": unrecognized file format");
    assertThatThrownBy(() -> BuildInfoReader.readFile(dir.resolve("missing")))
        .isInstanceOf(BuildInfoIOException.class)
        .hasMessage("could not read Go build info: open " + dir.resolve("missing") + ": no such file or directory")
        .hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> BuildInfoReader.readFile(badMod))
        .isInstanceOf(BuildInfoSyntaxException.class)
        .hasMessage(
            "could not read Go build info from "
                + badMod
                + ": could not parse Go build info: line 1: expected 2 or 3 columns; got 1");
  }

  private static void assertNotGo(byte[] elf) {
    assertThatThrownBy(() -> BuildInfoReader.read(elf))
        .isInstanceOf(NotGoBinaryException.class)
        .hasMessage("not a Go executable");
  }

  private static void assertUnrecognized(byte[] file) {
    assertThatThrownBy(() -> BuildInfoReader.read(file))
        .isInstanceOf(UnrecognizedFormatException.class)
        .hasMessage("unrecognized file format");
  }

  /** The detail of the format error reading {@code elf} raises, or null if it parses. */
  private static String detail(byte[] elf) {
    try {
      ElfFile.parse(ReaderAt.of(elf));
      return null;
    } catch (UnrecognizedFormatException e) {
      return e.detail();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] corrupt(byte[] b, int at, int value) {
    byte[] c = b.clone();
    c[at] = (byte) value;
    return c;
  }

  private static byte[] put16(byte[] b, boolean is64, ByteOrder order, String field, int v) {
    ByteBuffer c = ByteBuffer.wrap(b.clone()).order(order);
    c.putShort(SyntheticElf.headerField(is64, field), (short) v);
    return c.array();
  }

  private static byte[] putWord(byte[] b, boolean is64, ByteOrder order, String field, long v) {
    ByteBuffer c = ByteBuffer.wrap(b.clone()).order(order);
    int at = SyntheticElf.headerField(is64, field);
    if (is64) {
      c.putLong(at, v);
    } else {
      c.putInt(at, (int) v);
    }
    return c.array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
