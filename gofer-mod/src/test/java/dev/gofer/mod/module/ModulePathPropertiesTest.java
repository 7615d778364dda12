package dev.gofer.mod.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gofer.mod.ModException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ModulePathPropertiesTest {

  @Provide
  Arbitrary<String> modulePaths() {
    Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> domain = label.list().ofMinSize(2).ofMaxSize(3).map(l -> String.join(".", l));
    Arbitrary<String> elem =
        Arbitraries.strings()
            .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
            .ofMinLength(1)
            .ofMaxLength(10);
    Arbitrary<List<String>> rest = elem.list().ofMaxSize(4);
    return Combinators.combine(domain, rest)
        .as((d, r) -> r.isEmpty() ? d : d + "/" + String.join("/", r))
        .filter(ModulePath::isValid);
  }

  @Property
  void escapeRoundTripsAndHasNoUpperCase(@ForAll("modulePaths") String path) {
    String escaped = ModulePath.escape(path);
    assertThat(escaped.chars().noneMatch(c -> c >= 'A' && c <= 'Z')).isTrue();
    assertThat(escaped.chars().allMatch(c -> c < 0x80)).isTrue();
    assertThat(ModulePath.unescape(escaped)).isEqualTo(path);
    // equal up to case means equal escaped forms only if the paths are equal
    assertThat(escaped.equals(path)).isEqualTo(path.chars().noneMatch(c -> c >= 'A' && c <= 'Z'));
  }

  @Property
  void versionEscapeRoundTrips(
      @ForAll("versions") String v) {
    String e = ModulePath.escapeVersion(v);
    assertThat(e.chars().noneMatch(c -> c >= 'A' && c <= 'Z')).isTrue();
    assertThat(ModulePath.unescapeVersion(e)).isEqualTo(v);
  }

  @Provide
  Arbitrary<String> versions() {
    return Arbitraries.strings()
        .withChars("abcxyzABCXYZ0123456789-.+_~")
        .ofMinLength(1)
        .ofMaxLength(20)
        .filter(v -> ModulePath.checkElem(v, ModulePath.Kind.FILE) == null);
  }

  @Property
  void unescapeRejectsMalformedEscapes(
      @ForAll("modulePaths") String path,
      @ForAll @IntRange(min = 0, max = 200) int at,
      @ForAll("badEscapes") String bad) {
    String escaped = ModulePath.escape(path);
    int i = at % (escaped.length() + 1);
    String broken = escaped.substring(0, i) + bad + escaped.substring(i);
    assertThatThrownBy(() -> ModulePath.unescape(broken))
        .isInstanceOf(InvalidPathException.class)
        .hasMessageStartingWith("invalid escaped module path ");
    assertThatThrownBy(() -> ModulePath.unescapeVersion(broken)).isInstanceOf(ModuleException.class);
  }

  @Provide
  Arbitrary<String> badEscapes() {
    Arbitrary<String> upper = Arbitraries.chars().range('A', 'Z').map(String::valueOf);
    Arbitrary<String> bangBad =
        Arbitraries.chars().with("!/0123456789_-.~ZAé".toCharArray()).map(c -> "!" + c);
    Arbitrary<String> nonAscii = Arbitraries.chars().range('\u0080', '\uffff').map(String::valueOf);
    return Arbitraries.oneOf(upper, bangBad, nonAscii);
  }

  @Property
  void trailingBangIsRejected(@ForAll("modulePaths") String path) {
    String s = ModulePath.escape(path) + "!";
    assertThatThrownBy(() -> ModulePath.unescape(s)).isInstanceOf(InvalidPathException.class);
  }

  @Property(tries = 2000)
  void parsersThrowOnlyModExceptions(@ForAll("anyStrings") String s) {
    onlyModException(() -> ModulePath.check(s));
    onlyModException(() -> ModulePath.checkImportPath(s));
    onlyModException(() -> ModulePath.checkFilePath(s));
    onlyModException(() -> ModulePath.escape(s));
    onlyModException(() -> ModulePath.unescape(s));
    onlyModException(() -> ModulePath.escapeVersion(s));
    onlyModException(() -> ModulePath.unescapeVersion(s));
    onlyModException(() -> ModuleVersion.parse(s).check());
    onlyModException(() -> ModulePath.checkPathVersion("rsc.io/quote", s));
    onlyModException(() -> ModulePath.checkPathMajor(s, "/v2"));
    ModulePath.isValid(s);
    ModulePath.splitPathVersion(s);
    ModulePath.matchPathMajor(s, ".v1-unstable");
    PrefixPatterns.matches(s, "rsc.io/quote/v3");
    PrefixPatterns.matches("*/quote," + s, s);
    ModuleVersion.of("a.b", s).compareTo(ModuleVersion.of("a.b", "v1.0.0"));
  }

  /** Random strings, mixed with near-valid ones: valid inputs with one character changed. */
  @Provide
  Arbitrary<String> anyStrings() {
    Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(40);
    Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(40);
    Arbitrary<String> seeds =
        Arbitraries.of(
            "github.com/!google!cloud!platform/omega",
            "gopkg.in/yaml.v2@v2.1.5",
            "rsc.io/quote/v3@v3.1.0+incompatible",
            "x.y/z@v0.0.0-20191109021931-daa7c04131f5",
            "*/quote,rsc.io/[a-z]*,\\x",
            "example.com/m@v1.0.0-!r!c1");
    Arbitrary<String> mutated =
        Combinators.combine(seeds, Arbitraries.integers().between(0, 60), Arbitraries.chars().all())
            .as((s, i, c) -> {
              int k = i % (s.length() + 1);
              return i % 2 == 0
                  ? s.substring(0, k) + c + s.substring(k)
                  : s.substring(0, Math.min(k, s.length())) + c + s.substring(Math.min(k + 1, s.length()));
            });
    return Arbitraries.oneOf(random, ascii, mutated);
  }

  static void onlyModException(Runnable r) {
    try {
      r.run();
    } catch (ModException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }
  }
}
