package dev.gofer.proxy.mirror;

import static dev.gofer.mod.testing.FixtureModules.HELLO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.note.Keys;
import dev.gofer.mod.note.Note;
import dev.gofer.mod.note.Signer;
import dev.gofer.mod.sumdb.Log;
import dev.gofer.mod.sumdb.LogRecord;
import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.tlog.Tile;
import dev.gofer.mod.zip.ModuleZip;
import dev.gofer.mod.zip.SourceFile;
import dev.gofer.proxy.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tampered archive is refused whole, with one line, and the store is left exactly as it was:
 * damage the manifest catches, and alterations made by someone who also rewrote the manifest
 * (another zip, a forged lookup, a head signed by another key, a forked log), unsafe names.
 */
class MirrorImportIT {
  static final String HELLO_ZIP = "cache/download/example.com/fixture/hello/@v/v1.1.0.zip";
  static final String HELLO_ZIPHASH = "cache/download/example.com/fixture/hello/@v/v1.1.0.ziphash";
  static final String HELLO_LOOKUP = ArchiveEntry.SUMDB + AirGap.NAME + "/lookup/example.com/fixture/hello@v1.1.0";
  static final String HEAD = ArchiveEntry.STATE_SUMDB + AirGap.NAME + "/latest";

  @TempDir static Path shared;
  static AirGap world;
  static Path genuine;

  @TempDir Path tmp;

  @BeforeAll
  static void genuineArchive() throws Exception {
    world = new AirGap(shared.resolve("world"));
    world.growLog();
    Store online = Store.open(shared.resolve("online"));
    try (AirGap.Syncer s = world.syncer(online)) {
      SyncReport r = s.run(world.goSum("all.sum", world.fixtures));
      assertThat(r.ok()).as(r.text()).isTrue();
    }
    genuine = shared.resolve("genuine.zip");
    new MirrorExport(online).export(genuine, Optional.empty());
    world.stopNetwork();
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  private MirrorImport importer(Store store) {
    return new MirrorImport(store, List.of(world.keys.verifierKey()), PrefixPatterns.parse(""));
  }

  /** Imports {@code archive} into {@code store}, expects a refusal mentioning {@code why}, and no change. */
  private void refused(Store store, Path archive, String why) throws Exception {
    List<String> before = AirGap.tree(store.data());
    assertThatThrownBy(() -> importer(store).importArchive(archive))
        .isInstanceOf(MirrorImport.RefusedException.class)
        .hasMessageContaining(why)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(AirGap.tree(store.data())).isEqualTo(before);
  }

  private Path edited(ArchiveEdit e) throws Exception {
    Path p = Files.createTempFile(tmp, "edited", ".zip");
    e.write(p);
    return p;
  }

  @Test
  void theGenuineArchiveImportsIntoAnEmptyStore() throws Exception {
    Store store = Store.open(tmp.resolve("data"));
    MirrorImport.Result r = importer(store).importArchive(genuine);
    assertThat(r.versions()).isEqualTo(world.fixtures.size());
    assertThat(store.file(HELLO, "v1.1.0", "zip")).isRegularFile();
    assertThat(Files.readString(store.list(HELLO))).isEqualTo("v1.0.0\nv1.1.0\n");
  }

  @Test
  void oneChangedByteInAZipIsCaughtByTheManifest() throws Exception {
    refused(Store.open(tmp.resolve("data")), edited(ArchiveEdit.read(genuine).flip(HELLO_ZIP)), "does not match the manifest");
  }

  @Test
  void oneChangedByteInAZipWithARewrittenManifestIsCaughtByTheChecksumDatabase() throws Exception {
    ArchiveEdit e = ArchiveEdit.read(genuine);
    e.put(HELLO_ZIP, flipFirstFileData(e.get(HELLO_ZIP)));
    refused(Store.open(tmp.resolve("data")), edited(e.fixManifest()), HELLO + "@v1.1.0");
  }

  @Test
  void anotherValidZipWithAMatchingZiphashIsAChecksumMismatch() throws Exception {
    Path evil = tmp.resolve("evil.zip");
    try (var out = Files.newOutputStream(evil)) {
      ModuleZip.create(out, HELLO, "v1.1.0", List.of(
          SourceFile.of("go.mod", ("module " + HELLO + "\n\ngo 1.21\n").getBytes(StandardCharsets.UTF_8)),
          SourceFile.of("hello.go", "package hello\n\nfunc Hello() string { return \"pwned\" }\n".getBytes(StandardCharsets.UTF_8))));
    }
    ArchiveEdit e = ArchiveEdit.read(genuine)
        .put(HELLO_ZIP, Files.readAllBytes(evil))
        .put(HELLO_ZIPHASH, DirHash.hashZip(evil).getBytes(StandardCharsets.UTF_8));
    refused(Store.open(tmp.resolve("data")), edited(e.fixManifest()), "checksum mismatch");
  }

  @Test
  void aForgedLookupDoesNotVerify() throws Exception {
    ArchiveEdit e = ArchiveEdit.read(genuine);
    String lookup = new String(e.get(HELLO_LOOKUP), StandardCharsets.UTF_8);
    String zipHash = world.fixture(HELLO, "v1.1.0").zipHash();
    assertThat(lookup).contains(zipHash);
    e.put(HELLO_LOOKUP, lookup.replace(zipHash, AirGap.fakeHash("forged")).getBytes(StandardCharsets.UTF_8));
    refused(Store.open(tmp.resolve("data")), edited(e.fixManifest()), "lookup of " + HELLO + "@v1.1.0 does not verify");
  }

  @Test
  void aHeadSignedByAnotherKeyOfTheSameNameDoesNotVerify() throws Exception {
    ArchiveEdit e = ArchiveEdit.read(genuine);
    String head = new String(e.get(HEAD), StandardCharsets.UTF_8);
    String text = head.substring(0, head.indexOf("\n\n") + 1);
    Signer other = Signer.parse(Keys.generate(AirGap.NAME).signerKey());
    e.put(HEAD, Note.of(text).sign(other));
    refused(Store.open(tmp.resolve("data")), edited(e.fixManifest()), "tree head does not verify");
  }

  @Test
  void aForkedLogIsRefusedByAStoreThatKnowsTheRealOne() throws Exception {
    Log fork = Log.inMemory(world.keys.signerKey(), 8);
    List<LogRecord> records = AirGap.fillers(5000, AirGap.FILLERS + 20);
    for (FixtureModules.Written w : world.fixtures) {
      records.add(AirGap.record(w));
    }
    fork.append(records);
    ArchiveEdit e = ArchiveEdit.read(genuine).remove(n -> n.startsWith(ArchiveEntry.SUMDB) || n.startsWith(ArchiveEntry.STATE_SUMDB));
    e.put(HEAD, fork.signed().note());
    for (FixtureModules.Written w : world.fixtures) {
      e.put(ArchiveEntry.SUMDB + AirGap.NAME + "/lookup/" + FixtureModules.escape(w.module().path()) + "@" + w.module().version(),
          fork.lookup(w.module().path(), w.module().version()));
    }
    for (Tile t : Tile.newTiles(8, 0, fork.size())) {
      e.put(ArchiveEntry.SUMDB + AirGap.NAME + "/" + t.path(), fork.tile(t));
    }
    Path forked = edited(e.fixManifest());

    // On its own the forked log is consistent: a store that never saw the real one accepts it.
    importer(Store.open(tmp.resolve("naive"))).importArchive(forked);

    Store store = Store.open(tmp.resolve("data"));
    importer(store).importArchive(genuine);
    refused(store, forked, "a forked log");
  }

  @Test
  void unsafeAndUnexpectedNamesAreRefused() throws Exception {
    Store store = Store.open(tmp.resolve("data"));
    refused(store, edited(ArchiveEdit.read(genuine).put("../escape", new byte[] {1})), "unsafe entry name");
    refused(store, edited(ArchiveEdit.read(genuine).put("/etc/passwd", new byte[] {1})), "unsafe entry name");
    refused(store, edited(ArchiveEdit.read(genuine).put("cache/download/x/../../../y", new byte[] {1})), "unsafe entry name");
    refused(store, edited(ArchiveEdit.read(genuine).put("cache/download/sumdb/" + AirGap.NAME + "/lookup/a@v1.0.0", new byte[] {1})), "not in the manifest");
    refused(store, edited(ArchiveEdit.read(genuine).put("state/gofer.toml", new byte[] {1}).fixManifest()), "unexpected entry");
    refused(store, edited(ArchiveEdit.read(genuine).remove(n -> n.equals(Manifest.NAME))), "no gofer-mirror.json manifest");
  }

  @Test
  void anArchiveOfAnUnconfiguredDatabaseIsRefused() throws Exception {
    Store store = Store.open(tmp.resolve("data"));
    List<String> before = AirGap.tree(store.data());
    MirrorImport sumGolangOrgOnly =
        new MirrorImport(store, List.of("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"), PrefixPatterns.parse(""));
    assertThatThrownBy(() -> sumGolangOrgOnly.importArchive(genuine)).hasMessageContaining("which is not configured");
    assertThat(AirGap.tree(store.data())).isEqualTo(before);
  }

  @Test
  void notAZipIsRefused() throws Exception {
    Path junk = Files.writeString(tmp.resolve("junk.zip"), "this is not a zip archive\n");
    refused(Store.open(tmp.resolve("data")), junk, "refusing junk.zip");
  }

  /**
   * Flips a bit in the (compressed) data of a zip's first file, not in a header field outside
   * what {@code h1:} covers (a timestamp, say, changes nothing the go command checks either).
   */
  static byte[] flipFirstFileData(byte[] zip) {
    byte[] b = zip.clone();
    int nameLen = (b[26] & 0xff) | (b[27] & 0xff) << 8;
    int extraLen = (b[28] & 0xff) | (b[29] & 0xff) << 8;
    b[30 + nameLen + extraLen + 1] ^= 1;
    return b;
  }
}
