package dev.gofer.toolchain.install;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Finishing and removing unpacked GOROOT trees. */
final class ToolchainTree {
  private ToolchainTree() {}

  /**
   * Turns an extracted toolchain module (every file read-only, no modes) into a GOROOT as the go
   * command does (§1.6 of the toolchain reference): exec bits on every file under {@code
   * pkg/tool/}, then {@code bin/gofmt}, then every file under {@code bin/} ({@code bin/go} last
   * in effect); each {@code _go.mod} copied to {@code go.mod} beside it, {@code src/_go.mod}
   * last. Unlike the module cache, files end writable by their owner, so that uninstall and
   * ordinary tools can remove them.
   */
  static void finishModule(Path root) throws IOException {
    forEachFile(root, f -> chmod(f, Set.of(PosixFilePermission.OWNER_WRITE)));
    Path tool = root.resolve("pkg/tool");
    if (Files.isDirectory(tool)) {
      forEachFile(tool, ToolchainTree::addExec);
    }
    Path gofmt = root.resolve("bin/gofmt");
    if (Files.isRegularFile(gofmt, LinkOption.NOFOLLOW_LINKS)) {
      addExec(gofmt);
    }
    Path bin = root.resolve("bin");
    if (Files.isDirectory(bin)) {
      forEachFile(bin, ToolchainTree::addExec);
    }
    List<Path> goMods = new ArrayList<>();
    forEachFile(root, f -> {
      if (f.getFileName().toString().equals("_go.mod")) {
        goMods.add(f);
      }
    });
    Path srcGoMod = root.resolve("src/_go.mod");
    goMods.sort((a, b) -> Boolean.compare(a.equals(srcGoMod), b.equals(srcGoMod)));
    for (Path m : goMods) {
      Path dst = m.resolveSibling("go.mod");
      Files.copy(m, dst, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      chmod(dst, Set.of(PosixFilePermission.OWNER_WRITE));
    }
  }

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
