package dev.gofer.proxy.mirror;

import dev.gofer.mod.ModException;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code gofer mirror export FILE}: writes a store, or the part of it some go.sum files name, as
 * one zip archive for a machine without network: the module files ({@code .mod}, {@code .info},
 * {@code .zip}, {@code .ziphash}), and per checksum database its persisted signed tree head, the
 * stored lookups of the exported versions and every stored tile (the simplest set that surely
 * holds every tile the lookups' proofs need against that head), then the {@link Manifest}.
 *
 * <p><b>Why zip:</b> the JDK reads and writes it as a stream with no dependency, every entry
 * carries a CRC, and {@code unzip -l} shows what is inside; tar would need a library or a
 * hand-written format. Module zips and tiles are stored, not deflated (they do not compress).
 *
 * <p>The archive is streamed to a temp file beside {@code FILE}, each entry hashed as it is
 * written, and renamed into place when complete; nothing is held in memory but the manifest.
 */
public final class MirrorExport {

  /**
   * What was exported.
   *
   * @param versions module versions
   * @param files module files
   * @param lookups checksum-database lookups
   * @param tiles checksum-database tiles
   * @param bytes the archive's size
   */
  public record Result(int versions, int files, int lookups, int tiles, long bytes) {
    public String text() {
      return "exported %d versions (%d files), %d lookups and %d tiles: %d bytes%n".formatted(versions, files, lookups, tiles, bytes);
    }
  }

  /** A version the go.sum names is not (completely) in the store. */
  public static final class MissingException extends IOException {
    private static final long serialVersionUID = 1L;

    MissingException(String message) {
      super(message);
    }
  }

  private static final List<String> EXTS = List.of("mod", "info", "ziphash", "zip");

  private final Store store;

  public MirrorExport(Store store) {
    this.store = store;
  }

  /**
   * Writes the archive to {@code file}.
   *
   * @param only the versions to export (from go.sum files); empty: the whole store
   * @throws MissingException if a version of {@code only} lacks a file it needs
   */
  public Result export(Path file, Optional<List<Wanted>> only) throws IOException {
    Map<String, List<Path>> versions = only.isPresent() ? named(only.get()) : all();
    List<String> databases = databases();
    Path target = file.toAbsolutePath();
    Path temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
    try {
      Result r;
      try (OutputStream os = Files.newOutputStream(temp);
          ZipOutputStream zip = new ZipOutputStream(new java.io.BufferedOutputStream(os, 1 << 16))) {
        r = write(zip, versions, databases, only.isPresent());
      }
      try (var ch = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Result(r.versions(), r.files(), r.lookups(), r.tiles(), Files.size(target));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private Result write(ZipOutputStream zip, Map<String, List<Path>> versions, List<String> databases, boolean onlyNamed)
      throws IOException {
    List<Manifest.Entry> entries = new ArrayList<>();
    List<Manifest.Database> dbs = new ArrayList<>();
    int lookups = 0;
    int tiles = 0;
    for (String db : databases) {
      Path headFile = store.state().resolve("sumdb").resolve(db).resolve("latest");
      byte[] head = Files.readAllBytes(headFile);
      entries.add(put(zip, ArchiveEntry.STATE_SUMDB + db + "/latest", headFile, false));
      Path dir = store.sumdb(db);
      int dbLookups = 0;
      List<Path> files = new ArrayList<>();
      if (onlyNamed) {
        for (String key : versions.keySet()) {
          int at = key.indexOf('@');
          Path lookup = dir.resolve("lookup").resolve(ModulePath.escape(key.substring(0, at)) + "@" + ModulePath.escapeVersion(key.substring(at + 1)));
          if (Files.isRegularFile(lookup)) {
            files.add(lookup);
          }
        }
      } else {
        files.addAll(regularFiles(dir.resolve("lookup")));
      }
      for (Path p : files) {
        entries.add(put(zip, rel(p), p, false));
        dbLookups++;
      }
      List<Path> tileFiles = regularFiles(dir.resolve("tile"));
      for (Path p : tileFiles) {
        entries.add(put(zip, rel(p), p, true));
      }
      lookups += dbLookups;
      tiles += tileFiles.size();
      dbs.add(new Manifest.Database(db, treeSize(head), new String(head, StandardCharsets.UTF_8), dbLookups, tileFiles.size()));
    }
    List<Manifest.Module> modules = new ArrayList<>();
    int files = 0;
    for (var e : versions.entrySet()) {
      List<String> exts = new ArrayList<>();
      for (Path p : e.getValue()) {
        String name = p.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        entries.add(put(zip, rel(p), p, ext.equals("zip")));
        exts.add(ext);
        files++;
      }
      int at = e.getKey().indexOf('@');
      modules.add(new Manifest.Module(e.getKey().substring(0, at), e.getKey().substring(at + 1), exts));
    }
    Manifest manifest =
        new Manifest(Manifest.FORMAT, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), dbs, modules, entries);
    ZipEntry m = new ZipEntry(Manifest.NAME);
    zip.putNextEntry(m);
    zip.write(manifest.toJson());
    zip.closeEntry();
    return new Result(modules.size(), files, lookups, tiles, 0);
  }

  /** Writes one file as an entry, hashing it on the way; binary entries are stored, others deflated. */
  private static Manifest.Entry put(ZipOutputStream zip, String name, Path file, boolean stored) throws IOException {
    ZipEntry e = new ZipEntry(name);
    if (stored) {
      // A stored entry needs its size and CRC before its data: one extra read of the file.
      CRC32 crc = new CRC32();
      long size = 0;
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          crc.update(buf, 0, n);
          size += n;
        }
      }
      e.setMethod(ZipEntry.STORED);
      e.setSize(size);
      e.setCompressedSize(size);
      e.setCrc(crc.getValue());
    }
    zip.putNextEntry(e);
    MessageDigest sha = sha256();
    long size;
    try (InputStream in = Files.newInputStream(file)) {
      DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha);
      size = 0;
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        zip.write(buf, 0, n);
        out.write(buf, 0, n);
        size += n;
      }
    }
    zip.closeEntry();
    return new Manifest.Entry(name, size, HexFormat.of().formatHex(sha.digest()));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long treeSize(byte[] head) {
    try {
      String text = new String(head, StandardCharsets.UTF_8);
      String[] lines = text.split("\n");
      return lines.length > 1 ? Long.parseLong(lines[1]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The databases with a persisted head: {@code <data>/state/sumdb/<name>/latest}. */
  private List<String> databases() throws IOException {
    Path root = store.state().resolve("sumdb");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().equals("latest") && Files.isRegularFile(p))
          .map(p -> root.relativize(p.getParent()).toString().replace(java.io.File.separatorChar, '/'))
          .filter(name -> {
            try {
              return Files.size(root.resolve(name).resolve("latest")) > 0;
            } catch (IOException e) {
              return false;
            }
          })
          .sorted()
          .toList();
    }
  }

  /** Every version in the store with its files, by {@code module@version}. */
  private Map<String, List<Path>> all() throws IOException {
    Map<String, List<Path>> out = new TreeMap<>();
    Path sumdb = store.download().resolve("sumdb");
    try (Stream<Path> s = Files.walk(store.download())) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.startsWith(sumdb) || !Files.isRegularFile(p) || Store.isTemp(p) || !p.getParent().getFileName().toString().equals("@v")) {
          continue;
        }
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || !EXTS.contains(name.substring(dot + 1))) {
          continue;
        }
        try {
          String module = ModulePath.unescape(store.download().relativize(p.getParent().getParent()).toString().replace(java.io.File.separatorChar, '/'));
          String version = ModulePath.unescapeVersion(name.substring(0, dot));
          Wanted.check(module, version);
          out.computeIfAbsent(module + "@" + version, k -> new ArrayList<>()).add(p);
        } catch (ModException | IllegalArgumentException e) {
          // Not a module version file of Go's layout: not exported.
        }
      }
    }
    for (List<Path> files : out.values()) {
      files.sort((a, b) -> Integer.compare(order(a), order(b)));
    }
    return out;
  }

  private static int order(Path p) {
    String name = p.getFileName().toString();
    return EXTS.indexOf(name.substring(name.lastIndexOf('.') + 1));
  }

  /** The files of the named versions; every one must be there. */
  private Map<String, List<Path>> named(List<Wanted> wanted) throws MissingException {
    Map<String, List<Path>> out = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (Wanted w : wanted) {
      List<Path> files = new ArrayList<>();
      for (String ext : EXTS) {
        Path p = store.file(w.module(), w.version(), ext);
        boolean needed = ext.equals("mod") || ext.equals("info") || w.zip();
        if (Files.isRegularFile(p)) {
          files.add(p);
        } else if (needed) {
          missing.add(w.key() + " (." + ext + ")");
        }
      }
      out.put(w.key(), files);
    }
    if (!missing.isEmpty()) {
      throw new MissingException(
          "not in the store: " + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
              + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : "")
              + "; run 'gofer mirror sync' with the same go.sum first");
    }
    return out;
  }

  private static List<Path> regularFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> Files.isRegularFile(p) && !Store.isTemp(p) && !p.getFileName().toString().endsWith(".lock")).sorted().toList();
    }
  }

  private String rel(Path p) {
    return store.data().relativize(p).toString().replace(java.io.File.separatorChar, '/');
  }
}
