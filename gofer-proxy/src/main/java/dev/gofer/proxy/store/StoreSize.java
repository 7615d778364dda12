package dev.gofer.proxy.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The published module files of a store ({@code .info}, {@code .mod}, {@code .zip}, {@code
 * .ziphash} under {@code cache/download}, outside {@code sumdb/}): the files the {@code
 * gofer_store_size_bytes} and {@code gofer_store_files} gauges count as they are published, so
 * a restarted server can start from what is already there.
 *
 * @param bytes their total size
 * @param files how many there are
 */
public record StoreSize(long bytes, long files) {

  /** Walks {@code store}'s download tree; temp files and vanished files are skipped. */
  public static StoreSize of(Store store) throws IOException {
    Path download = store.download();
    Path sumdb = download.resolve("sumdb");
    long[] totals = new long[2];
    Files.walkFileTree(
        download,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return dir.equals(sumdb) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && !Store.isTemp(file) && isModuleFile(file.getFileName().toString())) {
              totals[0] += attrs.size();
              totals[1]++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE; // renamed or removed while walking
          }
        });
    return new StoreSize(totals[0], totals[1]);
  }

  private static boolean isModuleFile(String name) {
    return name.endsWith(".info") || name.endsWith(".mod") || name.endsWith(".zip") || name.endsWith(".ziphash");
  }
}
