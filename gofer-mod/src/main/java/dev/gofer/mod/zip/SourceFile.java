package dev.gofer.mod.zip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file offered for a module zip ({@code zip.File}): a directory file, an in-memory file, or
 * anything else that has a path, a type and content.
 */
public interface SourceFile {
  /** What kind of file system object a source file is, as {@code lstat} sees it. */
  enum Type {
    REGULAR,
    DIRECTORY,
    SYMLINK,
    OTHER
  }

  /** The clean, slash-separated path relative to the module root. */
  String path();

  /** The file's type; a symbolic link is {@link Type#SYMLINK}, never its target's type. */
  Type type();

  /** The declared size in bytes; content longer than this fails creation. */
  long size();

  /** Opens the content of a regular file. */
  InputStream open() throws IOException;

  /** A regular file with the given content. */
  static SourceFile of(String path, byte[] content) {
    byte[] data = content.clone();
    return new SourceFile() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public Type type() {
        return Type.REGULAR;
      }

      @Override
      public long size() {
        return data.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(data);
      }

      @Override
      public String toString() {
        return path;
      }
    };
  }

  /** The file system object {@code file}, offered as {@code path}; links are not followed. */
  static SourceFile of(String path, Path file) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return of(path, file, a);
  }

  private static SourceFile of(String path, Path file, BasicFileAttributes a) {
    Type type =
        a.isSymbolicLink()
            ? Type.SYMLINK
            : a.isDirectory() ? Type.DIRECTORY : a.isRegularFile() ? Type.REGULAR : Type.OTHER;
    long size = a.size();
    return new SourceFile() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public Type type() {
        return type;
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
      }

      @Override
      public String toString() {
        return path;
      }
    };
  }
}
