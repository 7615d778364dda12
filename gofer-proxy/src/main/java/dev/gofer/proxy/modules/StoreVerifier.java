package dev.gofer.proxy.modules;

import dev.gofer.mod.ModException;
import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.zip.ModuleZip;
import dev.gofer.proxy.modules.ChecksumVerifier.ChecksumDatabaseException;
import dev.gofer.proxy.modules.ChecksumVerifier.NotInChecksumDatabaseException;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code gofer verify --data DIR [--quarantine]}: walks a whole store, recomputes the {@code h1:}
 * of every {@code .mod} and {@code .zip}, and compares it with the checksum database (private
 * modules, which are never sent there: the {@code .zip} with its stored {@code .ziphash}). It
 * reports mismatches, invalid zips, versions the database does not know, and incomplete versions
 * (a {@code .zip} without its {@code .mod} or {@code .ziphash}). With quarantine, every file that
 * did not verify is moved, never deleted, to {@code <data>/quarantine/} under its path relative
 * to the data directory, and the module's {@code list} is rewritten.
 *
 * <p>Nothing is changed without quarantine. Database failures (cannot be asked, does not
 * verify) are reported as {@link Problem.Kind#UNCHECKED} and never quarantine anything.
 */
public final class StoreVerifier {

  /**
   * One thing wrong with the store.
   *
   * @param module the module path (or the escaped directory when it is not a module path)
   * @param version the version, or "" for a problem with the whole directory
   * @param file the file's path relative to the data directory
   * @param kind what is wrong
   * @param detail one line saying why
   * @param quarantined whether the file was moved to the quarantine
   */
  public record Problem(String module, String version, String file, Kind kind, String detail, boolean quarantined) {

    /** What is wrong. */
    public enum Kind {
      /** The {@code h1:} differs from the checksum database (or from {@code .ziphash}). */
      MISMATCH,
      /** The zip breaks the module zip rules or is corrupt. */
      INVALID_ZIP,
      /** The checksum database has no record of the version. */
      NOT_IN_CHECKSUM_DATABASE,
      /** A {@code .zip} without its {@code .mod} or {@code .ziphash}. */
      INCOMPLETE,
      /** The checksum database could not be asked or did not verify: nothing was decided. */
      UNCHECKED,
      /** A file or directory could not be read or named. */
      UNREADABLE;

      /** Whether a file with this problem is moved aside by quarantine. */
      boolean quarantines() {
        return this == MISMATCH || this == INVALID_ZIP || this == NOT_IN_CHECKSUM_DATABASE;
      }
    }
  }

  /**
   * The outcome of a verification.
   *
   * @param modules module directories walked
   * @param versions versions seen (with a {@code .mod} or {@code .zip})
   * @param filesChecked {@code .mod} and {@code .zip} files hashed and compared
   * @param privateVersions versions of private modules (checked against {@code .ziphash} only)
   * @param problems everything found wrong, in walk order
   */
  public record Report(int modules, int versions, int filesChecked, int privateVersions, List<Problem> problems) {
    public Report {
      problems = List.copyOf(problems);
    }

    /** Whether nothing is wrong (the CLI's exit code 0). */
    public boolean clean() {
      return problems.isEmpty();
    }

    /** The number of files moved to the quarantine. */
    public long quarantined() {
      return problems.stream().filter(Problem::quarantined).count();
    }

    /** One line per problem, then a summary line. */
    public String text() {
      StringBuilder b = new StringBuilder();
      for (Problem p : problems) {
        b.append(p.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '))
            .append(": ")
            .append(p.file())
            .append(": ")
            .append(p.detail());
        if (p.quarantined()) {
          b.append(" (quarantined)");
        }
        b.append('\n');
      }
      b.append(String.format(
          Locale.ROOT,
          "verified %d files of %d versions in %d modules (%d private): %d problems, %d files quarantined%n",
          filesChecked, versions, modules, privateVersions, problems.size(), quarantined()));
      return b.toString();
    }

    /** The report as one JSON object. */
    public String json() {
      StringBuilder b = new StringBuilder("{");
      b.append("\"modules\":").append(modules)
          .append(",\"versions\":").append(versions)
          .append(",\"filesChecked\":").append(filesChecked)
          .append(",\"privateVersions\":").append(privateVersions)
          .append(",\"quarantined\":").append(quarantined())
          .append(",\"clean\":").append(clean())
          .append(",\"problems\":[");
      for (int i = 0; i < problems.size(); i++) {
        Problem p = problems.get(i);
        if (i > 0) {
          b.append(',');
        }
        b.append("{\"module\":").append(quote(p.module()))
            .append(",\"version\":").append(quote(p.version()))
            .append(",\"file\":").append(quote(p.file()))
            .append(",\"kind\":").append(quote(p.kind().name().toLowerCase(Locale.ROOT)))
            .append(",\"detail\":").append(quote(p.detail()))
            .append(",\"quarantined\":").append(p.quarantined())
            .append('}');
      }
      return b.append("]}").toString();
    }

    private static String quote(String s) {
      StringBuilder b = new StringBuilder("\"");
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          default -> {
            if (c < 0x20) {
              b.append(String.format("\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      return b.append('"').toString();
    }
  }

  private final Store store;
  private final ChecksumVerifier verifier;
  private final PrefixPatterns privatePatterns;

  /**
   * A verifier of {@code store}.
   *
   * @param privatePatterns GOPRIVATE-style globs of modules never looked up in the checksum
   *     database ({@code golang.org/toolchain} always is)
   */
  public StoreVerifier(Store store, ChecksumVerifier verifier, PrefixPatterns privatePatterns) {
    this.store = Objects.requireNonNull(store, "store");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.privatePatterns = Objects.requireNonNull(privatePatterns, "privatePatterns");
  }

  /** Verifies the whole store; with {@code quarantine}, moves what did not verify aside. */
  public Report verify(boolean quarantine) throws IOException {
    Walk walk = new Walk(quarantine);
    Path download = store.download();
    Files.walkFileTree(
        download,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (dir.equals(download.resolve("sumdb"))) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (dir.getFileName().toString().equals("@v")) {
              walk.moduleDir(dir);
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new Report(walk.modules, walk.versions, walk.filesChecked, walk.privateVersions, walk.problems);
  }

  /** The state of one run. */
  private final class Walk {
    final boolean quarantine;
    final List<Problem> problems = new ArrayList<>();
    int modules;
    int versions;
    int filesChecked;
    int privateVersions;

    Walk(boolean quarantine) {
      this.quarantine = quarantine;
    }

    void moduleDir(Path dir) throws IOException {
      String escaped = store.download().relativize(dir.getParent()).toString().replace(java.io.File.separatorChar, '/');
      String module;
      try {
        module = ModulePath.unescape(escaped);
        ModulePath.check(module);
      } catch (ModException e) {
        problems.add(new Problem(escaped, "", rel(dir), Problem.Kind.UNREADABLE, "not a module directory: " + e.getMessage(), false));
        return;
      }
      modules++;
      Map<String, Map<String, Path>> byVersion = new TreeMap<>();
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          if (Store.isTemp(f) || !Files.isRegularFile(f)) {
            continue;
          }
          int dot = name.lastIndexOf('.');
          if (dot <= 0) {
            continue; // list, and anything else that is not <version>.<ext>
          }
          String ext = name.substring(dot + 1);
          if (!ext.equals("mod") && !ext.equals("zip") && !ext.equals("ziphash")) {
            continue;
          }
          try {
            String v = ModulePath.unescapeVersion(name.substring(0, dot));
            byVersion.computeIfAbsent(v, k -> new TreeMap<>()).put(ext, f);
          } catch (ModException e) {
            problems.add(new Problem(module, "", rel(f), Problem.Kind.UNREADABLE, "not a version file: " + e.getMessage(), false));
          }
        }
      }
      boolean modMoved = false;
      for (var e : byVersion.entrySet()) {
        modMoved |= version(module, e.getKey(), e.getValue());
      }
      if (modMoved) {
        rewriteList(module);
      }
    }

    /** Checks one version; true if its {@code .mod} was quarantined. */
    boolean version(String module, String version, Map<String, Path> files) throws IOException {
      Path mod = files.get("mod");
      Path zip = files.get("zip");
      Path ziphash = files.get("ziphash");
      if (mod == null && zip == null) {
        return false;
      }
      versions++;
      if (zip != null && mod == null) {
        problems.add(new Problem(module, version, rel(zip), Problem.Kind.INCOMPLETE, "a .zip without its .mod", false));
      }
      if (!module.equals(OnlineModules.TOOLCHAIN) && privatePatterns.matches(module)) {
        privateVersions++;
        if (zip != null) {
          if (ziphash == null) {
            problems.add(new Problem(module, version, rel(zip), Problem.Kind.INCOMPLETE, "a private module's .zip without a .ziphash to check it against", false));
          } else {
            String want = Files.readString(ziphash, StandardCharsets.UTF_8).strip();
            checkZip(module, version, zip, ziphash, want, ".ziphash");
          }
        }
        return false;
      }
      if (zip != null && ziphash == null) {
        problems.add(new Problem(module, version, rel(zip), Problem.Kind.INCOMPLETE, "a .zip without its .ziphash", false));
      }
      List<String> lines;
      try {
        lines = verifier.goSumLines(module, version);
      } catch (NotInChecksumDatabaseException e) {
        String detail = "not in the checksum database: " + FetchFailure.oneLine(e.getMessage());
        boolean modMoved = false;
        if (mod != null) {
          modMoved = report(module, version, mod, Problem.Kind.NOT_IN_CHECKSUM_DATABASE, detail, List.of(mod));
        }
        if (zip != null) {
          report(module, version, zip, Problem.Kind.NOT_IN_CHECKSUM_DATABASE, detail, ziphash == null ? List.of(zip) : List.of(zip, ziphash));
        }
        return modMoved;
      } catch (ChecksumDatabaseException e) {
        problems.add(new Problem(module, version, rel(mod != null ? mod : zip), Problem.Kind.UNCHECKED, "checksum database: " + FetchFailure.oneLine(e.getMessage()), false));
        return false;
      }
      boolean modMoved = false;
      if (mod != null) {
        filesChecked++;
        String got = DirHash.hashGoMod(Files.readAllBytes(mod));
        String want = GoSum.hash(lines, module, version + "/go.mod").orElse(null);
        if (!got.equals(want)) {
          modMoved = report(module, version, mod, Problem.Kind.MISMATCH, mismatch(got, want, "checksum database"), List.of(mod));
        }
      }
      if (zip != null) {
        String want = GoSum.hash(lines, module, version).orElse(null);
        String got = checkZip(module, version, zip, ziphash, want, "checksum database");
        if (got != null && ziphash != null && got.equals(want)) {
          String stored = Files.readString(ziphash, StandardCharsets.UTF_8).strip();
          if (!stored.equals(got)) {
            report(module, version, ziphash, Problem.Kind.MISMATCH, ".ziphash says " + stored + " but the zip hashes to " + got, List.of(ziphash));
          }
        }
      }
      return modMoved;
    }

    /** Hashes and checks a zip against {@code want}; returns its hash, or null if it is invalid. */
    String checkZip(String module, String version, Path zip, Path ziphash, String want, String against) throws IOException {
      filesChecked++;
      List<Path> moveTogether = ziphash == null ? List.of(zip) : List.of(zip, ziphash);
      String got;
      try {
        ModuleZip.checkZip(module, version, zip).throwIfInvalid();
        got = DirHash.hashZip(zip);
      } catch (ModException | java.util.zip.ZipException e) {
        report(module, version, zip, Problem.Kind.INVALID_ZIP, FetchFailure.oneLine(e.getMessage()), moveTogether);
        return null;
      }
      if (!got.equals(want)) {
        report(module, version, zip, Problem.Kind.MISMATCH, mismatch(got, want, against), moveTogether);
      }
      return got;
    }

    /** Records a problem with {@code file}, moving {@code move} aside when quarantining; true if moved. */
    boolean report(String module, String version, Path file, Problem.Kind kind, String detail, List<Path> move) throws IOException {
      boolean moved = quarantine && kind.quarantines();
      if (moved) {
        for (Path p : move) {
          quarantine(p);
        }
      }
      problems.add(new Problem(module, version, rel(file), kind, detail, moved));
      return moved;
    }

    private void quarantine(Path file) throws IOException {
      Path target = store.data().resolve("quarantine").resolve(store.data().relativize(file));
      Files.createDirectories(target.getParent());
      Path free = target;
      for (int i = 1; Files.exists(free); i++) {
        free = target.resolveSibling(target.getFileName() + "." + i);
      }
      Files.move(file, free, StandardCopyOption.ATOMIC_MOVE);
    }

    private void rewriteList(String module) throws IOException {
      List<String> versions = new StoreModules(store).storedVersions(module).orElse(List.of());
      StringBuilder b = new StringBuilder();
      for (String v : versions) {
        b.append(v).append('\n');
      }
      store.write(store.list(module), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String rel(Path p) {
      return store.data().relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }
  }

  private static String mismatch(String got, String want, String against) {
    return want == null
        ? "hashes to " + got + " but the " + against + " has no h1: line for it"
        : "checksum mismatch: file " + got + ", " + against + " " + want;
  }
}
