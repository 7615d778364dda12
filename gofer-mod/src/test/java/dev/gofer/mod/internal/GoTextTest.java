package dev.gofer.mod.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Expected results are what Go 1.26's {@code unicode} and {@code strings} return. */
class GoTextTest {

  @Test
  void isSpaceIsUnicodeWhiteSpace() {
    // Go: 25 runes satisfy unicode.IsSpace.
    assertThat(IntStream.rangeClosed(0, Character.MAX_CODE_POINT).filter(GoText::isSpace).count())
        .isEqualTo(25);
    assertThat(GoText.isSpace(0x85)).isTrue();
    assertThat(GoText.isSpace(0x200b)).isFalse(); // zero width space is a format character
    assertThat(GoText.isSpace(0x180e)).isFalse(); // no longer white space since Unicode 6.3
  }

  @Test
  void isGraphicIncludesSpaceSeparatorsOnly() {
    assertThat(GoText.isGraphic(0xa0)).isTrue();
    assertThat(GoText.isGraphic(0x200b)).isFalse();
    assertThat(GoText.isGraphic(0x2028)).isFalse();
  }

  @Test
  void fieldsAndTrimSpaceSplitOnUnicodeWhiteSpace() {
    assertThat(GoText.fields(" \u0085a\u00a0b\u3000c\td\u200be\u180ef "))
        .containsExactly("a", "b", "c", "d\u200be\u180ef");
    assertThat(GoText.fields("")).isEmpty();
    assertThat(GoText.trimSpace("\u2028 x y \u202f\n")).isEqualTo("x y");
    assertThat(GoText.isBlank("\u3000\t")).isTrue();
    assertThat(GoText.isBlank(" x ")).isFalse();
  }
}
