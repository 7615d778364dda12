package dev.gofer.mod.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.testing.GoCommand;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed fold table equals what the installed Go's unicode.SimpleFold produces. */
class CaseFoldIT {
  @TempDir Path tmp;

  @Test
  void tableMatchesTheInstalledGo() throws Exception {
    assumeTrue(GoCommand.available(), "no go command on PATH");
    Path src = Files.createDirectories(tmp.resolve("casefold"));
    Files.copy(Path.of("src/test/go/casefold/main.go"), src.resolve("main.go"));
    Files.writeString(src.resolve("go.mod"), "module casefold\n\ngo 1.21\n");
    GoCommand go = GoCommand.hermetic(tmp.resolve("go"), "off", Map.of());
    GoCommand.Result r = go.run(src, "run", ".");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String committed;
    try (InputStream in = CaseFold.class.getResourceAsStream("casefold.txt")) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // the header names Go's Unicode version, which may differ; the mappings must not
    assertThat(body(r.stdout())).isEqualTo(body(committed));
    for (String line : body(committed).split("\n")) {
      String[] f = line.split(" ");
      assertThat(CaseFold.fold(Integer.parseInt(f[0], 16))).isEqualTo(Integer.parseInt(f[1], 16));
    }
  }

  private static String body(String table) {
    return table.substring(table.indexOf('\n') + 1);
  }
}
