package dev.gofer.proxy.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.mod.ModException;
import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.sumdb.Client;
import dev.gofer.mod.sumdb.ClientStore;
import dev.gofer.mod.sumdb.SignedTree;
import dev.gofer.mod.tlog.Record;
import dev.gofer.mod.zip.ModuleZip;
import dev.gofer.proxy.modules.OnlineModules;
import dev.gofer.proxy.modules.StoreModules;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code gofer mirror import FILE}: brings an archive written by {@link MirrorExport} into a
 * store, verifying everything before publishing anything.
 *
 * <ol>
 *   <li>Unpack into a staging directory inside the data directory ({@link Staging}: safe names,
 *       size caps).
 *   <li>Check the {@link Manifest}: exactly the staged entries, with their sizes and SHA-256.
 *   <li>Per checksum database (each must be configured with its verifier key): the archive's
 *       signed head verifies and is consistent with the store's head; every tile and every lookup
 *       is proven against the latest head ({@link ArchiveProof}).
 *   <li>Every {@code .mod} and {@code .zip} hashes ({@code h1:}) to the line of its verified
 *       lookup (from the archive, or already in the store); a zip also passes the module zip
 *       rules, a {@code .ziphash} must match its zip, an {@code .info} must name its version.
 *       Private modules (never in a public database) are checked against their {@code .ziphash}.
 *   <li>Only then: tiles, lookups, module files ({@code .zip} last) are published
 *       one by one atomically, files already in the store are kept, each module's {@code list}
 *       is rewritten, and the head is merged into the store's persisted one.
 * </ol>
 *
 * <p>Any failure in steps 1–4 refuses the whole archive with one line and leaves the store as it
 * was (the staging directory is removed).
 */
public final class MirrorImport {

  /** The archive was refused; the store is unchanged. */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What was imported.
   *
   * @param versions module versions in the archive
   * @param published files newly published in the store (module files, lookups, tiles)
   * @param present files that were already in the store and kept
   * @param heads per database, the persisted tree size after the import
   */
  public record Result(int versions, int published, int present, Map<String, Long> heads) {
    public String text() {
      StringBuilder b = new StringBuilder();
      b.append("imported %d versions: %d files published, %d already present%n".formatted(versions, published, present));
      heads.forEach((db, n) -> b.append("checksum database %s: tree size %d%n".formatted(db, n)));
      return b.toString();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final Map<String, String> keys;
  private final PrefixPatterns privatePatterns;
  private final Staging.Limits limits;

  /**
   * An importer into {@code store}.
   *
   * @param verifierKeys the configured checksum databases' verifier keys ({@code
   *     <name>+<hash>+<key>}); an archive holding another database is refused
   * @param privatePatterns modules checked against their {@code .ziphash} only (GOPRIVATE syntax)
   */
  public MirrorImport(Store store, List<String> verifierKeys, PrefixPatterns privatePatterns) {
    this(store, verifierKeys, privatePatterns, Staging.Limits.defaults());
  }

  MirrorImport(Store store, List<String> verifierKeys, PrefixPatterns privatePatterns, Staging.Limits limits) {
    this.store = Objects.requireNonNull(store, "store");
    this.keys = new LinkedHashMap<>();
    for (String k : verifierKeys) {
      String key = k.strip();
      keys.put(dev.gofer.mod.note.Verifier.parse(key).name(), key);
    }
    this.privatePatterns = Objects.requireNonNull(privatePatterns, "privatePatterns");
    this.limits = limits;
  }

  /**
   * Verifies and imports {@code archive}.
   *
   * @throws RefusedException if anything in it does not verify (the store is unchanged)
   * @throws IOException if the archive or the store cannot be read or written
   */
  public Result importArchive(Path archive) throws IOException, RefusedException {
    if (!Files.isRegularFile(archive)) {
      throw new java.nio.file.NoSuchFileException(archive.toString(), null, "no such archive");
    }
    Path work = Files.createTempDirectory(store.data(), "import.tmp-");
    try {
      Verified v;
      try {
        Staging staging = Staging.unpack(archive, Files.createDirectory(work.resolve("archive")), limits);
        v = verify(staging, work.resolve("proof"));
      } catch (Staging.Refused e) {
        throw new RefusedException("refusing " + archive.getFileName() + ": " + e.getMessage());
      }
      return publish(v);
    } finally {
      Staging.deleteTree(work);
    }
  }

  // --- verification ----------------------------------------------------------------------------

  /** Everything checked, ready to publish. */
  private record Verified(
      Staging staging,
      Map<String, ArchiveProof> proofs,
      Map<String, List<String>> tiles,
      Map<String, List<ArchiveEntry.Lookup>> lookups,
      Map<String, Map<String, String>> versionFiles) {}

  private Verified verify(Staging staging, Path proofDir) throws Staging.Refused, IOException {
    Manifest manifest = manifest(staging);
    List<String> dbNames = manifest.databases().stream().map(Manifest.Database::name).toList();
    Map<String, ArchiveEntry> classified = new LinkedHashMap<>();
    for (String name : staging.entries().keySet()) {
      try {
        classified.put(name, ArchiveEntry.classify(name, dbNames));
      } catch (IllegalArgumentException e) {
        throw new Staging.Refused(e.getMessage());
      }
    }

    Map<String, ArchiveProof> proofs = new LinkedHashMap<>();
    Map<String, List<String>> tiles = new LinkedHashMap<>();
    Map<String, List<ArchiveEntry.Lookup>> lookups = new LinkedHashMap<>();
    Map<String, String> verifiedLines = new HashMap<>();
    for (Manifest.Database db : manifest.databases()) {
      String key = keys.get(db.name());
      if (key == null) {
        throw new Staging.Refused(
            "the archive holds checksum database " + db.name() + ", which is not configured (configured: " + String.join(", ", keys.keySet()) + ")");
      }
      String headName = ArchiveEntry.STATE_SUMDB + db.name() + "/latest";
      if (!staging.entries().containsKey(headName)) {
        throw new Staging.Refused("checksum database " + db.name() + ": the archive has no tree head");
      }
      byte[] head = Files.readAllBytes(staging.file(headName));
      if (!db.latest().equals(new String(head, StandardCharsets.UTF_8))) {
        throw new Staging.Refused("checksum database " + db.name() + ": the manifest's tree head differs from " + headName);
      }
      List<ArchiveEntry.TileEntry> dbTiles = new ArrayList<>();
      List<ArchiveEntry.Lookup> dbLookups = new ArrayList<>();
      for (ArchiveEntry e : classified.values()) {
        if (e instanceof ArchiveEntry.TileEntry t && t.db().equals(db.name())) {
          dbTiles.add(t);
        } else if (e instanceof ArchiveEntry.Lookup l && l.db().equals(db.name())) {
          dbLookups.add(l);
        }
      }
      int height = dbTiles.isEmpty() ? Client.DEFAULT_TILE_HEIGHT : dbTiles.get(0).tile().height();
      for (ArchiveEntry.TileEntry t : dbTiles) {
        if (t.tile().height() != height) {
          throw new Staging.Refused("checksum database " + db.name() + ": tiles of two heights (" + height + " and " + t.tile().height() + ")");
        }
      }
      Path stagedDb = staging.file(ArchiveEntry.SUMDB + db.name());
      ArchiveProof proof =
          new ArchiveProof(key, height, store, stagedDb, Files.createDirectories(proofDir.resolve(Integer.toString(proofs.size()))));
      proof.mergeHead(head);
      List<String> provenTiles = new ArrayList<>();
      for (ArchiveEntry.TileEntry t : dbTiles) {
        String name = ArchiveEntry.SUMDB + db.name() + "/" + t.tile().path();
        if (proof.proveTile(t.tile(), staging.file(name))) {
          provenTiles.add(name);
        }
      }
      for (ArchiveEntry.Lookup l : dbLookups) {
        String text = proof.proveLookup(l.module(), l.version());
        for (String line : text.split("\n")) {
          String[] f = line.split(" ");
          if (f.length == 3 && f[0].equals(l.module()) && (f[1].equals(l.version()) || f[1].equals(l.version() + "/go.mod"))) {
            verifiedLines.putIfAbsent(f[0] + " " + f[1], f[2]);
          }
        }
      }
      proofs.put(db.name(), proof);
      tiles.put(db.name(), provenTiles);
      lookups.put(db.name(), dbLookups);
    }

    Map<String, Map<String, String>> versions = new TreeMap<>();
    for (var e : classified.entrySet()) {
      if (e.getValue() instanceof ArchiveEntry.ModuleFile f) {
        versions.computeIfAbsent(f.module() + "@" + f.version(), k -> new TreeMap<>()).put(f.ext(), e.getKey());
      }
    }
    for (var e : versions.entrySet()) {
      int at = e.getKey().indexOf('@');
      checkVersion(staging, e.getKey().substring(0, at), e.getKey().substring(at + 1), e.getValue(), verifiedLines);
    }
    return new Verified(staging, proofs, tiles, lookups, versions);
  }

  /** Reads the manifest and checks it against the staged entries. */
  private static Manifest manifest(Staging staging) throws Staging.Refused, IOException {
    if (!staging.entries().containsKey(Manifest.NAME)) {
      throw new Staging.Refused("no " + Manifest.NAME + " manifest: not a gofer mirror archive");
    }
    Manifest m;
    try {
      m = Manifest.parse(Files.readAllBytes(staging.file(Manifest.NAME)));
    } catch (IllegalArgumentException e) {
      throw new Staging.Refused(e.getMessage());
    }
    Map<String, Manifest.Entry> listed = new HashMap<>();
    for (Manifest.Entry e : m.entries()) {
      if (e == null || e.name() == null || listed.put(e.name(), e) != null) {
        throw new Staging.Refused("the manifest lists an entry twice or without a name");
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    for (var e : staging.entries().entrySet()) {
      if (e.getKey().equals(Manifest.NAME)) {
        continue;
      }
      Manifest.Entry want = listed.get(e.getKey());
      if (want == null) {
        throw new Staging.Refused("entry " + Wanted.quote(e.getKey()) + " is not in the manifest");
      }
      if (want.size() != e.getValue().size() || !e.getValue().sha256().equalsIgnoreCase(String.valueOf(want.sha256()))) {
        throw new Staging.Refused("entry " + Wanted.quote(e.getKey()) + " does not match the manifest's size and sha256 (damaged or altered)");
      }
      seen.add(e.getKey());
    }
    for (String name : listed.keySet()) {
      if (!seen.contains(name)) {
        throw new Staging.Refused("the manifest lists " + Wanted.quote(name) + ", which the archive does not hold");
      }
    }
    Set<String> names = new LinkedHashSet<>();
    for (Manifest.Database db : m.databases()) {
      if (db == null || db.name() == null || db.latest() == null || !names.add(db.name())) {
        throw new Staging.Refused("the manifest names a checksum database twice or incompletely");
      }
      try {
        ArchiveEntry.checkSafe(db.name());
      } catch (IllegalArgumentException e) {
        throw new Staging.Refused("the manifest names a checksum database with an unsafe name");
      }
    }
    return m;
  }

  /** Checks one version's staged files against the verified hashes. */
  private void checkVersion(Staging staging, String module, String version, Map<String, String> files, Map<String, String> verifiedLines)
      throws Staging.Refused, IOException {
    String mv = module + "@" + version;
    if (!files.containsKey("mod")) {
      throw new Staging.Refused(mv + ": the archive has no .mod for it");
    }
    boolean isPrivate = !module.equals(OnlineModules.TOOLCHAIN) && privatePatterns.matches(module);
    String modH1 = DirHash.hashGoMod(Files.readAllBytes(staging.file(files.get("mod"))));
    String zipH1 = null;
    if (files.containsKey("zip")) {
      Path zip = staging.file(files.get("zip"));
      try {
        ModuleZip.checkZip(module, version, zip).throwIfInvalid();
        zipH1 = DirHash.hashZip(zip);
      } catch (ModException | java.util.zip.ZipException e) {
        throw new Staging.Refused(mv + ": invalid module zip: " + SyncInputs.oneLine(e.getMessage()));
      }
    }
    if (files.containsKey("ziphash")) {
      String stated = Files.readString(staging.file(files.get("ziphash")), StandardCharsets.UTF_8).strip();
      if (zipH1 == null || !stated.equals(zipH1)) {
        throw new Staging.Refused(mv + ": .ziphash " + stated + " does not match the zip" + (zipH1 == null ? " (there is none)" : " (" + zipH1 + ")"));
      }
    } else if (zipH1 != null) {
      throw new Staging.Refused(mv + ": a .zip without its .ziphash");
    }
    if (files.containsKey("info")) {
      checkInfo(mv, version, staging.file(files.get("info")));
    }
    if (isPrivate) {
      return; // a private module's zip is checked against its .ziphash, above; its go.mod has nothing to check against
    }
    String wantMod = verifiedLines.get(module + " " + version + "/go.mod");
    String wantZip = verifiedLines.get(module + " " + version);
    if (wantMod == null && wantZip == null) {
      List<String> lines = storedLines(module, version);
      wantMod = lines.stream().filter(l -> l.startsWith(module + " " + version + "/go.mod ")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElse(null);
      wantZip = lines.stream().filter(l -> l.startsWith(module + " " + version + " ")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElse(null);
    }
    if (wantMod == null) {
      throw new Staging.Refused(mv + ": no verified checksum-database record for its go.mod in the archive or the store");
    }
    if (!wantMod.equals(modH1)) {
      throw new Staging.Refused(mv + ": checksum mismatch: .mod is " + modH1 + ", checksum database " + wantMod);
    }
    if (zipH1 != null) {
      if (wantZip == null) {
        throw new Staging.Refused(mv + ": no verified checksum-database record for its zip in the archive or the store");
      }
      if (!wantZip.equals(zipH1)) {
        throw new Staging.Refused(mv + ": checksum mismatch: .zip is " + zipH1 + ", checksum database " + wantZip);
      }
    }
  }

  private static void checkInfo(String mv, String version, Path info) throws Staging.Refused {
    try {
      JsonNode n = JSON.readTree(info.toFile());
      if (n == null || !n.isObject() || !version.equals(n.path("Version").asText(null))) {
        throw new Staging.Refused(mv + ": .info does not name version " + version);
      }
    } catch (IOException e) {
      throw new Staging.Refused(mv + ": malformed .info: " + SyncInputs.oneLine(e.getMessage()));
    }
  }

  /** The go.sum lines of a version from a verified lookup already in the store. */
  private List<String> storedLines(String module, String version) {
    String file = ModulePath.escape(module) + "@" + ModulePath.escapeVersion(version);
    for (String db : keys.keySet()) {
      Path p = store.sumdb(db).resolve("lookup").resolve(file);
      try {
        if (Files.isRegularFile(p)) {
          return List.of(Record.parse(Files.readAllBytes(p)).record().text().split("\n"));
        }
      } catch (IOException | ModException e) {
        // unusable: look further
      }
    }
    return List.of();
  }

  // --- publishing ------------------------------------------------------------------------------

  private static final List<String> PUBLISH_ORDER = List.of("mod", "info", "ziphash", "zip");

  private Result publish(Verified v) throws IOException {
    Counts c = new Counts();
    Map<String, Long> heads = new LinkedHashMap<>();
    for (var e : v.proofs().entrySet()) {
      String db = e.getKey();
      ArchiveProof proof = e.getValue();
      Path target = store.sumdb(db);
      // Tiles the client saved while proving, then the archive's tiles it proved.
      Path provenTiles = proof.provenDir().resolve("tile");
      if (Files.isDirectory(provenTiles)) {
        try (Stream<Path> s = Files.walk(provenTiles)) {
          for (Path p : s.filter(Files::isRegularFile).toList()) {
            c.put(p, target.resolve(proof.provenDir().relativize(p).toString()), false);
          }
        }
      }
      for (String name : v.tiles().get(db)) {
        c.put(v.staging().file(name), store.data().resolve(name), true);
      }
      for (ArchiveEntry.Lookup l : v.lookups().get(db)) {
        Path staged = v.staging().file(ArchiveEntry.SUMDB + db + "/lookup/" + l.file());
        c.put(staged, target.resolve("lookup").resolve(l.file()), true);
      }
    }
    Set<String> modules = new LinkedHashSet<>();
    for (var e : v.versionFiles().entrySet()) {
      for (String ext : PUBLISH_ORDER) {
        String name = e.getValue().get(ext);
        if (name != null) {
          c.put(v.staging().file(name), store.data().resolve(name), true);
        }
      }
      modules.add(e.getKey().substring(0, e.getKey().indexOf('@')));
    }
    StoreModules local = new StoreModules(store);
    for (String module : modules) {
      List<String> versions = local.storedVersions(module).orElse(List.of());
      StringBuilder b = new StringBuilder();
      for (String ver : versions) {
        b.append(ver).append('\n');
      }
      store.write(store.list(module), b.toString().getBytes(StandardCharsets.UTF_8));
    }
    // Every published name durable before the heads advance and "imported" is reported.
    store.flush();
    for (var e : v.proofs().entrySet()) {
      heads.put(e.getKey(), mergeHead(e.getKey(), e.getValue().latest(), e.getValue().tileHeight()));
    }
    return new Result(v.versionFiles().size(), c.published, c.present, heads);
  }

  /** Merges the proven head into the store's persisted one, proven again through the stored tiles. */
  private long mergeHead(String db, SignedTree head, int tileHeight) throws IOException {
    Client real =
        Client.builder(keys.get(db), path -> {
              throw new IOException(path + ": import reads no network");
            }, ClientStore.inDirectories(store.state().resolve("sumdb"), store.download()))
            .tileHeight(tileHeight)
            .build();
    try {
      real.merge(head.note());
      return real.latest().tree().n();
    } catch (ModException e) {
      throw new IOException("checksum database " + db + ": files imported, but the store's tree head could not be advanced: " + SyncInputs.oneLine(e.getMessage()), e);
    }
  }

  /** Publishing with counts: a staged file moves next to its target and is renamed into place. */
  private final class Counts {
    int published;
    int present;

    void put(Path source, Path target, boolean move) throws IOException {
      if (Files.isRegularFile(target)) {
        present++;
        return;
      }
      Path temp = store.newTemp(target);
      try {
        if (move) {
          Files.move(source, temp, StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
        }
        store.publish(temp, target);
        published++;
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }
}
