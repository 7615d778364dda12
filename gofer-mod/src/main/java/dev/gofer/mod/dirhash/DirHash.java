package dev.gofer.mod.dirhash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code h1:} hashes of module content ({@code golang.org/x/mod/sumdb/dirhash}).
 *
 * <ul>
 *   <li>{@link #hashZip(Path)}: the go.sum line {@code <module> <version> h1:...}, also from a
 *       zip hashed while it downloaded ({@link #hashZip(Path, ZipStreamHash)});
 *   <li>{@link #hashGoMod(byte[])}: the go.sum line {@code <module> <version>/go.mod h1:...};
 *   <li>{@link #hashDir(Path, String)}: an extracted module, as {@code go mod verify} checks it.
 * </ul>
 */
public final class DirHash {
  private DirHash() {}

  /** Opens a named file of a file list for {@link #hash1}. */
  @FunctionalInterface
  public interface Opener {
    InputStream open(String name) throws IOException;
  }

  /**
   * {@code dirhash.Hash1}: the {@code h1:} hash of the files {@code names}, whose contents
   * {@code open} supplies. Names are hashed exactly as given (no normalisation), sorted by
   * their UTF-8 bytes; a name listed twice is hashed twice.
   *
   * @throws DirHashException if a name contains a newline
   */
  public static String hash1(Collection<String> names, Opener open) throws IOException {
    Hash1 h = Hash1.create();
    for (String name : names) {
      Hash1.checkName(name);
    }
    for (String name : names) {
      try (InputStream in = open.open(name)) {
        h.add(name, in);
      }
    }
    return h.sum();
  }

  /**
   * The {@code <module> <version>/go.mod h1:} hash: {@code Hash1} over one file named exactly
   * {@code go.mod} holding the served {@code .mod} bytes.
   */
  public static String hashGoMod(byte[] goMod) {
    return Hash1.create().add("go.mod", goMod, 0, goMod.length).sum();
  }

  /** {@link #hashGoMod(byte[])} of the bytes read from {@code goMod} to its end. */
  public static String hashGoMod(InputStream goMod) throws IOException {
    return Hash1.create().add("go.mod", goMod).sum();
  }

  /**
   * {@code dirhash.HashZip}: the {@code h1:} hash of the entries of a zip file on disk, every
   * entry name exactly as stored (directory entries included, with empty content). The zip is
   * streamed entry by entry; only names and digests are kept.
   *
   * <p>The zip is read by the rules of Go's {@code archive/zip} ({@link GoZipReader}), so that a
   * zip the go command would refuse is refused here: each entry is read to its end and must have
   * exactly its declared size and CRC-32, a data descriptor included. Unlike Go, a zip with two entries of the same name is
   * refused: its content is ambiguous and no valid module zip has one.
   *
   * @throws DirHashException if the zip is corrupt, an entry name has a newline or repeats
   * @throws IOException if the file cannot be read
   */
  public static String hashZip(Path zip) throws IOException {
    Hash1 h = Hash1.create();
    try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ);
        GoZipReader reader = GoZipReader.open(ch)) {
      Set<String> seen = new HashSet<>();
      byte[] buf = h.buffer();
      var md = h.contentDigest();
      for (GoZipReader.Entry e : reader.entries()) {
        byte[] name = checkEntryName(zip, e.name(), seen);
        md.reset();
        reader.read(e, buf, md::update);
        h.addDigest(name, md.digest());
      }
    } catch (DirHashException e) {
      h.contentDigest().reset();
      throw e.getMessage().startsWith("dirhash:") ? e : new DirHashException("dirhash: " + zip + ": malformed zip: " + e.getMessage(), e);
    }
    return h.sum();
  }

  /**
   * The {@code h1:} hash of a zip file and how it was computed.
   *
   * @param h1 the hash, equal to {@link #hashZip(Path)}'s
   * @param fallback empty if the hash came from the {@link ZipStreamHash} the zip was written
   *     through; otherwise why it did not and the zip was hashed by {@link #hashZip(Path)}
   */
  public record ZipHash(String h1, Optional<String> fallback) {
    /** Whether the hash came from the stream (no second pass over the data). */
    public boolean streamed() {
      return fallback.isEmpty();
    }
  }

  /**
   * {@link #hashZip(Path)} of {@code zip}, taken from {@code streamed} (every byte of the file
   * written through it, in order) when the central directory matches what was streamed at
   * exactly its local header offsets, else computed by the full pass. Either way the result, or
   * the refusal, is the one {@link #hashZip(Path)} gives; see {@link ZipStreamHash} for why.
   *
   * @throws DirHashException if the zip is corrupt, an entry name has a newline or repeats
   * @throws IOException if the file cannot be read
   */
  public static ZipHash hashZip(Path zip, ZipStreamHash streamed) throws IOException {
    try {
      return new ZipHash(streamed.check(zip), Optional.empty());
    } catch (CentralDirectory.Fallback f) {
      return new ZipHash(hashZip(zip), Optional.of(f.getMessage()));
    }
  }

  /**
   * The UTF-8 bytes of a zip entry's name for the hash; refuses a name with a newline (as Go) or
   * one already {@code seen} (unlike Go, which would hash one entry's content twice).
   */
  static byte[] checkEntryName(Path zip, String name, Set<String> seen) {
    byte[] utf8 = Hash1.checkName(name);
    if (!seen.add(name)) {
      throw new DirHashException("dirhash: zip " + zip + " has multiple entries for " + name);
    }
    return utf8;
  }

  /**
   * {@code dirhash.HashDir}: the {@code h1:} hash of the files under {@code dir}, each named
   * {@code prefix} joined with its slash-separated path relative to {@code dir}. For an
   * extracted module and prefix {@code module@version} it equals the hash of its zip.
   */
  public static String hashDir(Path dir, String prefix) throws IOException {
    List<String> files = dirFiles(dir, prefix);
    Hash1 h = Hash1.create();
    for (String name : files) {
      Hash1.checkName(name);
    }
    int strip = joinPrefix(prefix, "").length();
    for (String name : files) {
      try (InputStream in = Files.newInputStream(dir.resolve(name.substring(strip)))) {
        h.add(name, in);
      }
    }
    return h.sum();
  }

  /**
   * {@code dirhash.DirFiles}: the files in the tree rooted at {@code dir} (everything that is not
   * a directory; symbolic links are listed, not followed), named {@code prefix} joined with
   * their slash-separated relative paths, in walk order (byte order of names per directory).
   */
  public static List<String> dirFiles(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new DirHashException(dir + " is not a directory");
    }
    List<String> files = new ArrayList<>();
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            StringBuilder rel = new StringBuilder();
            for (Path part : dir.relativize(file)) {
              if (!rel.isEmpty()) {
                rel.append('/');
              }
              rel.append(part);
            }
            files.add(joinPrefix(prefix, rel.toString()));
            return FileVisitResult.CONTINUE;
          }
        });
    return files;
  }

  /** Go's {@code path.Join(prefix, rel)} for a clean relative {@code rel}. */
  private static String joinPrefix(String prefix, String rel) {
    String p = prefix;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      return rel;
    }
    return rel.isEmpty() ? p + "/" : p + "/" + rel;
  }
}
