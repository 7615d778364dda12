package dev.gofer.mod.semver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.ModException;
import dev.gofer.mod.Vectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SemverPropertiesTest {
  private static final List<String> VECTOR_ORDER = new ArrayList<>();

  static {
    for (JsonNode c : Vectors.load("semver").get("cases")) {
      VECTOR_ORDER.add(c.get("in").asText());
    }
  }

  /** Versions near the grammar: mostly valid, some broken, including pseudo-versions. */
  @Provide
  Arbitrary<String> versions() {
    Arbitrary<String> num = Arbitraries.of("0", "1", "2", "9", "10", "01", "99999999999999999999");
    Arbitrary<String> ident = Arbitraries.of("alpha", "beta", "1", "0", "11", "01", "x-y", "rc", "", "0a");
    Arbitrary<String> pre = ident.list().ofMaxSize(3).map(l -> l.isEmpty() ? "" : "-" + String.join(".", l));
    Arbitrary<String> build = Arbitraries.of("", "", "+meta", "+incompatible", "+a.b", "+", "+a..b");
    Arbitrary<String> full =
        Combinators.combine(num, num, num, pre, build)
            .as((a, b, c, p, bl) -> "v" + a + "." + b + "." + c + p + bl);
    Arbitrary<String> shortForms =
        Combinators.combine(num, num, Arbitraries.of("", "-pre", "+meta"))
            .as((a, b, s) -> "v" + a + "." + b + s);
    Arbitrary<String> majorOnly = num.map(n -> "v" + n);
    Arbitrary<String> pseudo =
        Combinators.combine(
                Arbitraries.of("", "v0", "v2"),
                Arbitraries.of("", "v1.2.3", "v1.2.3-pre", "v2.0.0+incompatible", "v0.0.0--"),
                Arbitraries.longs().between(0, 253402300799L),
                Arbitraries.strings().withChars("abcdef0123456789").ofLength(12))
            .as((m, o, t, r) -> Pseudo.build(m, o, Instant.ofEpochSecond(t), r));
    return Arbitraries.oneOf(full, shortForms, majorOnly, pseudo, Arbitraries.of(VECTOR_ORDER));
  }

  @Property
  void compareIsAntisymmetricAndReflexive(@ForAll("versions") String a, @ForAll("versions") String b) {
    assertThat(Semver.compare(a, b)).isEqualTo(-Semver.compare(b, a));
    assertThat(Semver.compare(a, a)).isZero();
    assertThat(Semver.ORDER.compare(a, b)).isEqualTo(-Semver.ORDER.compare(b, a));
    assertThat(Semver.ORDER.compare(a, b) == 0).isEqualTo(a.equals(b));
  }

  @Property
  void compareIsTransitive(
      @ForAll("versions") String a, @ForAll("versions") String b, @ForAll("versions") String c) {
    if (Semver.compare(a, b) <= 0 && Semver.compare(b, c) <= 0) {
      assertThat(Semver.compare(a, c)).isLessThanOrEqualTo(0);
    }
    if (Semver.compare(a, b) == 0 && Semver.compare(b, c) == 0) {
      assertThat(Semver.compare(a, c)).isZero();
    }
    if (Semver.ORDER.compare(a, b) < 0 && Semver.ORDER.compare(b, c) < 0) {
      assertThat(Semver.ORDER.compare(a, c)).isNegative();
    }
  }

  @Property
  void canonicalFormComparesEqualAndIsFixed(@ForAll("versions") String v) {
    String c = Semver.canonical(v);
    assertThat(c.isEmpty()).isEqualTo(!Semver.isValid(v));
    if (!c.isEmpty()) {
      assertThat(Semver.compare(v, c)).isZero();
      assertThat(Semver.canonical(c)).isEqualTo(c);
      assertThat(Semver.build(c)).isEmpty();
    }
  }

  @Property
  void compareIsConsistentWithTheVectorOrder(@ForAll("versions") String v) {
    // Where v sits among the vector versions must not depend on which vector version we ask.
    int last = Integer.MIN_VALUE;
    for (String w : VECTOR_ORDER) {
      int c = Semver.compare(v, w);
      assertThat(c).isLessThanOrEqualTo(last == Integer.MIN_VALUE ? 1 : last);
      last = c;
    }
  }

  @Property(tries = 3000)
  void isPseudoAgreesWithTheUpstreamRegexp(@ForAll("pseudoish") String v) {
    assertThat(Pseudo.isPseudo(v)).as(v).isEqualTo(PseudoTest.matchesUpstreamRegexp(v));
  }

  @Provide
  Arbitrary<String> pseudoish() {
    Arbitrary<String> parts =
        Arbitraries.of(
                "v1", ".", "0", "2", "-", "0.", "pre.", "20191109021931", "2019110902193", "-abc123",
                "-ABC", "+incompatible", "+a.b", "x.", ".0.", "--")
            .list()
            .ofMinSize(1)
            .ofMaxSize(9)
            .map(l -> String.join("", l));
    Arbitrary<String> prefixed = Combinators.combine(Arbitraries.of("v1.2.3", "v0.0.0", "v1.0.0-", "v2.3.4-"), parts).as(String::concat);
    return Arbitraries.oneOf(prefixed, versions(), Arbitraries.strings().ascii().ofMaxLength(40));
  }

  @Property
  void pseudoVersionsTakeApartIntoWhatBuiltThem(
      @ForAll("olderVersions") String older,
      @ForAll("times") long seconds,
      @ForAll("revs") String rev) {
    Instant t = Instant.ofEpochSecond(seconds);
    String p = Pseudo.build("v0", older, t, rev);
    assertThat(Pseudo.isPseudo(p)).as(p).isTrue();
    assertThat(Pseudo.time(p)).isEqualTo(t);
    assertThat(Pseudo.rev(p)).isEqualTo(rev);
    String canonicalOlder = older.isEmpty() ? "" : Semver.canonical(older) + Semver.build(older);
    assertThat(Pseudo.base(p)).isEqualTo(canonicalOlder);
    if (!older.isEmpty()) {
      assertThat(Semver.compare(older, p)).as("%s < %s", older, p).isNegative();
    }
  }

  @Provide
  Arbitrary<String> olderVersions() {
    return versions().filter(v -> v.isEmpty() || (Semver.isValid(v) && Semver.major(v).matches("v[01]")))
        .filter(v -> !Pseudo.isPseudo(v));
  }

  @Provide
  Arbitrary<Long> times() {
    return Arbitraries.longs().between(0, 253402300799L); // years 1970 to 9999
  }

  @Provide
  Arbitrary<String> revs() {
    return Arbitraries.strings().withChars("abcdef0123456789").ofMinLength(1).ofMaxLength(40);
  }

  @Property(tries = 2000)
  void nothingButModExceptionsOnArbitraryInput(@ForAll("anyStrings") String s) {
    Semver.isValid(s);
    Semver.canonical(s);
    Semver.canonicalModuleVersion(s);
    Semver.major(s);
    Semver.majorMinor(s);
    Semver.prerelease(s);
    Semver.build(s);
    Semver.compare(s, "v1.0.0");
    Semver.max(s, s);
    Pseudo.isPseudo(s);
    Pseudo.isZero(s);
    only(() -> Semver.parse(s));
    only(() -> Pseudo.time(s));
    only(() -> Pseudo.rev(s));
    only(() -> Pseudo.base(s));
  }

  @Provide
  Arbitrary<String> anyStrings() {
    Arbitrary<String> mutated =
        Combinators.combine(versions(), Arbitraries.integers().between(0, 60), Arbitraries.chars().all())
            .as((s, i, c) -> {
              int k = i % (s.length() + 1);
              return s.substring(0, k) + c + s.substring(Math.min(k + (i % 2), s.length()));
            });
    return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40), mutated, pseudoish());
  }

  private static void only(Runnable r) {
    try {
      r.run();
    } catch (ModException e) {
      assertThat(e).isInstanceOf(InvalidVersionException.class);
      assertThat(e.getMessage()).doesNotContain("\n");
    }
  }
}
