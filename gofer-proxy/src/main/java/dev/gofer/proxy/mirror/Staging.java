package dev.gofer.proxy.mirror;

import dev.gofer.mod.zip.ModuleZip;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * An archive unpacked into a staging directory, entry by entry as the zip streams by: names
 * checked ({@link ArchiveEntry#checkSafe}: no absolute paths, no {@code ..}, nothing outside the
 * directory), duplicates refused, every entry and the whole archive capped in size (counted as
 * the data is inflated, never trusting the sizes the zip claims), each entry hashed. Only regular
 * files are ever created, so a symbolic-link entry can only become a plain file, which then fails
 * the manifest and hash checks like any other unexpected content.
 */
final class Staging {

  /**
   * Size caps.
   *
   * @param maxTotal the most bytes all entries may inflate to
   * @param maxEntries the most entries
   */
  record Limits(long maxTotal, int maxEntries) {
    static Limits defaults() {
      return new Limits(64L << 30, 2_000_000);
    }
  }

  /** The largest manifest, and the largest entry that is not a module zip. */
  static final long MAX_MANIFEST = 256L << 20;

  static final long MAX_SMALL = ModuleZip.MAX_GO_MOD;

  /** A staged entry's size and SHA-256 (hex). */
  record Staged(long size, String sha256) {}

  /** The archive is not a well-formed, safe archive: refused. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final Path root;
  private final Map<String, Staged> entries = new LinkedHashMap<>();

  private Staging(Path root) {
    this.root = root;
  }

  /** The directory the entries are in, under their names. */
  Path root() {
    return root;
  }

  /** The staged file of an entry. */
  Path file(String name) {
    return root.resolve(name);
  }

  /** Every staged entry, in archive order. */
  Map<String, Staged> entries() {
    return entries;
  }

  /**
   * Unpacks {@code archive} into {@code root} (an empty directory).
   *
   * @throws Refused if the archive is not a zip, has an unsafe or duplicate name, or exceeds a cap
   */
  static Staging unpack(Path archive, Path root, Limits limits) throws IOException, Refused {
    Staging s = new Staging(root);
    long total = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        ZipInputStream zip = new ZipInputStream(in)) {
      byte[] buf = new byte[1 << 16];
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        String name = e.getName();
        if (e.isDirectory()) {
          continue;
        }
        try {
          ArchiveEntry.checkSafe(name);
        } catch (IllegalArgumentException x) {
          throw new Refused(x.getMessage());
        }
        if (s.entries.containsKey(name)) {
          throw new Refused("duplicate entry " + Wanted.quote(name));
        }
        if (s.entries.size() >= limits.maxEntries()) {
          throw new Refused("more than " + limits.maxEntries() + " entries");
        }
        long cap =
            name.equals(Manifest.NAME) ? MAX_MANIFEST : name.endsWith(".zip") ? ModuleZip.MAX_ZIP_FILE : MAX_SMALL;
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root)) {
          throw new Refused("unsafe entry name " + Wanted.quote(name));
        }
        Files.createDirectories(target.getParent());
        MessageDigest sha = MirrorExport.sha256();
        long size = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          for (int n; (n = zip.read(buf)) > 0; ) {
            size += n;
            total += n;
            if (size > cap) {
              throw new Refused("entry " + Wanted.quote(name) + " is larger than " + cap + " bytes");
            }
            if (total > limits.maxTotal()) {
              throw new Refused("archive inflates to more than " + limits.maxTotal() + " bytes");
            }
            sha.update(buf, 0, n);
            out.write(buf, 0, n);
          }
        } catch (java.nio.file.FileAlreadyExistsException x) {
          throw new Refused("entry " + Wanted.quote(name) + " collides with another entry's directory");
        }
        s.entries.put(name, new Staged(size, HexFormat.of().formatHex(sha.digest())));
      }
    } catch (ZipException e) {
      throw new Refused("not a readable zip archive: " + SyncInputs.oneLine(e.getMessage()));
    } catch (java.io.EOFException e) {
      throw new Refused("truncated zip archive");
    } catch (java.nio.file.FileSystemException e) {
      if (e instanceof java.nio.file.NoSuchFileException && e.getFile() != null && e.getFile().equals(archive.toString())) {
        throw e;
      }
      throw new Refused("entry cannot be staged (a name clashes with another entry): " + SyncInputs.oneLine(e.getMessage()));
    }
    if (s.entries.isEmpty()) {
      throw new Refused("empty archive (or not a zip file)");
    }
    return s;
  }

  /** Deletes a directory tree (the staging directory), ignoring what is already gone. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
