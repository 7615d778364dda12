package dev.gofer.mod.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Expected results are what Go 1.26's {@code base64.StdEncoding.DecodeString} returns. */
class GoBase64Test {

  @Test
  void followsGoStdEncoding() {
    assertThat(GoBase64.decode("aGk=")).containsExactly('h', 'i');
    assertThat(GoBase64.decode("aG\r\nk=")).containsExactly('h', 'i');
    assertThat(GoBase64.decode("aGk=\n")).containsExactly('h', 'i');
    assertThat(GoBase64.decode("aGl=")).containsExactly('h', 'i'); // unused bits are ignored
    assertThat(GoBase64.decode("")).isEmpty();
    assertThat(GoBase64.decode("aGk")).isNull(); // padding is required
    assertThat(GoBase64.decode("====")).isNull();
    assertThat(GoBase64.decode("a===")).isNull();
    assertThat(GoBase64.decode("aG-=")).isNull();
    assertThat(GoBase64.decode("xaGk=y", 1, 5)).containsExactly('h', 'i');
  }

  @Property(tries = 500)
  void decodesWhatTheJdkEncodes(@ForAll byte[] data) {
    assertThat(GoBase64.decode(Base64.getEncoder().encodeToString(data))).isEqualTo(data);
  }

  @Property(tries = 1000)
  void neverThrows(@ForAll String s) {
    GoBase64.decode(s);
  }
}
