package dev.gofer.toolchain.install;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Finishing tarball GOROOT trees and removing GOROOT trees. */
final class ToolchainTree {
  private ToolchainTree() {}

  /** Gives the owner write permission on every file (for a tree unpacked from a tar). */
  static void makeOwnerWritable(Path root) throws IOException {
    forEachFile(root, f -> chmod(f, Set.of(PosixFilePermission.OWNER_WRITE)));
  }

  /**
   * Removes {@code root} and everything below it without following links, first giving the
   * owner write and search permission on each directory (a module tree is read-only).
   */
  static void delete(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(root);
      return;
    }
    chmod(root, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        chmod(dir, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void addExec(Path f) throws IOException {
    chmod(f, Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
  }

  private static void chmod(Path p, Set<PosixFilePermission> add) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    if (!perms.containsAll(add)) {
      var s = java.util.EnumSet.copyOf(perms.isEmpty() ? Set.of(PosixFilePermission.OWNER_READ) : perms);
      s.addAll(add);
      Files.setPosixFilePermissions(p, s);
    }
  }

  interface FileAction {
    void apply(Path file) throws IOException;
  }

  /** Calls {@code action} on every regular file below {@code dir} (links are not followed). */
  private static void forEachFile(Path dir, FileAction action) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
    for (Path f : files) {
      action.apply(f);
    }
  }
}
