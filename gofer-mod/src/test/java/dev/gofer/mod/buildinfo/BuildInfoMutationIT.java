package dev.gofer.mod.buildinfo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.mod.testing.GoCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Mutates a real Go binary (the toolchain's own {@code gofmt}) where it matters, the ELF
 * header, the program and section header tables and the build info blob, and checks the reader
 * only ever fails with a {@link BuildInfoException}.
 */
class BuildInfoMutationIT {

  /** The binary and the offsets worth mutating, read once. */
  private static final class Real {
    static final byte[] BYTES;
    static final int BLOB;
    static final int SHOFF;
    static final int PHOFF;

    static {
      try {
        Path tmp = Files.createTempDirectory("gofer-buildinfo-mutation");
        String goroot =
            GoCommand.hermetic(tmp, "off", Map.of()).output(tmp, Map.of(), "env", "GOROOT").strip();
        BYTES = Files.readAllBytes(Path.of(goroot, "bin", "gofmt"));
        try (var files = Files.walk(tmp)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ByteBuffer b = ByteBuffer.wrap(BYTES).order(ByteOrder.LITTLE_ENDIAN);
      PHOFF = (int) b.getLong(32);
      SHOFF = (int) b.getLong(40);
      BLOB = indexOf(BYTES, BuildInfoReader.MAGIC);
    }
  }

  @Example
  void theUnmutatedBinaryReads() {
    assertThat(BuildInfoReader.read(Real.BYTES).path()).isEqualTo("cmd/gofmt");
    assertThat(Real.BLOB).isPositive();
  }

  @Property(tries = 1500)
  void mutatedRealBinariesOnlyEverFailAsBuildInfoExceptions(
      @ForAll("mutations") List<Tuple.Tuple4<Integer, Integer, Integer, Byte>> mutations,
      @ForAll("cuts") int cut) {
    byte[] b = Real.BYTES.clone();
    for (var m : mutations) {
      int base =
          switch (m.get1()) {
            case 0 -> 0;
            case 1 -> Real.PHOFF;
            case 2 -> Real.SHOFF;
            default -> Real.BLOB;
          };
      int at = Math.floorMod(base + m.get2(), b.length);
      switch (m.get3()) {
        case 0 -> b[at] = m.get4();
        case 1 -> b[at] ^= (byte) (1 << (m.get4() & 7));
        case 2 -> b[at] = (byte) 0xff;
        default -> b[at] = 0;
      }
    }
    if (cut > 0) {
      b = Arrays.copyOf(b, Math.min(b.length, cut));
    }
    BuildInfoPropertiesTest.readExpectingOnlyBuildInfoExceptions(b);
  }

  @Provide
  Arbitrary<List<Tuple.Tuple4<Integer, Integer, Integer, Byte>>> mutations() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, 2047),
            Arbitraries.integers().between(0, 3),
            Arbitraries.bytes())
        .as(Tuple::of)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<Integer> cuts() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(0)),
        Tuple.of(1, Arbitraries.integers().between(0, 1 << 22)));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i += 16) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
