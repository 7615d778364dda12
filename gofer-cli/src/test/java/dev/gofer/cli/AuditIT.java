package dev.gofer.cli;

import static dev.gofer.cli.HermeticWorld.PRIVATE_PATTERN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.buildinfo.BuildInfoReader;
import dev.gofer.mod.note.Keys;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.FixtureModules.Written;
import dev.gofer.mod.testing.GoCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gofer audit} against a hermetic world: a real Go binary built by the real go command
 * through a gofer serve (which verifies against a test checksum database), then audited through
 * that same gofer: genuine, tampered (the binary's recorded sum patched), unknown (a version the
 * database has never seen), private (by pattern), and a database that cannot be verified.
 */
class AuditIT {
  static final String MAIN = """
      package main

      import (
      	"fmt"

      	_ "example.com/Fixture/Upper"
      	"example.com/fixture/hello/greet"
      	hellov2 "example.com/fixture/hello/v2"
      	"example.com/private/secret"
      )

      func main() { fmt.Println(greet.Greet("audit"), hellov2.Hello(), secret.Secret()) }
      """;

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  @Test
  void auditsAGoBinaryBuiltThroughGoferAgainstTheTestChecksumDatabase() throws Exception {
    assumeTrue(GoCommand.available(), "go is not on PATH");
    assumeTrue(GoferProcess.jarBuilt(), "target/gofer.jar is missing: run through 'mvn verify' (package comes first)");
    try (HermeticWorld world = HermeticWorld.create(tmp.resolve("world"));
        GoferProcess u = GoferProcess.serve(tmp.resolve("logs/u.log"), List.of("--offline", "--data", world.upstreamData.toString()));
        GoferProcess p = GoferProcess.serve(tmp.resolve("logs/p.log"), List.of("--offline", "--data", world.privateData.toString()));
        GoferProcess d = GoferProcess.serve(tmp.resolve("logs/d.log"), List.of(
            "--data", tmp.resolve("d-data").toString(), "--sumdb", world.sumdbFlag(), "--private", PRIVATE_PATTERN,
            "--upstream", u.uri().toString(), "--private-upstream", p.uri().toString()))) {
      Map<String, String> settings = d.exports();
      GoCommand go = HermeticWorld.go(tmp.resolve("go"), settings);
      Path dir = Files.createDirectories(tmp.resolve("prog"));
      Files.writeString(dir.resolve("go.mod"), "module example.com/audit/prog\n\ngo 1.21\n");
      Files.writeString(dir.resolve("main.go"), MAIN);
      ServeEndToEndIT.ok(go.run(dir, "mod", "tidy"));
      ServeEndToEndIT.ok(go.run(dir, "build", "-o", "prog", "."));
      Path prog = dir.resolve("prog");
      Written hello = world.published(w -> HermeticWorld.at(w).equals(FixtureModules.HELLO + "@v1.1.0")).getFirst();

      Map<String, String> env = Map.of("GOSUMDB", world.keys.verifierKey(), "GONOSUMDB", PRIVATE_PATTERN);
      String proxy = d.uri().toString();

      // Genuine: every public module matches; the private one is never asked about.
      int lookupsBefore = world.sumdb.requestsStartingWith("/lookup/example.com/private");
      Run genuine = audit(env, prog.toString(), "--proxy", proxy);
      assertThat(genuine.code()).as(genuine.err()).isZero();
      assertThat(genuine.out())
          .contains("genuine    " + FixtureModules.HELLO + " v1.1.0 " + hello.zipHash() + "\n")
          .contains("genuine    " + FixtureModules.HELLO_V2 + " v2.0.0 ")
          .contains("genuine    " + FixtureModules.UPPER + " v1.0.0 ")
          .contains("private    " + HermeticWorld.SECRET + " v1.0.0 ")
          .endsWith("3 genuine, 0 mismatched, 0 unknown, 1 private (checked against " + HermeticWorld.DB + ")\n");
      assertThat(world.sumdb.requestsStartingWith("/lookup/example.com/private")).isEqualTo(lookupsBefore);

      // The same with GOPROXY from the environment instead of --proxy, as JSON.
      Map<String, String> withProxy = new HashMap<>(env);
      withProxy.put("GOPROXY", proxy);
      Run json = audit(withProxy, prog.toString(), "--json");
      assertThat(json.code()).as(json.err()).isZero();
      assertThat(json.out()).startsWith("{\"file\":").contains("\"mismatch\":false").contains("\"verdict\":\"private\"");

      // Tampered: the binary claims another hash for hello.
      byte[] bin = Files.readAllBytes(prog);
      String forged = "h1:" + "A".repeat(hello.zipHash().length() - 3);
      Path tampered = tmp.resolve("tampered");
      Files.write(tampered, replaceAll(bin, hello.zipHash(), forged));
      Run mismatch = audit(env, tampered.toString(), "--proxy", proxy);
      assertThat(mismatch.code()).as(mismatch.err()).isEqualTo(Gofer.EXIT_PROBLEMS);
      assertThat(mismatch.out()).contains("mismatched " + FixtureModules.HELLO + " v1.1.0 " + forged + "  (" + HermeticWorld.DB + " has " + hello.zipHash() + ")");

      // Unknown: a version the database has never logged.
      Path unknownBin = tmp.resolve("unknown");
      Files.write(unknownBin, replaceAll(bin, FixtureModules.HELLO + "\tv1.1.0\t", FixtureModules.HELLO + "\tv1.1.9\t"));
      assertThat(BuildInfoReader.readFile(unknownBin).deps()).anyMatch(m -> m.version().equals("v1.1.9"));
      Run unknown = audit(env, unknownBin.toString(), "--proxy", proxy);
      assertThat(unknown.code()).as(unknown.err()).isZero();
      assertThat(unknown.out()).contains("unknown    " + FixtureModules.HELLO + " v1.1.9 ").contains("(not in " + HermeticWorld.DB + ")");

      // A database signed by another key does not verify: exit 3, one line.
      Map<String, String> wrongKey = Map.of("GOSUMDB", Keys.generate(HermeticWorld.DB).verifierKey(), "GONOSUMDB", PRIVATE_PATTERN);
      Run unverified = audit(wrongKey, prog.toString(), "--proxy", proxy);
      assertThat(unverified.code()).isEqualTo(Gofer.EXIT_RUNTIME);
      assertThat(unverified.out()).isEmpty();
      assertThat(unverified.err().lines()).hasSize(1);
      assertThat(unverified.err()).startsWith("gofer: audit " + prog + ": checksum database " + HermeticWorld.DB);

      // Nothing listening: exit 3, one line.
      Run unreachable = audit(env, prog.toString(), "--proxy", "http://127.0.0.1:1");
      assertThat(unreachable.code()).isEqualTo(Gofer.EXIT_RUNTIME);
      assertThat(unreachable.err().lines()).hasSize(1);
      assertThat(unreachable.err()).contains("127.0.0.1:1/sumdb/" + HermeticWorld.DB + "/supported");
    }
  }

  /** {@code gofer audit ARGS} in this JVM with {@code env} as its environment. */
  static Run audit(Map<String, String> env, String... args) {
    CommandLine cli = Gofer.commandLine(env, System.err);
    ((AuditCommand) cli.getSubcommands().get("audit").getCommand()).env = env;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "audit";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = cli.execute(all);
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * {@code data} with every occurrence of {@code from} replaced by {@code to} (same length): the
   * linker keeps the module information twice, in the build-info blob and in runtime.modinfo.
   */
  static byte[] replaceAll(byte[] data, String from, String to) {
    byte[] t = to.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(t).hasSize(from.length());
    String s = new String(data, StandardCharsets.ISO_8859_1);
    assertThat(s).as("the binary").contains(from);
    byte[] out = data.clone();
    for (int at = s.indexOf(from); at >= 0; at = s.indexOf(from, at + 1)) {
      System.arraycopy(t, 0, out, at, t.length);
    }
    return out;
  }
}
