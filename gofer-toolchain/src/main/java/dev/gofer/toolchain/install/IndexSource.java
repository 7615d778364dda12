package dev.gofer.toolchain.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Toolchains from a release index in go.dev/dl JSON form ({@code [{"version":"go1.22.5",
 * "stable":true,"files":[{"filename","os","arch","sha256","size","kind"}]}]}) and its {@code
 * .tar.gz} archives, fetched from the index URL's directory (or a base URL). Each archive's
 * size and SHA-256 are checked against the index before anything is unpacked. The trust is the
 * index's origin (TLS), weaker than the checksum database of {@link ModuleSource}.
 */
public final class IndexSource implements Source {
  private final URI index;
  private final URI base;
  private final Platform platform;
  private final HttpClient http;
  private List<File> files;

  /** An archive of the index for this platform. */
  record File(String version, String filename, String sha256, long size, boolean stable) {}

  private IndexSource(URI index, URI base, Platform platform) {
    this.index = index;
    this.base = base;
    this.platform = platform;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /**
   * A source reading the index at {@code index} ({@code http(s):} or {@code file:}); archives are
   * fetched relative to {@code base}, or to the index's directory when it is null.
   */
  public static IndexSource create(URI index, URI base, Platform platform) {
    URI b = base != null ? base : index.resolve(".");
    if (!b.toString().endsWith("/")) {
      b = URI.create(b + "/");
    }
    return new IndexSource(index, b, platform);
  }

  private List<File> files() {
    if (files != null) {
      return files;
    }
    JsonNode root;
    try (InputStream in = open(index)) {
      root = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new InstallException("reading release index " + index + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new InstallException("release index " + index + " is not a JSON array of releases");
    }
    List<File> out = new ArrayList<>();
    for (JsonNode rel : root) {
      boolean stable = rel.path("stable").asBoolean(false);
      for (JsonNode f : rel.path("files")) {
        if (platform.goos().equals(f.path("os").asText()) && platform.indexArch().equals(f.path("arch").asText())
            && "archive".equals(f.path("kind").asText()) && f.path("filename").asText().endsWith(".tar.gz")) {
          String v = f.path("version").asText(rel.path("version").asText());
          String go = dev.gofer.mod.gover.Gover.fromToolchain(v);
          if (!go.isEmpty() && v.equals("go" + go)) {
            out.add(new File(go, f.path("filename").asText(), f.path("sha256").asText().toLowerCase(java.util.Locale.ROOT), f.path("size").asLong(-1), stable));
          }
        }
      }
    }
    files = out;
    return out;
  }

  @Override
  public List<String> available() {
    return files().stream().map(File::version).distinct().toList();
  }

  @Override
  public void fetch(String version, Path work, Path root, Listener listener) throws IOException {
    File f = files().stream().filter(x -> x.version().equals(version)).findFirst()
        .orElseThrow(() -> new InstallException("go" + version + " for " + platform + " is not in the release index " + index));
    if (f.filename().contains("/") || f.filename().startsWith(".")) {
      throw new InstallException("release index names a suspicious file " + f.filename());
    }
    if (!f.sha256().matches("[0-9a-f]{64}")) {
      throw new InstallException("release index has no valid sha256 for " + f.filename());
    }
    URI url = base.resolve(f.filename());
    Path tgz = work.resolve("toolchain.tar.gz");
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Listener.Download d = listener.download(f.filename());
    long n = 0;
    try (InputStream in = open(url); OutputStream out = Files.newOutputStream(tgz)) {
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) >= 0; ) {
        sha.update(buf, 0, r);
        out.write(buf, 0, r);
        n += r;
        if (f.size() >= 0 && n > f.size()) {
          throw new InstallException("download " + url + ": larger than the index's " + f.size() + " bytes");
        }
        d.update(n, f.size());
      }
    } catch (IOException e) {
      throw new InstallException("download " + url + ": " + e.getMessage(), e);
    }
    if (f.size() >= 0 && n != f.size()) {
      throw new InstallException("download " + url + ": truncated: " + n + " of " + f.size() + " bytes");
    }
    d.finished(n);
    String got = HexFormat.of().formatHex(sha.digest());
    if (!got.equals(f.sha256())) {
      throw new InstallException("verifying " + f.filename() + ": SHA-256 mismatch: downloaded " + got + ", index has " + f.sha256() + " (refused before unpacking)");
    }
    listener.info("verified " + f.filename() + " sha256:" + got + " against " + index);
    TarGz.extract(tgz, root, "go/");
    ToolchainTree.makeOwnerWritable(root);
  }

  private InputStream open(URI uri) throws IOException {
    if ("file".equals(uri.getScheme())) {
      return Files.newInputStream(Path.of(uri));
    }
    try {
      HttpResponse<InputStream> resp =
          http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      if (resp.statusCode() != 200) {
        resp.body().close();
        throw new IOException("HTTP " + resp.statusCode());
      }
      return resp.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("reading " + uri + ": interrupted");
    }
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "release index " + index;
  }
}
