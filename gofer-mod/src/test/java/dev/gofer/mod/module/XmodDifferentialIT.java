package dev.gofer.mod.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.semver.Pseudo;
import dev.gofer.mod.semver.Semver;
import dev.gofer.mod.testing.GoCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs thousands of generated and mutated strings through the real golang.org/x/mod (the copy
 * vendored in the local Go installation's {@code src/cmd/vendor}, built in a temp directory with
 * the network off) and through this package, and requires identical answers, error messages
 * included, for the path checks, escaping, semver canonical form and order, pseudo-version
 * recognition, {@code Check} and {@code MatchPrefixPatterns}.
 */
class XmodDifferentialIT {
  private static final String[] SEEDS = {
    "github.com/!google!cloud!platform/omega", "github.com/GoogleCloudPlatform/omega",
    "gopkg.in/yaml.v2", "rsc.io/quote/v3", "x.y/z/v1", "gopkg.in/check.v1-unstable",
    "v1.2.3-pre.0.20191109021931-daa7c04131f5+incompatible",
    "v0.0.0-20191109021931-daa7c04131f5", "v1.2.3", "v2.0.0+incompatible", "v1.0.0-RC1",
    "v1.2.4-0.20191109021931-abc", "*/quote,rsc.io/[a-z]*", "rsc.io/[^x]uo?e", "[,*/q", "r*/\\q*",
    "x.y/aux.foo", ".gitignore", "x.y/z~09", "-x/y", "a/!b", "com1.txt",
  };
  private static final String ALPHABET =
      "abcxyzABCXYZ0123456789-._~!/+@*?[]^\\,:% \t\"'\u00e9\u03a9\u263a\u00ff\u007f\u200b\uD83D\uDE00";

  @TempDir Path tmp;

  @Test
  void agreesWithXmod() throws Exception {
    Path oracle = buildOracle();
    List<String> inputs = inputs();
    Path in = tmp.resolve("in.txt");
    StringBuilder b = new StringBuilder();
    for (String s : inputs) {
      b.append(goQuote(s)).append('\n');
    }
    Files.writeString(in, b);
    List<String> lines = run(List.of(oracle.toString()), in).lines().toList();
    assertThat(lines).hasSize(inputs.size());

    List<String> mismatches = new ArrayList<>();
    for (int k = 0; k < lines.size(); k++) {
      String[] f = lines.get(k).split("\t");
      String s = inputs.get(k);
      String[] ours = ours(s);
      assertThat(f).hasSize(ours.length + 1);
      for (int i = 0; i < ours.length; i++) {
        String go = goUnquote(f[i + 1]);
        if (i == 9 && !s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
          continue; // Go prints the version with %s; we quote unprintable ones to keep one line
        }
        if (!go.equals(ours[i])) {
          mismatches.add("field " + i + " of " + f[0] + ": go=" + go + " java=" + ours[i]);
        }
      }
    }
    assertThat(mismatches).as("%d inputs", inputs.size()).isEmpty();
  }

  private static String[] ours(String s) {
    return new String[] {
      err(() -> ModulePath.check(s)),
      err(() -> ModulePath.checkImportPath(s)),
      err(() -> ModulePath.checkFilePath(s)),
      value(() -> ModulePath.escape(s)),
      value(() -> ModulePath.unescape(s)),
      value(() -> ModulePath.escapeVersion(s)),
      value(() -> ModulePath.unescapeVersion(s)),
      Semver.canonical(s),
      String.valueOf(Pseudo.isPseudo(s)),
      err(() -> ModulePath.checkPathVersion("rsc.io/quote", s)),
      String.valueOf(Semver.compare(s, "v1.2.3-pre")),
      Semver.majorMinor(s),
      String.valueOf(PrefixPatterns.matches(s, "rsc.io/quote/v3")),
    };
  }

  private static String err(Runnable r) {
    try {
      r.run();
      return "OK";
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  private static String value(Supplier<String> f) {
    try {
      return f.get() + "|OK";
    } catch (RuntimeException e) {
      return "|" + e.getMessage();
    }
  }

  private static List<String> inputs() {
    Random rnd = new Random(20240601);
    int[] alphabet = ALPHABET.codePoints().toArray();
    Set<String> out = new LinkedHashSet<>(List.of(SEEDS));
    for (int n = 0; n < 6000; n++) {
      StringBuilder s = new StringBuilder(SEEDS[rnd.nextInt(SEEDS.length)]);
      for (int m = 1 + rnd.nextInt(3); m > 0; m--) {
        int k = rnd.nextInt(s.length() + 1);
        while (k > 0 && k < s.length() && Character.isLowSurrogate(s.charAt(k))) {
          k--;
        }
        String c = Character.toString(alphabet[rnd.nextInt(alphabet.length)]);
        double op = rnd.nextDouble();
        if (op < 0.4) {
          s.insert(k, c);
        } else if (k < s.length()) {
          s.delete(k, k + Character.charCount(s.codePointAt(k)));
          if (op < 0.7) {
            s.insert(k, c);
          }
        }
      }
      out.add(s.toString());
    }
    for (int n = 0; n < 2000; n++) {
      StringBuilder s = new StringBuilder();
      for (int m = rnd.nextInt(13); m > 0; m--) {
        s.appendCodePoint(alphabet[rnd.nextInt(alphabet.length)]);
      }
      out.add(s.toString());
    }
    return new ArrayList<>(out);
  }

  // ---- building and running the oracle

  private Path buildOracle() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("oracle"));
    assumeTrue(GoCommand.vendoredXmodModule(work, "xdiff"), "skipped: no go command, or no x/mod vendored in its GOROOT");
    try (InputStream main = getClass().getResourceAsStream("xmod_oracle.go.txt")) {
      Files.write(work.resolve("main.go"), main.readAllBytes());
    }
    Path bin = work.resolve("oracle");
    ProcessBuilder pb = new ProcessBuilder("go", "build", "-o", bin.toString(), ".").directory(work.toFile());
    goEnv(pb.environment());
    exec(pb, null);
    return bin;
  }

  private void goEnv(Map<String, String> env) throws IOException {
    GoCommand.offlineBuildEnv(env, Files.createDirectories(tmp.resolve("gohome")));
  }

  private String run(List<String> cmd, Path stdin) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    goEnv(pb.environment());
    return exec(pb, stdin);
  }

  private static String exec(ProcessBuilder pb, Path stdin) throws Exception {
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("%s", pb.command()).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  // ---- Go string literals

  private static String goQuote(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            cp -> {
              if (cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\') {
                b.append((char) cp);
              } else if (cp < 0x10000) {
                b.append(String.format("\\u%04x", cp));
              } else {
                b.append(String.format("\\U%08x", cp));
              }
            });
    return b.append('"').toString();
  }

  private static String goUnquote(String q) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < q.length() - 1; i++) {
      char c = q.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char d = q.charAt(++i);
      switch (d) {
        case 'a' -> b.append('\u0007');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'v' -> b.append('\u000b');
        case 'x' -> {
          b.append((char) Integer.parseInt(q, i + 1, i + 3, 16));
          i += 2;
        }
        case 'u' -> {
          b.append((char) Integer.parseInt(q, i + 1, i + 5, 16));
          i += 4;
        }
        case 'U' -> {
          b.appendCodePoint(Integer.parseInt(q, i + 1, i + 9, 16));
          i += 8;
        }
        default -> b.append(d);
      }
    }
    return b.toString();
  }
}
