package dev.gofer.proxy.modules;

import static dev.gofer.proxy.modules.Harness.HELLO;
import static dev.gofer.proxy.modules.Harness.PRIVATE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.proxy.http.Answer;
import dev.gofer.proxy.modules.StoreVerifier.Problem;
import dev.gofer.proxy.modules.StoreVerifier.Problem.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gofer verify}: a store filled by the fetch path, then damaged in every way it reports. */
class StoreVerifierTest {
  @TempDir Path tmp;

  private static final PrefixPatterns PRIVATE_PATTERNS = PrefixPatterns.parse("example.com/private");

  /** Fills the store with every fixture version and the private module. */
  private static void fill(Harness h) throws java.io.IOException {
    for (FixtureModules.Written w : h.fixtures) {
      assertThat(Harness.body(h.modules.zip(w.module().path(), w.module().version()))).isNotEmpty();
    }
    assertThat(Harness.body(h.modules.zip(PRIVATE, "v1.0.0"))).isNotEmpty();
    h.modules.awaitBackground(); // the zips are published behind their answers
  }

  private static String rel(Harness h, String module, String version, String ext) {
    return h.store.data().relativize(h.store.file(module, version, ext)).toString();
  }

  @Test
  void aStoreFilledByTheFetchPathVerifiesClean() throws Exception {
    try (Harness h = Harness.start(tmp, o -> o, true)) {
      fill(h);
      int lookups = h.verifier.lookups().size();

      StoreVerifier.Report r = new StoreVerifier(h.store, h.verifier, PRIVATE_PATTERNS).verify(false);

      assertThat(r.problems()).isEmpty();
      assertThat(r.clean()).isTrue();
      assertThat(r.modules()).isEqualTo(5);
      assertThat(r.versions()).isEqualTo(6);
      assertThat(r.privateVersions()).isEqualTo(1);
      assertThat(r.filesChecked()).isEqualTo(5 * 2 + 1);
      assertThat(h.verifier.lookups().subList(lookups, h.verifier.lookups().size()))
          .hasSize(5)
          .noneMatch(l -> l.startsWith(PRIVATE));
    }
  }

  @Test
  void damageIsReportedAndQuarantineMovesExactlyTheBadFilesAside() throws Exception {
    try (Harness h = Harness.start(tmp, o -> o, true)) {
      fill(h);
      String app = FixtureModules.APP;
      // a zip with other content, a changed go.mod, a .zip left without its .mod, a corrupt zip,
      // a version the database does not know, and a private zip whose .ziphash disagrees
      Files.copy(h.evilFile("zip"), h.store.file(HELLO, "v1.1.0", "zip"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(h.store.file(app, "v1.0.0", "mod"), "module " + app + "\n\ngo 1.21\n// changed\n");
      Files.delete(h.store.file(HELLO, "v1.0.0", "mod"));
      Files.writeString(h.store.file(FixtureModules.UPPER, "v1.0.0", "zip"), "PK garbage");
      MapVerifier partial = MapVerifier.of(h.fixtures.stream().filter(w -> !w.module().path().equals(FixtureModules.HELLO_V2)).toList());
      Files.writeString(h.store.file(PRIVATE, "v1.0.0", "ziphash"), "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

      StoreVerifier verifier = new StoreVerifier(h.store, partial, PRIVATE_PATTERNS);
      StoreVerifier.Report r = verifier.verify(false);

      Map<String, Kind> byFile = r.problems().stream().collect(Collectors.toMap(Problem::file, Problem::kind, (a, b) -> a));
      assertThat(byFile)
          .containsEntry(rel(h, HELLO, "v1.1.0", "zip"), Kind.MISMATCH)
          .containsEntry(rel(h, app, "v1.0.0", "mod"), Kind.MISMATCH)
          .containsEntry(rel(h, HELLO, "v1.0.0", "zip"), Kind.INCOMPLETE)
          .containsEntry(rel(h, FixtureModules.UPPER, "v1.0.0", "zip"), Kind.INVALID_ZIP)
          .containsEntry(rel(h, FixtureModules.HELLO_V2, "v2.0.0", "mod"), Kind.NOT_IN_CHECKSUM_DATABASE)
          .containsEntry(rel(h, FixtureModules.HELLO_V2, "v2.0.0", "zip"), Kind.NOT_IN_CHECKSUM_DATABASE)
          .containsEntry(rel(h, PRIVATE, "v1.0.0", "zip"), Kind.MISMATCH)
          .hasSize(7);
      assertThat(r.problems()).noneMatch(Problem::quarantined);
      assertThat(h.store.file(HELLO, "v1.1.0", "zip")).exists();
      assertThat(r.text()).contains("mismatch: cache/download/").contains("7 problems, 0 files quarantined");
      JsonNode json = new ObjectMapper().readTree(r.json());
      assertThat(json.get("clean").asBoolean()).isFalse();
      assertThat(json.get("problems")).hasSize(7);

      StoreVerifier.Report q = verifier.verify(true);

      assertThat(q.quarantined()).isEqualTo(6); // everything but the incomplete version
      Path quarantine = h.store.data().resolve("quarantine");
      for (String moved : List.of(
          rel(h, HELLO, "v1.1.0", "zip"), rel(h, HELLO, "v1.1.0", "ziphash"),
          rel(h, app, "v1.0.0", "mod"),
          rel(h, FixtureModules.UPPER, "v1.0.0", "zip"),
          rel(h, FixtureModules.HELLO_V2, "v2.0.0", "mod"), rel(h, FixtureModules.HELLO_V2, "v2.0.0", "zip"),
          rel(h, PRIVATE, "v1.0.0", "zip"), rel(h, PRIVATE, "v1.0.0", "ziphash"))) {
        assertThat(quarantine.resolve(moved)).as(moved).exists();
        assertThat(h.store.data().resolve(moved)).as(moved).doesNotExist();
      }
      assertThat(h.store.file(HELLO, "v1.1.0", "mod")).exists();
      assertThat(Files.readString(h.store.list(app))).isEmpty();
      assertThat(h.store.file(HELLO, "v1.0.0", "zip")).exists();

      // what is left verifies, apart from versions that are incomplete
      StoreVerifier.Report again = verifier.verify(true);
      assertThat(again.problems()).extracting(Problem::kind).containsOnly(Kind.INCOMPLETE);
      assertThat(again.quarantined()).isZero();
    }
  }

  @Test
  void aDatabaseThatCannotAnswerDecidesNothing() throws Exception {
    try (Harness h = Harness.start(tmp)) {
      for (FixtureModules.Written w : h.fixtures) {
        h.modules.zip(w.module().path(), w.module().version());
      }
      List<String> before = h.storedFiles();
      h.verifier.failWith(new ChecksumVerifier.ChecksumDatabaseException("no network"));

      StoreVerifier.Report r = new StoreVerifier(h.store, h.verifier, PRIVATE_PATTERNS).verify(true);

      assertThat(r.problems()).hasSize(5).extracting(Problem::kind).containsOnly(Kind.UNCHECKED);
      assertThat(r.quarantined()).isZero();
      assertThat(h.storedFiles()).isEqualTo(before);
    }
  }
}
