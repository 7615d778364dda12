package dev.gofer.mod.zip;

import dev.gofer.mod.internal.GoQuote;
import dev.gofer.mod.module.InvalidPathException;
import dev.gofer.mod.module.ModuleException;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.semver.Semver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Module zip files ({@code golang.org/x/mod/zip}): check them, create them from files or a
 * directory, and extract them safely.
 *
 * <p>Every entry of a module zip is named {@code <module>@<version>/<file>}; the file paths are
 * valid, clean and relative, no two are equal under Unicode case folding, go.mod appears only at
 * the root and in lower case, the content is at most {@link #MAX_ZIP_FILE} bytes and the root
 * go.mod and LICENSE at most 16 MiB each. Toolchain zips ({@code golang.org/toolchain}) follow
 * the same rules: they store nested modules' go.mod files as {@code _go.mod}, which is an
 * ordinary file here.
 */
public final class ModuleZip {
  /** The largest module zip, and the largest total uncompressed content: 500 MiB. */
  public static final long MAX_ZIP_FILE = 500L << 20;
  /** The largest root go.mod: 16 MiB. */
  public static final long MAX_GO_MOD = 16L << 20;
  /** The largest root LICENSE: 16 MiB. */
  public static final long MAX_LICENSE = 16L << 20;

  private static final int BUFFER_SIZE = 1 << 16;
  private static final LocalDateTime ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  private ModuleZip() {}

  // ---------------------------------------------------------------- checks

  /**
   * {@code zip.CheckFiles}: sorts {@code files} into valid, omitted and invalid ones by the rules
   * of {@link #create}. No file is opened except the root go.mod, for its go line.
   */
  public static CheckedFiles checkFiles(List<? extends SourceFile> files) throws IOException {
    return checkFilesWithSources(files).checked;
  }

  private record Checked(CheckedFiles checked, List<SourceFile> validFiles) {}

  private static Checked checkFilesWithSources(List<? extends SourceFile> files)
      throws IOException {
    List<String> valid = new ArrayList<>();
    List<SourceFile> validFiles = new ArrayList<>();
    List<FileError> omitted = new ArrayList<>();
    List<FileError> invalid = new ArrayList<>();
    Set<String> errPaths = new HashSet<>();
    String sizeError = null;

    // Directories holding a go.mod (other than the root) are other modules.
    Set<String> haveGoMod = new HashSet<>();
    boolean go124 = false;
    for (SourceFile f : files) {
      String p = f.path();
      int slash = p.lastIndexOf('/');
      String dir = p.substring(0, slash + 1);
      String base = p.substring(slash + 1);
      if (base.equalsIgnoreCase("go.mod") && f.type() == SourceFile.Type.REGULAR) {
        haveGoMod.add(dir);
        if (base.equals("go.mod") && dir.isEmpty()) {
          try (InputStream in = f.open()) {
            go124 = Vendoring.go124(in.readNBytes((int) MAX_GO_MOD + 1));
          } catch (IOException e) {
            // as in Go: an unreadable root go.mod leaves the old vendoring rules
          }
        }
      }
    }

    CollisionChecker collisions = new CollisionChecker();
    long maxSize = MAX_ZIP_FILE;
    for (SourceFile f : files) {
      String p = f.path();
      FileError err = null;
      boolean omit = false;
      if (!p.equals(GoPath.clean(p))) {
        err = new FileError(p, ZipRule.PATH_NOT_CLEAN, "file path is not clean");
      } else if (p.startsWith("/")) {
        err = new FileError(p, ZipRule.PATH_NOT_RELATIVE, "file path is not relative");
      } else if (Vendoring.isVendoredPackage(p, go124)) {
        err = new FileError(p, ZipRule.VENDORED, "file is in vendor directory");
        omit = true;
      } else if (inSubmodule(p, haveGoMod)) {
        err = new FileError(p, ZipRule.SUBMODULE_FILE, "file is in another module");
        omit = true;
      } else if (p.equals(".hg_archival.txt")) {
        err = new FileError(p, ZipRule.HG_ARCHIVAL,
            "file is inserted by 'hg archive' and is always omitted");
        omit = true;
      } else {
        String bad = filePathError(p);
        if (bad != null) {
          err = new FileError(p, ZipRule.MALFORMED_FILE_PATH, bad);
        } else if (isGoModIgnoringCase(p) && !p.equals("go.mod")) {
          err = new FileError(p, ZipRule.GO_MOD_CASE, "go.mod files must have lowercase names");
        } else {
          err = collisions.check(p, f.type() == SourceFile.Type.DIRECTORY);
          if (err == null) {
            switch (f.type()) {
              case SYMLINK -> {
                err = new FileError(p, ZipRule.SYMLINK, "file is a symbolic link");
                omit = true;
              }
              case REGULAR -> {}
              default -> {
                err = new FileError(p, ZipRule.NOT_REGULAR, "not a regular file");
                omit = true;
              }
            }
          }
          if (err == null) {
            long size = f.size();
            if (size >= 0 && size <= maxSize) {
              maxSize -= size;
            } else if (sizeError == null) {
              sizeError = "module source tree too large (max size is " + MAX_ZIP_FILE + " bytes)";
            }
            if (p.equals("go.mod") && size > MAX_GO_MOD) {
              err = new FileError(p, ZipRule.GO_MOD_TOO_LARGE,
                  "go.mod file too large (max size is " + MAX_GO_MOD + " bytes)");
            } else if (p.equals("LICENSE") && size > MAX_LICENSE) {
              err = new FileError(p, ZipRule.LICENSE_TOO_LARGE,
                  "LICENSE file too large (max size is " + MAX_LICENSE + " bytes)");
            }
          }
        }
      }
      if (err == null) {
        valid.add(p);
        validFiles.add(f);
      } else if (errPaths.add(p)) {
        (omit ? omitted : invalid).add(err);
      }
    }
    return new Checked(
        new CheckedFiles(valid, omitted, invalid, Optional.ofNullable(sizeError)), validFiles);
  }

  private static boolean isGoModIgnoringCase(String p) {
    return p.length() == 6 && p.equalsIgnoreCase("go.mod");
  }

  private static boolean inSubmodule(String p, Set<String> haveGoMod) {
    for (int i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) {
      if (haveGoMod.contains(p.substring(0, i + 1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code zip.CheckDir}: lists {@code dir} as {@link #createFromDir} would and checks the files.
   * Paths in the result are {@code dir} joined with the relative path; omitted directories (VCS
   * directories, nested modules) appear once, without their files.
   */
  public static CheckedFiles checkDir(Path dir) throws IOException {
    Listing listing = listFilesInDir(dir);
    CheckedFiles cf = checkFiles(listing.files);
    List<String> valid = cf.valid().stream().map(p -> join(dir, p)).toList();
    List<FileError> omitted = new ArrayList<>();
    for (FileError e : cf.omitted()) {
      omitted.add(new FileError(join(dir, e.path()), e.rule(), e.reason()));
    }
    for (FileError e : listing.omitted) {
      omitted.add(new FileError(join(dir, e.path()), e.rule(), e.reason()));
    }
    List<FileError> invalid = new ArrayList<>();
    for (FileError e : cf.invalid()) {
      invalid.add(new FileError(join(dir, e.path()), e.rule(), e.reason()));
    }
    return new CheckedFiles(valid, omitted, invalid, cf.sizeError());
  }

  private static String join(Path dir, String slashPath) {
    return dir.resolve(slashPath).toString();
  }

  /**
   * {@code zip.CheckZip}: checks the entries of the zip file {@code zipFile} for module {@code
   * path} at {@code version}; no entry is read.
   *
   * @throws ModuleZipException if the module path or version is malformed, the zip is too large
   *     or is not a zip
   */
  public static CheckedFiles checkZip(String path, String version, Path zipFile)
      throws IOException {
    try (ZipFile z = open(path, version, zipFile)) {
      return checkZip(path, version, z).checked;
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new ModuleZipException(ZipRule.CORRUPT_ZIP,
          "zip: not a valid zip file: " + e, List.of(), e);
    }
  }

  private record ZipCheck(CheckedFiles checked, List<ZipEntry> entries) {}

  private static ZipFile open(String path, String version, Path zipFile) throws IOException {
    checkModuleVersion(path, version);
    long size = Files.size(zipFile);
    if (size > MAX_ZIP_FILE) {
      throw new ModuleZipException(ZipRule.TOO_LARGE,
          "module zip file is too large (" + size + " bytes; limit is " + MAX_ZIP_FILE
              + " bytes)");
    }
    try {
      return new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8);
    } catch (java.util.zip.ZipException | IllegalArgumentException e) {
      throw new ModuleZipException(ZipRule.CORRUPT_ZIP,
          "zip: not a valid zip file: " + e.getMessage(), List.of(), e);
    }
  }

  private static void checkModuleVersion(String path, String version) {
    String err = moduleVersionError(path, version);
    if (err != null) {
      throw new ModuleZipException(ZipRule.BAD_MODULE_VERSION, err);
    }
  }

  /**
   * The checks {@code zip.Create}, {@code zip.CheckZip} and {@code zip.Unzip} run first: the
   * version is canonical ({@code module.CanonicalVersion}), then {@code module.Check}. Returns
   * Go's error text, or null if the module path and version are fine.
   */
  static String moduleVersionError(String path, String version) {
    String canonical = Semver.canonicalModuleVersion(version);
    if (!canonical.equals(version)) {
      return "version " + GoQuote.quote(version) + " is not canonical (should be "
          + GoQuote.quote(canonical) + ")";
    }
    try {
      ModulePath.checkPathVersion(path, version);
      return null;
    } catch (ModuleException e) {
      return e.getMessage();
    }
  }

  /**
   * {@code module.CheckFilePath}'s error text ({@code malformed file path "…": reason}), or null
   * if {@code p} is a valid file path.
   */
  static String filePathError(String p) {
    try {
      ModulePath.checkFilePath(p);
      return null;
    } catch (InvalidPathException e) {
      return e.getMessage();
    }
  }

  private static ZipCheck checkZip(String path, String version, ZipFile z) {
    List<String> valid = new ArrayList<>();
    List<ZipEntry> entries = new ArrayList<>();
    List<FileError> invalid = new ArrayList<>();
    String sizeError = null;
    String prefix = path + "@" + version + "/";
    CollisionChecker collisions = new CollisionChecker();
    long size = 0;
    try {
      for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
        ZipEntry zf = en.nextElement();
        String full = zf.getName();
        entries.add(zf);
        if (!full.startsWith(prefix)) {
          invalid.add(new FileError(full, ZipRule.MISSING_PREFIX,
              "path does not have prefix " + GoQuote.quote(prefix)));
          continue;
        }
        String name = full.substring(prefix.length());
        if (name.isEmpty()) {
          continue;
        }
        boolean isDir = name.endsWith("/");
        if (isDir) {
          name = name.substring(0, name.length() - 1);
        }
        if (!GoPath.clean(name).equals(name)) {
          invalid.add(new FileError(full, ZipRule.PATH_NOT_CLEAN, "file path is not clean"));
          continue;
        }
        String bad = filePathError(name);
        if (bad != null) {
          invalid.add(new FileError(full, ZipRule.MALFORMED_FILE_PATH, bad));
          continue;
        }
        FileError collision = collisions.check(name, isDir);
        if (collision != null) {
          invalid.add(new FileError(full, collision.rule(), collision.reason()));
          continue;
        }
        if (isDir) {
          continue;
        }
        String base = GoPath.base(name);
        if (base.length() == 6 && base.equalsIgnoreCase("go.mod")) {
          if (!base.equals(name)) {
            invalid.add(new FileError(full, ZipRule.GO_MOD_NOT_IN_ROOT,
                "go.mod file not in module root directory"));
            continue;
          }
          if (!name.equals("go.mod")) {
            invalid.add(new FileError(full, ZipRule.GO_MOD_CASE,
                "go.mod files must have lowercase names"));
            continue;
          }
        }
        long sz = zf.getSize();
        if (sz >= 0 && MAX_ZIP_FILE - size >= sz) {
          size += sz;
        } else if (sizeError == null) {
          sizeError = "total uncompressed size of module contents too large (max size is "
              + MAX_ZIP_FILE + " bytes)";
        }
        if (name.equals("go.mod") && sz > MAX_GO_MOD) {
          invalid.add(new FileError(full, ZipRule.GO_MOD_TOO_LARGE,
              "go.mod file too large (max size is " + MAX_GO_MOD + " bytes)"));
          continue;
        }
        if (name.equals("LICENSE") && sz > MAX_LICENSE) {
          invalid.add(new FileError(full, ZipRule.LICENSE_TOO_LARGE,
              "LICENSE file too large (max size is " + MAX_LICENSE + " bytes)"));
          continue;
        }
        valid.add(full);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ModuleZipException(ZipRule.CORRUPT_ZIP,
          "zip: not a valid zip file: " + e.getMessage(), List.of(), e);
    }
    return new ZipCheck(
        new CheckedFiles(valid, List.of(), invalid, Optional.ofNullable(sizeError)), entries);
  }

  // ---------------------------------------------------------------- create

  /**
   * {@code zip.Create}: writes the module zip of {@code files} for module {@code path} at {@code
   * version} to {@code out}. Omitted files (vendored packages, nested modules, symbolic links,
   * irregular files, {@code .hg_archival.txt}) are left out; any invalid file fails creation.
   *
   * @throws ModuleZipException if the module or a file breaks a rule (message {@code create zip:
   *     ...})
   */
  public static void create(
      OutputStream out, String path, String version, List<? extends SourceFile> files)
      throws IOException {
    try {
      checkModuleVersion(path, version);
      Checked checked = checkFilesWithSources(files);
      checked.checked.throwIfInvalid();
      String prefix = path + "@" + version + "/";
      ZipOutputStream zw = new ZipOutputStream(nonClosing(out), StandardCharsets.UTF_8);
      byte[] buf = new byte[BUFFER_SIZE];
      for (SourceFile f : checked.validFiles) {
        ZipEntry e = new ZipEntry(prefix + f.path());
        e.setTimeLocal(ZIP_TIME);
        zw.putNextEntry(e);
        long limit = f.size();
        long n = 0;
        try (InputStream in = f.open()) {
          for (int r; (r = in.read(buf)) >= 0; ) {
            n += r;
            if (n > limit) {
              throw new ModuleZipException(ZipRule.SIZE_MISMATCH,
                  "file " + GoQuote.quote(f.path()) + " is larger than declared size");
            }
            zw.write(buf, 0, r);
          }
        }
        zw.closeEntry();
      }
      zw.finish();
    } catch (ModuleZipException e) {
      throw e.prefixed("create zip: ");
    }
  }

  /**
   * {@code zip.CreateFromDir}: {@link #create} from the files under {@code dir}, also leaving out
   * {@code .bzr}, {@code .git}, {@code .hg} and {@code .svn} directories.
   */
  public static void createFromDir(OutputStream out, String path, String version, Path dir)
      throws IOException {
    List<SourceFile> files;
    try {
      checkModuleVersion(path, version);
      files = listFilesInDir(dir).files;
    } catch (ModuleZipException e) {
      throw e.prefixed("create zip " + dir + ": ");
    }
    try {
      create(out, path, version, files);
    } catch (ModuleZipException e) {
      String m = e.getMessage();
      throw new ModuleZipException(e.rule(),
          "create zip " + dir + ": " + m.substring("create zip: ".length()), e.files(),
          e.getCause());
    }
  }

  private record Listing(List<SourceFile> files, List<FileError> omitted) {}

  /** {@code listFilesInDir}: walks {@code dir} in Go's lexical order. */
  private static Listing listFilesInDir(Path dir) throws IOException {
    boolean go124 = false;
    Path rootGoMod = dir.resolve("go.mod");
    if (Files.isRegularFile(rootGoMod)) {
      try (InputStream in = Files.newInputStream(rootGoMod)) {
        go124 = Vendoring.go124(in.readNBytes((int) MAX_GO_MOD + 1));
      } catch (IOException e) {
        // unreadable: old rules, as in Go
      }
    }
    if (!Files.isDirectory(dir)) {
      throw new NotDirectoryException(dir.toString());
    }
    List<SourceFile> files = new ArrayList<>();
    List<FileError> omitted = new ArrayList<>();
    walk(dir, "", go124, files, omitted);
    return new Listing(files, omitted);
  }

  private static void walk(
      Path dir, String rel, boolean go124, List<SourceFile> files, List<FileError> omitted)
      throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(children::add);
    }
    byte[][] keys = new byte[children.size()][];
    Integer[] order = new Integer[children.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      keys[i] = children.get(i).getFileName().toString().getBytes(StandardCharsets.UTF_8);
    }
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
    for (int idx : order) {
      Path file = children.get(idx);
      String name = file.getFileName().toString();
      String slashPath = rel.isEmpty() ? name : rel + "/" + name;
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (Vendoring.isVendoredPackage(slashPath, go124)) {
        omitted.add(new FileError(slashPath, ZipRule.VENDORED, "file is in vendor directory"));
        if (!a.isDirectory()) {
          continue;
        }
      }
      if (a.isDirectory()) {
        if (!Vendoring.isVendoredPackage(slashPath, go124)) {
          switch (name) {
            case ".bzr", ".git", ".hg", ".svn" -> {
              omitted.add(new FileError(slashPath, ZipRule.VCS_DIRECTORY,
                  "directory is a version control repository"));
              continue;
            }
            default -> {}
          }
          Path goMod = file.resolve("go.mod");
          if (Files.exists(goMod, LinkOption.NOFOLLOW_LINKS)
              && !Files.isDirectory(goMod, LinkOption.NOFOLLOW_LINKS)) {
            omitted.add(new FileError(slashPath, ZipRule.SUBMODULE_DIRECTORY,
                "directory is in another module"));
            continue;
          }
        }
        walk(file, slashPath, go124, files, omitted);
        continue;
      }
      if (!a.isRegularFile()) {
        omitted.add(new FileError(slashPath, ZipRule.NOT_REGULAR, "not a regular file"));
        continue;
      }
      files.add(SourceFile.of(slashPath, file));
    }
  }

  // ---------------------------------------------------------------- unzip

  /**
   * {@code zip.Unzip}: extracts the module zip {@code zipFile} of module {@code path} at {@code
   * version} into {@code dir}, which must be absent or empty. The whole zip is checked first;
   * any invalid entry aborts before anything is written. Files are created new ({@code
   * O_EXCL}), read-only (0444 where POSIX permissions exist), only below {@code dir}, never as
   * links; each must have exactly its declared size and CRC-32, and the declared sizes sum to
   * at most {@link #MAX_ZIP_FILE}, so a zip bomb cannot write more than that.
   *
   * @throws ModuleZipException if the zip or the target breaks a rule (message {@code unzip
   *     <zipFile>: ...})
   */
  public static void unzip(Path dir, String path, String version, Path zipFile)
      throws IOException {
    unzip(dir, path, version, zipFile, Placement.MODULE_CACHE);
  }

  /**
   * {@link #unzip(Path, String, String, Path)} with each file written once, straight to its final
   * name(s) and mode as {@code placement} says, possibly on several threads. The safety rules
   * are those of {@code zip.Unzip}, and the copies {@code placement} adds obey them too (valid
   * clean paths below {@code dir}, no duplicates or case-fold collisions among all names). On a
   * failure the files already written stay; the caller owns {@code dir} and removes it.
   *
   * @throws ModuleZipException if the zip, a copy's name or the target breaks a rule (message
   *     {@code unzip <zipFile>: ...})
   */
  public static void unzip(Path dir, String path, String version, Path zipFile, Placement placement)
      throws IOException {
    try {
      unzipChecked(dir, path, version, zipFile, placement);
    } catch (ModuleZipException e) {
      throw e.prefixed("unzip " + zipFile + ": ");
    }
  }

  /** One file to write: a zip entry and the paths it goes to (its own name first). */
  private record Job(ZipEntry entry, List<Path> targets, FileAttribute<?>[] attrs) {}

  private static void unzipChecked(
      Path dir, String path, String version, Path zipFile, Placement placement)
      throws IOException {
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        if (ds.iterator().hasNext()) {
          throw new ModuleZipException(ZipRule.TARGET_NOT_EMPTY,
              "target directory " + dir + " exists and is not empty");
        }
      }
    }
    try (ZipFile z = open(path, version, zipFile)) {
      ZipCheck check = checkZip(path, version, z);
      check.checked.throwIfInvalid();
      int prefixLength = (path + "@" + version + "/").length();
      Files.createDirectories(dir);
      Path root = dir.toAbsolutePath().normalize();
      boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
      List<Job> jobs = plan(check.entries, prefixLength, root, posix, placement);
      // Directories first, on this thread, each once: writers then only create files.
      Set<Path> made = new HashSet<>();
      made.add(root);
      for (Job job : jobs) {
        for (Path t : job.targets) {
          Path parent = t.getParent();
          if (made.add(parent)) {
            Files.createDirectories(parent);
          }
        }
      }
      write(z, jobs, Math.max(1, placement.writers()));
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new ModuleZipException(ZipRule.CORRUPT_ZIP,
          "zip: not a valid zip file: " + e, List.of(), e);
    }
  }

  /** The files of a checked zip with their targets; copies are checked like entry names. */
  private static List<Job> plan(
      List<ZipEntry> entries, int prefixLength, Path root, boolean posix, Placement placement) {
    List<Job> jobs = new ArrayList<>();
    CollisionChecker finalNames = new CollisionChecker();
    boolean anyCopy = false;
    Map<Set<PosixFilePermission>, FileAttribute<?>[]> attrs = new HashMap<>();
    for (ZipEntry zf : entries) {
      String name = zf.getName().substring(prefixLength);
      if (name.isEmpty() || name.endsWith("/")) {
        continue;
      }
      List<String> copies = placement.copies(name);
      List<Path> targets = new ArrayList<>(1 + copies.size());
      targets.add(target(root, name, zf.getName()));
      for (String c : copies) {
        if (!GoPath.clean(c).equals(c) || filePathError(c) != null) {
          throw new ModuleZipException(ZipRule.MALFORMED_FILE_PATH,
              zf.getName() + ": copy " + GoQuote.quote(c) + " is not a valid file path");
        }
        targets.add(target(root, c, zf.getName()));
        anyCopy = true;
      }
      FileAttribute<?>[] a = posix
          ? attrs.computeIfAbsent(Set.copyOf(placement.permissions(name)),
              p -> new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(p)})
          : new FileAttribute<?>[0];
      jobs.add(new Job(zf, List.copyOf(targets), a));
    }
    if (anyCopy) {
      // checkZip vetted the entry names; vet them again together with the copies.
      for (Job job : jobs) {
        for (Path t : job.targets) {
          String rel = slashPath(root.relativize(t));
          FileError err = finalNames.check(rel, false);
          if (err != null) {
            throw new ModuleZipException(err.rule(), job.entry.getName() + ": " + err.reason());
          }
        }
      }
    }
    return jobs;
  }

  private static Path target(Path root, String name, String entryName) {
    Path dst = root.resolve(name).normalize();
    if (!dst.startsWith(root) || dst.equals(root)) {
      // unreachable after the path checks (clean relative valid paths); kept as a last guard
      throw new ModuleZipException(ZipRule.PATH_NOT_RELATIVE,
          entryName + ": file path is not relative");
    }
    return dst;
  }

  private static String slashPath(Path rel) {
    StringBuilder b = new StringBuilder();
    for (Path part : rel) {
      if (!b.isEmpty()) {
        b.append('/');
      }
      b.append(part);
    }
    return b.toString();
  }

  /**
   * Writes {@code jobs} on {@code writers} threads that take the next job in turn; the first
   * failure stops the others (each finishes the file it is writing) and is thrown.
   */
  private static void write(ZipFile z, List<Job> jobs, int writers) throws IOException {
    if (writers == 1 || jobs.size() < 2) {
      byte[] buf = new byte[BUFFER_SIZE];
      for (Job job : jobs) {
        extract(z, job, buf);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker = () -> {
      byte[] buf = new byte[BUFFER_SIZE];
      try {
        for (int i; failure.get() == null && (i = next.getAndIncrement()) < jobs.size(); ) {
          extract(z, jobs.get(i), buf);
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    };
    int n = Math.min(writers, jobs.size());
    List<Thread> threads = new ArrayList<>(n - 1);
    for (int i = 1; i < n; i++) {
      threads.add(Thread.ofPlatform().name("unzip-writer-" + i).daemon().start(worker));
    }
    worker.run();
    boolean interrupted = false;
    for (Thread t : threads) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          failure.compareAndSet(null, new java.io.InterruptedIOException("unzip interrupted"));
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    switch (failure.get()) {
      case null -> {}
      case IOException e -> throw e;
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      case Throwable t -> throw new IOException(t);
    }
  }

  private static void extract(ZipFile z, Job job, byte[] buf) throws IOException {
    ZipEntry zf = job.entry;
    long declared = zf.getSize();
    CRC32 crc = new CRC32();
    long n = 0;
    List<WritableByteChannel> outs = new ArrayList<>(job.targets.size());
    Path dst = null;
    try (InputStream in = z.getInputStream(zf)) {
      for (Path t : job.targets) {
        dst = t;
        outs.add(Files.newByteChannel(t, CREATE_NEW_FILE, job.attrs));
      }
      for (int r; (r = in.read(buf)) >= 0; ) {
        n += r;
        if (n > declared) {
          throw new ModuleZipException(ZipRule.SIZE_MISMATCH,
              "uncompressed size of file " + zf.getName() + " is larger than declared size ("
                  + declared + " bytes)");
        }
        crc.update(buf, 0, r);
        for (WritableByteChannel out : outs) {
          ByteBuffer bb = ByteBuffer.wrap(buf, 0, r);
          while (bb.hasRemaining()) {
            out.write(bb);
          }
        }
      }
      closeAll(outs);
    } catch (FileAlreadyExistsException | NoSuchFileException e) {
      throw new ModuleZipException(ZipRule.TARGET_NOT_EMPTY,
          "cannot create " + dst + ": " + e.getClass().getSimpleName(), List.of(), e);
    } catch (java.io.EOFException e) {
      throw new ModuleZipException(ZipRule.CORRUPT_ZIP,
          "zip: " + zf.getName() + ": unexpected EOF", List.of(), e);
    } finally {
      for (WritableByteChannel out : outs) {
        if (out.isOpen()) {
          try {
            out.close();
          } catch (IOException e) {
            // already failing: the first error is the one to report
          }
        }
      }
    }
    if (n != declared) {
      throw new ModuleZipException(ZipRule.SIZE_MISMATCH,
          "uncompressed size of file " + zf.getName() + " is smaller than declared size ("
              + declared + " bytes)");
    }
    if (zf.getCrc() >= 0 && crc.getValue() != zf.getCrc()) {
      throw new ModuleZipException(ZipRule.SIZE_MISMATCH,
          "zip: checksum error in " + zf.getName());
    }
  }

  /** Closes every channel, then throws the first error of a close. */
  private static void closeAll(List<WritableByteChannel> outs) throws IOException {
    IOException first = null;
    for (WritableByteChannel out : outs) {
      try {
        out.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static final Set<java.nio.file.OpenOption> CREATE_NEW_FILE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
