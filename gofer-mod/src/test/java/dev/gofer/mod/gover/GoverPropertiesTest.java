package dev.gofer.mod.gover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.ModException;
import dev.gofer.mod.Vectors;
import dev.gofer.mod.module.ModuleVersion;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class GoverPropertiesTest {
  private static final List<List<String>> DOC_SEQUENCES = new ArrayList<>();

  static {
    for (JsonNode seq : Vectors.load("gover").get("ascending_examples_from_docs").get("sequences")) {
      List<String> s = new ArrayList<>();
      seq.forEach(n -> s.add(n.asText()));
      DOC_SEQUENCES.add(s);
    }
  }

  @Provide
  Arbitrary<String> versions() {
    Arbitrary<String> num = Arbitraries.of("0", "1", "2", "9", "19", "20", "21", "22", "100", "01", "99999999999999999999");
    Arbitrary<String> kind = Arbitraries.of("", "", "", "rc", "beta", "alpha", "RC", "rc", "x");
    Arbitrary<String> pre = Arbitraries.of("", "1", "2", "10", "01");
    Arbitrary<String> v =
        Combinators.combine(num, num, Arbitraries.of("", "", ".0", ".1", ".2", ".01"), kind, pre)
            .as((a, b, p, k, r) -> a + "." + b + p + k + r);
    Arbitrary<String> docs = Arbitraries.of(DOC_SEQUENCES.stream().flatMap(List::stream).toList());
    return Arbitraries.oneOf(v, num, docs, Arbitraries.of("", "x", "go1.21", "1.21.", "1..2"));
  }

  @Property
  void compareIsAntisymmetric(@ForAll("versions") String a, @ForAll("versions") String b) {
    assertThat(Gover.compare(a, b)).isEqualTo(-Gover.compare(b, a));
    assertThat(Gover.compare(a, a)).isZero();
    assertThat(Gover.ORDER.compare(a, b) == 0).isEqualTo(a.equals(b));
    assertThat(Gover.max(a, b)).isEqualTo(Gover.compare(a, b) < 0 ? b : a);
  }

  @Property
  void compareIsTransitive(
      @ForAll("versions") String a, @ForAll("versions") String b, @ForAll("versions") String c) {
    if (Gover.compare(a, b) <= 0 && Gover.compare(b, c) <= 0) {
      assertThat(Gover.compare(a, c)).as("%s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
    }
    if (Gover.compare(a, b) == 0 && Gover.compare(b, c) == 0) {
      assertThat(Gover.compare(a, c)).isZero();
    }
    if (Gover.ORDER.compare(a, b) < 0 && Gover.ORDER.compare(b, c) < 0) {
      assertThat(Gover.ORDER.compare(a, c)).isNegative();
    }
  }

  @Property
  void compareIsConsistentWithTheDocumentedOrder(@ForAll("versions") String v) {
    for (List<String> seq : DOC_SEQUENCES) {
      int last = 1;
      for (String w : seq) {
        int c = Gover.compare(v, w);
        assertThat(c).as("%s vs %s", v, w).isLessThanOrEqualTo(last);
        last = c;
      }
    }
  }

  @Property
  void invalidVersionsSortFirst(@ForAll("versions") String v) {
    if (!Gover.isValid(v)) {
      assertThat(Gover.compare(v, "0")).isNegative();
      assertThat(Gover.compare(v, "")).isZero();
    }
    if (Gover.isLang(v)) {
      assertThat(Gover.lang(v)).isEqualTo(v);
      assertThat(Gover.compare(v, v + ".0")).isNegative();
      assertThat(Gover.compare(v, v + "rc1")).isNegative();
    }
  }

  @Property
  void modOrderIsTotal(
      @ForAll("paths") String p, @ForAll("versions") String a, @ForAll("versions") String b) {
    ModuleVersion x = ModuleVersion.of(p, a);
    ModuleVersion y = ModuleVersion.of(p, b);
    assertThat(Gover.MOD_ORDER.compare(x, y)).isEqualTo(-Gover.MOD_ORDER.compare(y, x));
    assertThat(Gover.MOD_ORDER.compare(x, y) == 0).isEqualTo(x.equals(y));
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of("go", "toolchain", "rsc.io/quote");
  }

  @Property(tries = 2000)
  void nothingButModExceptionsOnArbitraryInput(@ForAll("anyStrings") String s) {
    Gover.isValid(s);
    Gover.isLang(s);
    Gover.lang(s);
    Gover.isPrerelease(s);
    Gover.compare(s, "1.21.0");
    Gover.fromToolchain(s);
    Gover.isStandardToolchain(s);
    Gover.modIsValid("toolchain", s);
    Gover.modCompare("toolchain", s, "go1.21.0");
    Gover.modMajorMinor("toolchain", s);
    Gover.modMajorMinor("go", s);
    try {
      Gover.parse(s);
    } catch (ModException e) {
      assertThat(e).isInstanceOf(GoverException.class);
      assertThat(e.getMessage()).doesNotContain("\n");
    }
  }

  @Provide
  Arbitrary<String> anyStrings() {
    Arbitrary<String> mutated =
        Combinators.combine(versions(), Arbitraries.integers().between(0, 30), Arbitraries.chars().all())
            .as((s, i, c) -> {
              int k = i % (s.length() + 1);
              return s.substring(0, k) + c + s.substring(Math.min(k + (i % 2), s.length()));
            });
    return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(30), mutated, versions().map(v -> "go" + v));
  }
}
