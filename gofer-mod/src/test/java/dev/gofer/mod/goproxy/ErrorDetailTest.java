package dev.gofer.mod.goproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ErrorDetailTest {
  static String fmt(String s) {
    return ErrorDetail.format(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void oneLineAndStopAtTheFirstBlankLine() {
    assertThat(fmt("not found: x\n")).isEqualTo("not found: x");
    assertThat(fmt("a\nb\n \t\nc\n")).isEqualTo("a\n\tb");
    assertThat(fmt("")).isEmpty();
    assertThat(fmt("\nlater")).isEmpty();
  }

  @Test
  void atMostEightLines() {
    assertThat(fmt("1\n2\n3\n4\n5\n6\n7\n8\n")).isEqualTo("1\n\t2\n\t3\n\t4\n\t5\n\t6\n\t7\n\t8");
    assertThat(fmt("1\n2\n3\n4\n5\n6\n7\n8\n9\n"))
        .isEqualTo("1\n\t2\n\t3\n\t4\n\t5\n\t6\n\t7\n\t8\n\t[Truncated: too many lines.]");
  }

  @Test
  void atMost648BytesCountingTheSeparators() {
    String line = "x".repeat(648);
    assertThat(fmt(line)).isEqualTo(line);
    assertThat(fmt(line + "y")).isEqualTo("[Truncated: too long.]");
    // 600 + "\n\t" + 46 = 648 fits; one more byte does not
    assertThat(fmt("a".repeat(600) + "\n" + "b".repeat(46))).endsWith("b".repeat(46));
    assertThat(fmt("a".repeat(600) + "\n" + "b".repeat(47))).isEqualTo("a".repeat(600) + "\n\t[Truncated: too long.]");
    // bytes, not characters: 324 two-byte letters are 648 bytes
    assertThat(fmt("\u00e9".repeat(324))).isEqualTo("\u00e9".repeat(324));
    assertThat(fmt("\u00e9".repeat(325))).isEqualTo("[Truncated: too long.]");
  }

  @Test
  void controlCharactersOrBadUtf8DropEverything() {
    assertThat(fmt("ok\n\u001b[2J")).isEmpty();
    assertThat(fmt("bell\u0007")).isEmpty();
    assertThat(ErrorDetail.format(new byte[] {'o', 'k', (byte) 0xff})).isEmpty();
    assertThat(fmt("tabs\tand\r\n")).isEqualTo("tabs\tand\r");
  }

  @Test
  void onlyPlainTextInUtf8OrAsciiQualifies() {
    assertThat(ErrorDetail.eligible("text/plain")).isTrue();
    assertThat(ErrorDetail.eligible("TEXT/PLAIN; charset=UTF-8")).isTrue();
    assertThat(ErrorDetail.eligible("text/plain; charset=\"us-ascii\"")).isTrue();
    assertThat(ErrorDetail.eligible("text/plain; charset=iso-8859-1")).isFalse();
    assertThat(ErrorDetail.eligible("text/html")).isFalse();
    assertThat(ErrorDetail.eligible("text/plain; nonsense")).isFalse();
    assertThat(ErrorDetail.eligible(null)).isFalse();
  }

  @Test
  void readPrefixStopsAfterNineLinesAndNeverSplitsACharacter() {
    byte[] many = "l\n".repeat(100_000).getBytes(StandardCharsets.UTF_8);
    assertThat(ErrorDetail.readPrefix(new ByteArrayInputStream(many)).length).isLessThanOrEqualTo(4096);
    byte[] wide = "\u20ac".repeat(40_000).getBytes(StandardCharsets.UTF_8);
    byte[] prefix = ErrorDetail.readPrefix(new ByteArrayInputStream(wide));
    assertThat(prefix.length).isLessThanOrEqualTo(ErrorDetail.MAX_READ).isEqualTo(prefix.length / 3 * 3);
    assertThat(ErrorDetail.format(prefix)).isEqualTo("[Truncated: too long.]");
  }

  @Property(tries = 2000)
  void formatNeverThrowsAndStaysShort(@ForAll byte[] body) {
    String d = ErrorDetail.format(body);
    assertThat(d.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(ErrorDetail.MAX_BYTES + 8 * 2 + 30);
  }
}
