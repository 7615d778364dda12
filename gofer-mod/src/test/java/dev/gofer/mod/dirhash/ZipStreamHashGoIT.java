package dev.gofer.mod.dirhash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.GoCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go itself as the judge of the streaming hash: zips made by Go's {@code zip.CreateFromDir} (the
 * writer behind every proxy.golang.org zip: deflate with signed data descriptors) stream to the
 * hash Go's {@code dirhash.HashZip} computes, and for every crafted zip where the fast path is
 * taken, Go computes exactly that hash (a zip Go refuses must never stream). The oracle is built
 * from the golang.org/x/mod vendored in the local Go installation, with the network off.
 */
class ZipStreamHashGoIT {
  @TempDir static Path shared;
  private static Path oracle;

  @TempDir Path tmp;

  @BeforeAll
  static void buildOracle() throws Exception {
    Path work = Files.createDirectories(shared.resolve("oracle"));
    assumeTrue(GoCommand.vendoredXmodModule(work, "ziporacle"), "no go command, or no x/mod vendored in its GOROOT");
    Files.copy(Path.of("src/test/go/ziporacle/main.go"), work.resolve("main.go"));
    oracle = work.resolve("ziporacle");
    run(work, List.of("go", "build", "-o", oracle.toString(), "."));
  }

  private static String run(Path dir, List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    GoCommand.offlineBuildEnv(pb.environment(), shared.resolve("gohome"));
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("%s", cmd).isZero();
    return out;
  }

  /** Go's {@code dirhash.HashZip} of each zip: an h1, or "error: ...". */
  private static List<String> goHash(List<Path> zips) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(oracle.toString(), "hash"));
    zips.forEach(z -> cmd.add(z.toString()));
    List<String> lines = run(shared, cmd).lines().toList();
    assertThat(lines).hasSize(zips.size());
    return lines;
  }

  @Test
  void zipsGoCreatesStreamToTheHashGoComputes() throws Exception {
    List<FixtureModules.Module> modules = new ArrayList<>(FixtureModules.standard());
    modules.add(FixtureModules.greet());
    Random rnd = new Random(7);
    byte[] noise = new byte[200_000];
    rnd.nextBytes(noise);
    List<Path> zips = new ArrayList<>();
    for (FixtureModules.Module m : modules) {
      zips.add(goCreate(m.path(), m.version(), textFiles(m.files())));
    }
    Map<String, byte[]> big = new LinkedHashMap<>();
    big.put("go.mod", "module example.com/big\n\ngo 1.21\n".getBytes(UTF_8));
    big.put("data/noise.bin", noise);
    big.put("data/text.txt", "all work and no play\n".repeat(40_000).getBytes(UTF_8));
    big.put("empty.txt", new byte[0]);
    big.put("a/b/c/deep.go", "package c\n".getBytes(UTF_8));
    zips.add(goCreate("example.com/big", "v1.2.3", big));

    List<String> want = goHash(zips);
    for (int i = 0; i < zips.size(); i++) {
      byte[] bytes = Files.readAllBytes(zips.get(i));
      for (int chunk : new int[] {1, 7, 4096, 65536, bytes.length}) {
        DirHash.ZipHash h = DirHash.hashZip(zips.get(i), ZipStreamHashTest.stream(bytes, chunk));
        assertThat(h.fallback()).as(zips.get(i) + " in writes of " + chunk).isEmpty();
        assertThat(h.h1()).as(zips.get(i).toString()).isEqualTo(want.get(i)).startsWith("h1:");
      }
      assertThat(DirHash.hashZip(zips.get(i))).isEqualTo(want.get(i));
    }
  }

  @Test
  void whereverACraftedZipStreamsGoComputesThatHash() throws Exception {
    List<AdversarialZips.Case> cases = AdversarialZips.all();
    List<Path> zips = written(cases);
    List<String> go = goHash(zips);
    int streamed = 0;
    for (int i = 0; i < cases.size(); i++) {
      for (int chunk : new int[] {1, 4096}) {
        String ours;
        boolean fast = false;
        try {
          ZipStreamHash s = ZipStreamHashTest.stream(cases.get(i).zip(), chunk);
          DirHash.ZipHash h = DirHash.hashZip(zips.get(i), s);
          ours = h.h1();
          fast = h.streamed();
        } catch (DirHashException e) {
          ours = "refused";
        }
        if (fast) {
          assertThat(go.get(i)).as(cases.get(i).name()).isEqualTo(ours);
          streamed++;
        }
      }
    }
    long streaming = cases.stream().filter(AdversarialZips.Case::streams).count();
    assertThat(streamed).isEqualTo(2 * streaming);
  }

  /**
   * The full pass (every zip the stream could not vouch for) against Go on every crafted zip: a
   * zip Go's {@code dirhash.HashZip} refuses is refused, since the go command would refuse it
   * after gofer had stored and served it; a zip Go hashes gets Go's hash, or a refusal where
   * gofer is deliberately stricter (an entry name twice, which Go hashes as the last entry's
   * content twice).
   */
  @Test
  void theFullPassRefusesEveryCraftedZipGoRefusesAndElseAgreesWithGo() throws Exception {
    List<AdversarialZips.Case> cases = AdversarialZips.all();
    List<Path> zips = written(cases);
    List<String> go = goHash(zips);
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      String ours;
      try {
        ours = DirHash.hashZip(zips.get(i));
      } catch (DirHashException e) {
        ours = "refused: " + e.getMessage();
      }
      boolean goRefuses = !go.get(i).startsWith("h1:");
      boolean weRefuse = ours.startsWith("refused");
      if (goRefuses ? !weRefuse : !(weRefuse ? cases.get(i).name().equals("duplicate names") : ours.equals(go.get(i)))) {
        disagreements.add(cases.get(i).name() + ": go " + go.get(i) + ", gofer " + ours);
      }
    }
    assertThat(disagreements).isEmpty();
  }

  /** Each case's zip, written to a file of its own. */
  private List<Path> written(List<AdversarialZips.Case> cases) throws IOException {
    List<Path> zips = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      zips.add(Files.write(tmp.resolve("case" + i + ".zip"), cases.get(i).zip()));
    }
    return zips;
  }

  private static Map<String, byte[]> textFiles(Map<String, String> files) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    files.forEach((k, v) -> m.put(k, v.getBytes(UTF_8)));
    return m;
  }

  private Path goCreate(String path, String version, Map<String, byte[]> files) throws Exception {
    Path dir = tmp.resolve("src").resolve(FixtureModules.escape(path + "@" + version));
    for (var f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
    Path zip = tmp.resolve(FixtureModules.escape(path).replace('/', '_') + "@" + version + ".zip");
    run(tmp, List.of(oracle.toString(), "create", zip.toString(), path, version, dir.toString()));
    return zip;
  }
}
