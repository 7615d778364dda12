package dev.gofer.mod.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void runeLengthRejectsWhatGoDecodesAsRuneError() {
    assertThat(Utf8.runeLength(new byte[] {'a'}, 0, 1)).isEqualTo(1);
    assertThat(Utf8.runeLength(bytes(0xc3, 0xa9), 0, 2)).isEqualTo(2);
    assertThat(Utf8.runeLength(bytes(0xf0, 0x9f, 0x98, 0x80), 0, 4)).isEqualTo(4);
    assertThat(Utf8.runeLength(bytes(0xc0, 0x80), 0, 2)).isZero(); // overlong
    assertThat(Utf8.runeLength(bytes(0xed, 0xa0, 0x80), 0, 3)).isZero(); // surrogate
    assertThat(Utf8.runeLength(bytes(0xf4, 0x90, 0x80, 0x80), 0, 4)).isZero(); // above U+10FFFF
    assertThat(Utf8.runeLength(bytes(0xc3, 0xa9), 0, 1)).isZero(); // truncated by end
    assertThat(Utf8.runeLength(bytes(0x80), 0, 1)).isZero();
  }

  @Test
  void isValidRejectsUnpairedSurrogates() {
    assertThat(Utf8.isValid("")).isTrue();
    assertThat(Utf8.isValid("é\uD83D\uDE00")).isTrue();
    assertThat(Utf8.isValid("a\uD800")).isFalse();
    assertThat(Utf8.isValid("\uDC80")).isFalse();
    assertThat(Utf8.isValid("\uDE00\uD83D")).isFalse();
  }

  @Property(tries = 2000)
  void runeLengthAgreesWithTheStrictJdkDecoder(@ForAll byte[] b) {
    boolean valid = true;
    for (int i = 0; i < b.length && valid; ) {
      int n = Utf8.runeLength(b, i, b.length);
      valid = n > 0;
      i += n;
    }
    assertThat(valid).isEqualTo(strictlyDecodes(b));
  }

  private static boolean strictlyDecodes(byte[] b) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  @Test
  void decodeStrictDecodesValidUtf8AndRefusesTheRest() {
    assertThat(Utf8.decodeStrict("héllo/☃".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("héllo/☃");
    assertThat(Utf8.decodeStrict(new byte[0])).isEmpty();
    assertThat(Utf8.decodeStrict(new byte[] {'a', (byte) 0xff})).isNull(); // invalid byte
    assertThat(Utf8.decodeStrict(new byte[] {(byte) 0xc0, (byte) 0xaf})).isNull(); // overlong '/'
    assertThat(Utf8.decodeStrict(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})).isNull(); // surrogate
    assertThat(Utf8.decodeStrict(new byte[] {(byte) 0xe2, (byte) 0x98})).isNull(); // truncated
  }
}
