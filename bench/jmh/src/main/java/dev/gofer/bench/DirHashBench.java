package dev.gofer.bench;

import dev.gofer.mod.dirhash.DirHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code h1:} of a 100 MB module zip versus plain SHA-256 of the same file's bytes (the floor:
 * every byte must at least be hashed once). The zip is written once to {@code
 * $GOFER_BENCH_DIR/module-100mb.zip} (default {@code /tmp/gofer-bench}); bench/dirhash.sh also
 * times {@code sha256sum} on that very file.
 *
 * <p>Content: 400 files of 256 KiB, half of them random bytes (incompressible, stored nearly
 * 1:1 by deflate) and half Go-source-like text (compresses ~4:1), so the zip is ~ 100 MB with
 * ~ 100 MB of content. Inflating the text half is the work sha256sum does not do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DirHashBench {
  static final int FILES = 400;
  static final int FILE_SIZE = 256 * 1024;

  Path zip;

  @Setup
  public void setup() throws IOException {
    zip = ensureZip();
  }

  @Benchmark
  public String h1OfZip() throws IOException {
    return DirHash.hashZip(zip);
  }

  @Benchmark
  public byte[] sha256OfZipBytes() throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 17];
    try (InputStream in = Files.newInputStream(zip)) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        md.update(buf, 0, n);
      }
    }
    return md.digest();
  }

  /** Writes the benchmark zip once; prints its path (used by bench/dirhash.sh). */
  public static void main(String[] args) throws IOException {
    System.out.println(ensureZip());
  }

  static Path ensureZip() throws IOException {
    Path dir = Path.of(System.getenv().getOrDefault("GOFER_BENCH_DIR", "/tmp/gofer-bench"));
    Path zip = dir.resolve("module-100mb.zip");
    if (Files.isRegularFile(zip)) {
      return zip;
    }
    Files.createDirectories(dir);
    Path tmp = dir.resolve("module-100mb.zip.tmp");
    Random random = new Random(42);
    byte[] data = new byte[FILE_SIZE];
    try (OutputStream out = Files.newOutputStream(tmp);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (int i = 0; i < FILES; i++) {
        if (i % 2 == 0) {
          random.nextBytes(data);
        } else {
          fillText(data, random);
        }
        z.putNextEntry(new ZipEntry("example.com/big@v1.0.0/pkg" + (i / 20) + "/file" + i + ".go"));
        z.write(data);
        z.closeEntry();
      }
      z.putNextEntry(new ZipEntry("example.com/big@v1.0.0/go.mod"));
      z.write("module example.com/big\n\ngo 1.22\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      z.closeEntry();
    }
    Files.move(tmp, zip);
    return zip;
  }

  private static void fillText(byte[] data, Random random) {
    String[] words = {"func ", "return ", "if err != nil {\n", "}\n", "x", "y", " := ", "ctx, ", "\t", "package main\n"};
    int i = 0;
    while (i < data.length) {
      byte[] w = words[random.nextInt(words.length)].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      for (int j = 0; j < w.length && i < data.length; j++) {
        data[i++] = w[j];
      }
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
