package dev.gofer.mod.zip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.dirhash.DirHashException;
import dev.gofer.mod.testing.RawZip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Whatever bytes a zip file holds, checking, extracting and hashing it fail only with the package
 * exceptions; whatever names a file set has, checking it never fails at all.
 */
class ZipPropertiesTest {
  private final Path work;

  ZipPropertiesTest() throws IOException {
    work = Files.createTempDirectory("zipprops");
  }

  @AfterProperty
  void cleanUp() throws IOException {
    try (Stream<Path> s = Files.walk(work)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    }
  }

  private static final byte[] VALID;

  static {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ModuleZip.create(out, "example.com/m", "v1.0.0", List.of(
          SourceFile.of("go.mod", "module example.com/m\n".getBytes(UTF_8)),
          SourceFile.of("a/b.go", "package a\n\nfunc B() {}\n".repeat(20).getBytes(UTF_8)),
          SourceFile.of("LICENSE", "MIT\n".getBytes(UTF_8))));
      VALID = out.toByteArray();
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Provide
  Arbitrary<byte[]> mutatedZip() {
    return Arbitraries.integers().between(0, VALID.length - 1).list().ofMinSize(1).ofMaxSize(6)
        .flatMap(at -> Arbitraries.bytes().list().ofSize(at.size()).map(vals -> {
          byte[] b = VALID.clone();
          for (int i = 0; i < at.size(); i++) {
            b[at.get(i)] = vals.get(i);
          }
          return b;
        }));
  }

  private void onlyTypedFailures(byte[] zipBytes) throws IOException {
    Path zip = Files.write(Files.createTempFile(work, "z", ".zip"), zipBytes);
    try {
      ModuleZip.checkZip("example.com/m", "v1.0.0", zip);
    } catch (ModuleZipException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    try {
      ModuleZip.unzip(Files.createTempDirectory(work, "out").resolve("m"), "example.com/m", "v1.0.0", zip);
    } catch (ModuleZipException e) {
      assertThat(e.getMessage()).startsWith("unzip ");
    }
    try {
      DirHash.hashZip(zip);
    } catch (DirHashException e) {
      assertThat(e.getMessage()).startsWith("dirhash: ");
    }
  }

  @Property(tries = 300)
  void mutatedZipsFailOnlyWithPackageExceptions(@ForAll("mutatedZip") byte[] zip) throws IOException {
    onlyTypedFailures(zip);
  }

  @Property(tries = 200)
  void randomBytesFailOnlyWithPackageExceptions(@ForAll @Size(max = 400) byte[] zip) throws IOException {
    onlyTypedFailures(zip);
  }

  @Provide
  Arbitrary<String> pathLike() {
    return Arbitraries.strings()
        .withChars("aAzZ09./-_~ :'\"\\")
        .withCharRange('\u00e0', '\u00ff')
        .withChars('\u212a', '\u0130', '\ud83d', '\ude00', '\u263a', '\n', '\u0000')
        .ofMaxLength(24);
  }

  @Property(tries = 1000)
  void checksOnArbitraryNamesNeverThrow(
      @ForAll("pathLike") String modulePath, @ForAll("pathLike") String version,
      @ForAll @Size(max = 8) List<@net.jqwik.api.From("pathLike") String> names) throws IOException {
    ModuleZip.moduleVersionError(modulePath, version);
    List<SourceFile> files = new ArrayList<>();
    for (String n : names) {
      files.add(SourceFile.of(n, n.getBytes(UTF_8)));
    }
    CheckedFiles cf = ModuleZip.checkFiles(files);
    assertThat(cf.valid().size() + cf.omitted().size() + cf.invalid().size()).isLessThanOrEqualTo(names.size());
    RawZip raw = RawZip.create();
    names.forEach(n -> raw.add("example.com/m@v1.0.0/" + n, new byte[0]));
    try {
      ModuleZip.create(new ByteArrayOutputStream(), modulePath, version, files);
    } catch (ModuleZipException e) {
      assertThat(e.getMessage()).startsWith("create zip: ");
    }
    onlyTypedFailures(raw.bytes());
  }
}
