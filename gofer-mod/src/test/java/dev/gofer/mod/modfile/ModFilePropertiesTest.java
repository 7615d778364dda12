package dev.gofer.mod.modfile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the input, the parsers either succeed or throw {@link ModFileException}. */
class ModFilePropertiesTest {
  private static final String SEED = """
      // Deprecated: x
      module example.com/m
      go 1.22
      toolchain go1.22.1
      godebug a=b
      require (
      	example.com/a v1.2.3 // indirect
      	"example.com/b" v0.0.0-20200101000000-abcdefabcdef
      )
      exclude example.com/a v1.0.0
      replace example.com/a v1.2.3 => ../a
      retract [v1.0.0, v1.0.5] // oops
      tool example.com/a/cmd
      ignore ./x
      """;

  @Provide
  Arbitrary<String> mutatedGoMod() {
    List<String> tokens = List.of("module", "go", "require", "(", ")", "[", "]", ",", "=>", "//",
        "/*", "\"", "`", "\n", "\t", " ", "v1.2.3", "v2", "1.21", "indirect", "retract", "replace",
        "\\", "\u00a0", "\ufffd", "\u0000", "gopkg.in/x.v1", "example.com/m/v2", "godebug", "=");
    return Arbitraries.integers().between(0, SEED.length()).list().ofMaxSize(8)
        .flatMap(cuts -> Arbitraries.of(tokens).list().ofSize(cuts.size()).map(ins -> {
          StringBuilder b = new StringBuilder(SEED);
          for (int i = 0; i < cuts.size(); i++) {
            int at = Math.min(cuts.get(i), b.length());
            if (i % 3 == 2 && at < b.length()) {
              b.deleteCharAt(at);
            } else {
              b.insert(at, ins.get(i));
            }
          }
          return b.toString();
        }));
  }

  @Property(tries = 2000)
  void mutatedInputOnlyEverThrowsModFileException(@ForAll("mutatedGoMod") String text) {
    for (boolean strict : new boolean[] {true, false}) {
      try {
        ModFile f = strict ? ModFile.parse("go.mod", text) : ModFile.parseLax("go.mod", text.getBytes(UTF_8));
        assertThat(f).isNotNull();
        ModFile.parseLax("go.mod", f.render().getBytes(UTF_8));
      } catch (ModFileException e) {
        assertThat(e.getMessage()).startsWith("go.mod").doesNotContain("\n\n");
      }
    }
  }

  @Property(tries = 1000)
  void randomBytesOnlyEverThrowModFileException(@ForAll byte[] data) {
    try {
      ModFile.parse("go.mod", data);
    } catch (ModFileException e) {
      assertThat(e.problems()).isNotEmpty();
    }
    try {
      ModFile.parseLax("go.mod", data);
    } catch (ModFileException e) {
      assertThat(e.problems()).isNotEmpty();
    }
  }

  @Property(tries = 500)
  void randomTextOnlyEverThrowsModFileException(@ForAll String text) {
    try {
      ModFile.parse("go.mod", text);
    } catch (ModFileException e) {
      assertThat(e.problems()).isNotEmpty();
    }
  }
}
