package dev.gofer.mod.goproxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads from a {@code file://} proxy: a directory laid out like the proxy URL space (for example a
 * module cache's {@code cache/download}). As in cmd/go, a missing file reads as 404 and an
 * unreadable one as 403; the names on disk are the case-encoded ones.
 */
final class FileFetcher implements Fetcher {
  private final Path root;
  private final String base; // file URL without trailing '/'

  FileFetcher(Path root, String baseUrl) {
    this.root = root;
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  @Override
  public String redactedBase() {
    return base;
  }

  @Override
  public Body open(String rel) {
    String url = base + "/" + Fetcher.pathEscape(rel);
    Path file = root.resolve(rel);
    try {
      InputStream in = Files.newInputStream(file);
      long size;
      try {
        size = Files.isRegularFile(file) ? Files.size(file) : -1;
      } catch (IOException e) {
        size = -1;
      }
      return new Body(in, size, url);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("reading " + url + ": no such file or directory", 404);
    } catch (AccessDeniedException e) {
      throw new ProxyStatusException("reading " + url + ": permission denied", 403);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
        why = fse.getReason().toLowerCase(java.util.Locale.ROOT);
      }
      throw new ProxyTransportException("reading " + url + ": " + why, e);
    }
  }
}
