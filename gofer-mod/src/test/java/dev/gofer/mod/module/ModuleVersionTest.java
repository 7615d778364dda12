package dev.gofer.mod.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleVersionTest {
  @Test
  void parseAndToStringRoundTrip() {
    ModuleVersion mv = ModuleVersion.parse("github.com/BurntSushi/toml@v1.3.2");
    assertThat(mv).isEqualTo(ModuleVersion.of("github.com/BurntSushi/toml", "v1.3.2"));
    assertThat(mv.toString()).isEqualTo("github.com/BurntSushi/toml@v1.3.2");
    assertThat(mv.escaped()).isEqualTo("github.com/!burnt!sushi/toml@v1.3.2");
    assertThat(ModuleVersion.parse("rsc.io/quote@master").version()).isEqualTo("master");
  }

  @Test
  void parseRejectsMalformedInput() {
    assertThatThrownBy(() -> ModuleVersion.parse("rsc.io/quote"))
        .isInstanceOf(ModuleException.class)
        .hasMessage("malformed module@version \"rsc.io/quote\": missing @");
    assertThatThrownBy(() -> ModuleVersion.parse("rsc.io/quote@"))
        .isInstanceOf(ModuleException.class)
        .hasMessage("malformed module@version \"rsc.io/quote@\": disallowed version string");
    assertThatThrownBy(() -> ModuleVersion.parse("rsc.io/quote@v1!"))
        .isInstanceOf(ModuleException.class);
    assertThatThrownBy(() -> ModuleVersion.parse("@v1.0.0")).isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> ModuleVersion.parse("rsc.io/Quote/v1@v1.0.0"))
        .isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> ModuleVersion.parse(null)).isInstanceOf(ModuleException.class);
  }

  @Test
  void checkAppliesModuleRules() {
    assertThat(ModuleVersion.parse("rsc.io/quote@v17.0.0+incompatible").check().version())
        .isEqualTo("v17.0.0+incompatible");
    assertThatThrownBy(() -> ModuleVersion.parse("rsc.io/quote@master").check())
        .hasMessage("rsc.io/quote@master: invalid version: not a semantic version");
  }

  @Test
  void sortsLikeModuleSort() {
    List<ModuleVersion> list =
        new ArrayList<>(
            List.of(
                ModuleVersion.of("z.org/a", "v1.0.0"),
                ModuleVersion.of("a.org/b", "v1.10.0"),
                ModuleVersion.of("a.org/b", "v1.2.0/go.mod"),
                ModuleVersion.of("a.org/b", "v1.2.0"),
                ModuleVersion.of("a.org/b", "v1.2.0-pre"),
                ModuleVersion.of("a.org/b", "v1.9.0"),
                ModuleVersion.of("a.org", "v0.1.0")));
    ModuleVersion.sort(list);
    assertThat(list)
        .extracting(ModuleVersion::toString)
        .containsExactly(
            "a.org@v0.1.0",
            "a.org/b@v1.2.0-pre",
            "a.org/b@v1.2.0",
            "a.org/b@v1.2.0/go.mod",
            "a.org/b@v1.9.0",
            "a.org/b@v1.10.0",
            "z.org/a@v1.0.0");
  }

  @Test
  void equalSemverDifferentSpellingIsStillOrdered() {
    ModuleVersion a = ModuleVersion.of("a.org", "v1.0");
    ModuleVersion b = ModuleVersion.of("a.org", "v1.0.0");
    assertThat(a.compareTo(b)).isNegative();
    assertThat(b.compareTo(a)).isPositive();
  }

  @Test
  void pathsCompareInUtf8ByteOrder() {
    // U+FF21 (BMP, above the surrogates) sorts before U+1F600 (a surrogate pair) in UTF-8.
    assertThat(ModuleVersion.comparePaths("\uFF21", "\uD83D\uDE00")).isNegative();
    assertThat("\uFF21".compareTo("\uD83D\uDE00")).isPositive(); // UTF-16 order would differ
  }
}
