package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.proxy.mirror.MirrorSync;
import dev.gofer.proxy.mirror.SyncReport;
import dev.gofer.proxy.mirror.Wanted;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code mirror sync}'s progress: plain lines wherever stderr is not a terminal or the terminal
 * is dumb, a bar only on a real terminal, and never a colour code, with or without {@code
 * NO_COLOR}.
 */
class SyncProgressTest {
  static final Wanted A = new Wanted("example.com/a", "v1.0.0", true);
  static final Wanted B = new Wanted("example.com/b", "v1.2.0", true);

  static void drive(MirrorSync.Listener l) {
    l.started(2);
    l.finished(new SyncReport.Item(A, SyncReport.Outcome.FETCHED, ""), 1, 2);
    l.finished(new SyncReport.Item(B, SyncReport.Outcome.PRESENT, ""), 2, 2);
    l.sealing(2);
  }

  @Test
  void notATerminalGetsOnePlainLinePerVersion() {
    StringWriter err = new StringWriter();
    MirrorSync.Listener l = SyncProgress.on(new PrintWriter(err, true), false, false, Map.of("COLUMNS", "80"));
    assertThat(l).isInstanceOf(SyncProgress.Lines.class);
    drive(l);
    assertThat(err.toString().lines())
        .containsExactly(
            "gofer: syncing 2 module versions",
            "[1/2] fetched example.com/a@v1.0.0",
            "[2/2] present example.com/b@v1.2.0",
            "gofer: proving 2 checksum-database records against the latest tree head");
    assertThat(err.toString()).doesNotContain("\r", "\u001b");
  }

  @Test
  void aDumbTerminalGetsLinesTooAndQuietGetsNothing() {
    StringWriter err = new StringWriter();
    assertThat(SyncProgress.on(new PrintWriter(err), false, true, Map.of("TERM", "dumb"))).isInstanceOf(SyncProgress.Lines.class);
    assertThat(SyncProgress.on(new PrintWriter(err), true, true, Map.of())).isSameAs(MirrorSync.Listener.NONE);
  }

  @Test
  void aTerminalGetsABarWithoutColourWhateverNoColorSays() {
    assertThat(SyncProgress.on(new PrintWriter(new StringWriter()), false, true, Map.of("TERM", "xterm", "NO_COLOR", "1")))
        .isInstanceOf(SyncProgress.Bar.class);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    drive(new SyncProgress.Bar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 60));
    String drawn = bytes.toString(StandardCharsets.UTF_8);
    assertThat(drawn).contains("sync", "2/2", "proving 2 checksum-database records").doesNotContain("\u001b");
  }
}
