package dev.gofer.mod.buildinfo;

import static dev.gofer.mod.buildinfo.SyntheticElf.framed;
import static dev.gofer.mod.buildinfo.SyntheticElf.inlineBlob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.mod.internal.Utf8;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/** Whatever the input, the reader and parser either succeed or throw their own exceptions. */
class BuildInfoPropertiesTest {

  private static final String MOD =
      "path\texample.com/app\nmod\texample.com/app\t(devel)\t\n"
          + "dep\texample.com/lib\tv1.2.3\th1:x=\n=>\t../lib\t\t\n"
          + "build\t-buildmode=exe\nbuild\t-ldflags=\"-s -w\"\n";

  @Property(tries = 2000)
  void randomBytesOnlyEverFailAsBuildInfoExceptions(@ForAll @Size(max = 600) byte[] bytes) {
    readExpectingOnlyBuildInfoExceptions(bytes);
  }

  @Property(tries = 2000)
  void randomBytesAfterAnElfIdentOnlyEverFailAsBuildInfoExceptions(
      @ForAll("elfIdents") byte[] ident, @ForAll @Size(max = 600) byte[] rest) {
    readExpectingOnlyBuildInfoExceptions(BuildInfoReaderTest.concat(ident, rest));
  }

  @Property(tries = 3000)
  void mutatedElfFilesOnlyEverFailAsBuildInfoExceptions(
      @ForAll("elfFiles") byte[] elf, @ForAll("mutations") List<Tuple.Tuple3<Integer, Integer, Byte>> mutations) {
    readExpectingOnlyBuildInfoExceptions(mutate(elf, mutations));
  }

  @Property(tries = 1000)
  void arbitraryTextOnlyEverFailsToParseAsASyntaxError(@ForAll("buildInfoLike") String text) {
    try {
      BuildInfo.parse(text);
    } catch (BuildInfoSyntaxException e) {
      assertThat(e.getMessage()).startsWith("could not parse Go build info: line ").doesNotContain("\n");
    }
  }

  /**
   * Go's FuzzParseBuildInfoRoundTrip: what parses, formats to text that parses the same, except
   * that Go's String drops the sum of a module that has a replacement (the go command never
   * writes one; the replacement carries the sum).
   */
  @Property(tries = 1500)
  void whatParsesRoundTripsThroughFormat(@ForAll("buildInfoLike") String text) {
    BuildInfo info;
    try {
      info = BuildInfo.parse(text);
    } catch (BuildInfoSyntaxException e) {
      return;
    }
    BuildInfo expected =
        new BuildInfo(
            info.goVersion(),
            info.path(),
            withoutReplacedSum(info.main()),
            info.deps().stream().map(BuildInfoPropertiesTest::withoutReplacedSum).toList(),
            info.settings());
    assertThat(BuildInfo.parse(info.format())).isEqualTo(expected);
  }

  private static ModuleInfo withoutReplacedSum(ModuleInfo m) {
    return m.replace() == null ? m : new ModuleInfo(m.path(), m.version(), "", m.replace());
  }

  @Property(tries = 2000)
  void settingsRoundTripThroughQuoting(@ForAll("settingText") String key, @ForAll("settingText") String value) {
    BuildInfo info = new BuildInfo("", "", ModuleInfo.EMPTY, List.of(), List.of(BuildSetting.of(key, value)));
    assertThat(BuildInfo.parse(info.format())).isEqualTo(info);
  }

  /**
   * Escaped bytes in a setting read as {@code new String(bytes, UTF_8)} reads them, as the text
   * of a binary is read.
   */
  @Property(tries = 2000)
  void escapedBytesReadAsJavaDecodesThem(@ForAll @Size(max = 40) byte[] bytes) {
    StringBuilder value = new StringBuilder("\"");
    for (byte b : bytes) {
      value.append(String.format("\\x%02x", b & 0xff));
    }
    BuildInfo info = BuildInfo.parse("build\tk=" + value + "\"\n");
    assertThat(info.setting("k")).contains(new String(bytes, StandardCharsets.UTF_8));
  }

  static void readExpectingOnlyBuildInfoExceptions(byte[] bytes) {
    try {
      BuildInfo info = BuildInfoReader.read(bytes);
      assertThat(info.goVersion()).isNotEmpty();
      Statistics.collect("read");
    } catch (BuildInfoException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
      Statistics.collect(e.getClass().getSimpleName());
    }
  }

  static byte[] mutate(byte[] original, List<Tuple.Tuple3<Integer, Integer, Byte>> mutations) {
    byte[] b = original.clone();
    for (var m : mutations) {
      int at = Math.floorMod(m.get2(), b.length);
      switch (m.get1()) {
        case 0 -> b[at] = m.get3();
        case 1 -> b[at] ^= (byte) (1 << (m.get3() & 7));
        case 2 -> b[at] = (byte) 0xff;
        default -> b[at] = 0;
      }
    }
    int cut = mutations.isEmpty() ? 0 : Math.floorMod(mutations.get(0).get2() * 31, 8);
    return cut == 7 ? java.util.Arrays.copyOf(b, Math.floorMod(mutations.get(0).get2(), b.length)) : b;
  }

  @Provide
  Arbitrary<byte[]> elfIdents() {
    return Combinators.combine(
            Arbitraries.of((byte) 1, (byte) 2), Arbitraries.of((byte) 1, (byte) 2))
        .as((cls, data) -> new byte[] {0x7f, 'E', 'L', 'F', cls, data, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  }

  @Provide
  Arbitrary<byte[]> elfFiles() {
    Arbitrary<Boolean> is64 = Arbitraries.of(true, false);
    Arbitrary<ByteOrder> order = Arbitraries.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
    Arbitrary<Integer> format = Arbitraries.integers().between(0, 2);
    return Combinators.combine(is64, order, format)
        .as(
            (w, o, f) -> {
              byte[] version = "go1.26.8".getBytes(StandardCharsets.UTF_8);
              byte[] data =
                  f == 2
                      ? SyntheticElf.pointerBlob(w ? 8 : 4, o, version, framed(MOD))
                      : inlineBlob(version, framed(MOD));
              return SyntheticElf.of(w, o).buildInfoSection(f != 1).section(".text").data(data).build();
            });
  }

  @Provide
  Arbitrary<List<Tuple.Tuple3<Integer, Integer, Byte>>> mutations() {
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 3);
    Arbitrary<Integer> at = Arbitraries.integers().between(0, 1 << 16);
    Arbitrary<Byte> value = Arbitraries.bytes();
    return Combinators.combine(kind, at, value).as(Tuple::of).list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> settingText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12),
        Arbitraries.strings().withChars("ab= \t\r\n\"`\\\u00e9\u0085\u2028\u0000").ofMaxLength(10),
        Arbitraries.strings().all().ofMaxLength(6).filter(Utf8::isValid));
  }

  @Provide
  Arbitrary<String> buildInfoLike() {
    Arbitrary<String> word =
        Arbitraries.strings().withChars("ab.=/ \"`\\\tx0é").ofMaxLength(8);
    Arbitrary<String> prefix =
        Arbitraries.of("path\t", "mod\t", "dep\t", "=>\t", "build\t", "go\t", "", "build\t\"", "build\t`");
    Arbitrary<String> line = Combinators.combine(prefix, word.list().ofMaxSize(4)).as((p, ws) -> p + String.join("\t", ws));
    return line.list().ofMaxSize(8).map(ls -> String.join("\n", ls) + "\n");
  }}
