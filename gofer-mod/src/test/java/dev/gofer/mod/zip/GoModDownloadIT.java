package dev.gofer.mod.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.FixtureModules.Written;
import dev.gofer.mod.testing.GoCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real go command downloads fixture modules made by {@link ModuleZip#create} from a {@code
 * file://} GOPROXY and reports exactly the hashes {@link DirHash} computes.
 */
class GoModDownloadIT {
  @TempDir Path tmp;

  @Test
  void goAgreesOnEveryHash() throws Exception {
    assumeTrue(GoCommand.available(), "no go command on PATH");
    Path proxy = tmp.resolve("proxy");
    List<Written> written = FixtureModules.writeProxyTree(proxy, FixtureModules.standard());
    GoCommand go = GoCommand.hermetic(tmp.resolve("go"), "file://" + proxy, Map.of("GOSUMDB", "off"));
    ObjectMapper json = new ObjectMapper();
    for (Written w : written) {
      String mv = w.module().path() + "@" + w.module().version();
      GoCommand.Result r = go.run(tmp, "mod", "download", "-json", mv);
      assertThat(r.exitCode()).as(mv + ": " + r.stderr() + r.stdout()).isZero();
      JsonNode info = json.readTree(r.stdout());
      assertThat(info.get("Sum").asText()).as(mv).isEqualTo(w.zipHash());
      assertThat(info.get("GoModSum").asText()).as(mv).isEqualTo(w.goModHash());
      Path dir = Path.of(info.get("Dir").asText());
      assertThat(DirHash.hashDir(dir, mv)).as(mv).isEqualTo(w.zipHash());
      // go's cached copy of the zip is byte-for-byte ours, and extracts to the same content
      Path cachedZip = Path.of(info.get("Zip").asText());
      assertThat(Files.mismatch(cachedZip, w.zip())).isEqualTo(-1L);
      Path ours = tmp.resolve("unzip").resolve(FixtureModules.escape(mv));
      ModuleZip.unzip(ours, w.module().path(), w.module().version(), cachedZip);
      assertThat(DirHash.hashDir(ours, mv)).isEqualTo(w.zipHash());
      assertThat(Files.readString(cachedZip.resolveSibling(
          FixtureModules.escape(w.module().version()) + ".ziphash"))).isEqualTo(w.zipHash());
    }
  }

  @Test
  void goBuildsTheAppAgainstItsFixtureDependency() throws Exception {
    assumeTrue(GoCommand.available(), "no go command on PATH");
    Path proxy = tmp.resolve("proxy");
    List<Written> written = FixtureModules.writeProxyTree(proxy, FixtureModules.standard());
    GoCommand go = GoCommand.hermetic(tmp.resolve("go"), "file://" + proxy, Map.of("GOSUMDB", "off"));
    Path main = Files.createDirectories(tmp.resolve("main"));
    Files.writeString(main.resolve("go.mod"), "module example.com/main\n\ngo 1.21\n");
    Files.writeString(main.resolve("main.go"), "package main\n\nimport (\n\t\"fmt\"\n\n\t\""
        + FixtureModules.HELLO + "/greet\"\n\thello2 \"" + FixtureModules.HELLO_V2
        + "\"\n)\n\nfunc main() { fmt.Println(greet.Greet(\"it\"), hello2.Hello()) }\n");
    GoCommand.Result get = go.run(main, "get", FixtureModules.APP + "@v1.0.0",
        FixtureModules.HELLO_V2 + "@v2.0.0");
    assertThat(get.exitCode()).as(get.stderr()).isZero();
    GoCommand.Result tidy = go.run(main, "mod", "tidy");
    assertThat(tidy.exitCode()).as(tidy.stderr()).isZero();
    GoCommand.Result run = go.run(main, "run", ".");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).isEqualTo("hello v1.1.0, it hello, v2\n");
    String goSum = Files.readString(main.resolve("go.sum"));
    for (Written w : written) {
      if (w.module().path().equals(FixtureModules.HELLO) && w.module().version().equals("v1.1.0")
          || w.module().path().equals(FixtureModules.HELLO_V2)) {
        assertThat(goSum).contains(w.goSumLines());
      }
    }
  }
}
