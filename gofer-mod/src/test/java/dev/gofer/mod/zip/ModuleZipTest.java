package dev.gofer.mod.zip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.testing.RawZip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleZipTest {
  @TempDir Path tmp;

  private Path zip(RawZip raw) throws IOException {
    return Files.write(Files.createTempFile(tmp, "m", ".zip"), raw.bytes());
  }

  @Test
  void unzipRefusesEntriesThatEscapeTheTarget() throws IOException {
    for (String evil : List.of("../evil.txt", "a/../../evil.txt", "/etc/evil", "a//b", "./a")) {
      Path zip = zip(RawZip.create().add("example.com/m@v1.0.0/" + evil, new byte[] {1}));
      Path dir = tmp.resolve("out" + Math.abs(evil.hashCode()));
      assertThatThrownBy(() -> ModuleZip.unzip(dir, "example.com/m", "v1.0.0", zip))
          .as(evil)
          .isInstanceOf(ModuleZipException.class)
          .hasMessageContaining("unzip " + zip + ": ");
      assertThat(dir).doesNotExist();
      assertThat(tmp.resolve("evil.txt")).doesNotExist();
    }
  }

  @Test
  void unzipRefusesContentLongerThanDeclared() throws IOException {
    Path zip = zip(RawZip.create()
        .add("example.com/m@v1.0.0/a.txt".getBytes(UTF_8), "hello, world".getBytes(UTF_8), 5));
    assertThatThrownBy(() -> ModuleZip.unzip(tmp.resolve("out"), "example.com/m", "v1.0.0", zip))
        .isInstanceOf(ModuleZipException.class)
        .hasMessageContaining(
            "uncompressed size of file example.com/m@v1.0.0/a.txt is larger than declared size (5 bytes)")
        .extracting(e -> ((ModuleZipException) e).rule())
        .isEqualTo(ZipRule.SIZE_MISMATCH);
  }

  @Test
  void declaredSizesOverTheLimitFailBeforeAnythingIsWritten() throws IOException {
    Path zip = zip(RawZip.create()
        .add("example.com/m@v1.0.0/bomb".getBytes(UTF_8), new byte[10], ModuleZip.MAX_ZIP_FILE + 1));
    Path dir = tmp.resolve("out");
    // 500 MiB + 1 does not fit the 32-bit field of a non-zip64 entry: use two large entries
    Path zip2 = zip(RawZip.create()
        .add("example.com/m@v1.0.0/a".getBytes(UTF_8), new byte[1], 300L << 20)
        .add("example.com/m@v1.0.0/b".getBytes(UTF_8), new byte[1], 300L << 20));
    CheckedFiles cf = ModuleZip.checkZip("example.com/m", "v1.0.0", zip2);
    assertThat(cf.sizeError()).contains(
        "total uncompressed size of module contents too large (max size is 524288000 bytes)");
    assertThatThrownBy(() -> ModuleZip.unzip(dir, "example.com/m", "v1.0.0", zip2))
        .isInstanceOf(ModuleZipException.class)
        .extracting(e -> ((ModuleZipException) e).rule())
        .isEqualTo(ZipRule.TOO_LARGE);
    assertThat(dir).doesNotExist();
    assertThat(zip).exists();
  }

  @Test
  void unzipNeedsAnEmptyTarget() throws IOException {
    Path zip = zip(RawZip.create().add("example.com/m@v1.0.0/a.go", new byte[] {1}));
    Path dir = Files.createDirectories(tmp.resolve("full"));
    Files.writeString(dir.resolve("x"), "x");
    assertThatThrownBy(() -> ModuleZip.unzip(dir, "example.com/m", "v1.0.0", zip))
        .isInstanceOf(ModuleZipException.class)
        .hasMessageContaining("target directory " + dir + " exists and is not empty");
  }

  @Test
  void unzippedFilesAreReadOnlyAndHashLikeTheZip() throws IOException {
    Path zip = zip(RawZip.create()
        .add("example.com/m@v1.0.0/", new byte[0])
        .add("example.com/m@v1.0.0/go.mod", "module example.com/m\n".getBytes(UTF_8))
        .add("example.com/m@v1.0.0/sub/", new byte[0])
        .add("example.com/m@v1.0.0/sub/a.go", "package sub\n".getBytes(UTF_8)));
    Path dir = tmp.resolve("out");
    ModuleZip.unzip(dir, "example.com/m", "v1.0.0", zip);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sub/a.go"))))
        .isEqualTo("r--r--r--");
    // the zip hash counts the directory entries, the directory hash cannot
    Path plain = zip(RawZip.create()
        .add("example.com/m@v1.0.0/go.mod", "module example.com/m\n".getBytes(UTF_8))
        .add("example.com/m@v1.0.0/sub/a.go", "package sub\n".getBytes(UTF_8)));
    assertThat(DirHash.hashDir(dir, "example.com/m@v1.0.0")).isEqualTo(DirHash.hashZip(plain));
  }

  @Test
  void createLeavesOutSymlinksAndIrregularFilesFromDirectories() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("go.mod"), "module example.com/m\n\ngo 1.21\n");
    Files.writeString(src.resolve("a.go"), "package m\n");
    Files.createSymbolicLink(src.resolve("link.go"), src.resolve("a.go"));
    Files.createDirectories(src.resolve(".git"));
    Files.writeString(src.resolve(".git/HEAD"), "ref: x\n");
    CheckedFiles cf = ModuleZip.checkDir(src);
    assertThat(cf.valid()).containsExactly(src.resolve("a.go").toString(), src.resolve("go.mod").toString());
    assertThat(cf.omitted()).extracting(FileError::rule)
        .containsExactlyInAnyOrder(ZipRule.VCS_DIRECTORY, ZipRule.NOT_REGULAR);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModuleZip.createFromDir(out, "example.com/m", "v1.0.0", src);
    Path zip = Files.write(tmp.resolve("m.zip"), out.toByteArray());
    assertThat(ModuleZip.checkZip("example.com/m", "v1.0.0", zip).valid())
        .containsExactly("example.com/m@v1.0.0/a.go", "example.com/m@v1.0.0/go.mod");
  }

  @Test
  void createRefusesContentLongerThanTheDeclaredSize() {
    SourceFile liar = new SourceFile() {
      public String path() { return "a.go"; }
      public Type type() { return Type.REGULAR; }
      public long size() { return 3; }
      public java.io.InputStream open() { return new java.io.ByteArrayInputStream(new byte[10]); }
    };
    assertThatThrownBy(() -> ModuleZip.create(new ByteArrayOutputStream(), "example.com/m", "v1.0.0", List.of(liar)))
        .isInstanceOf(ModuleZipException.class)
        .hasMessage("create zip: file \"a.go\" is larger than declared size");
  }

  @Test
  void toolchainZipsWithUnderscoreGoModAreValid() throws IOException {
    JsonNode tc = Vectors.load("toolchain-module");
    JsonNode ex = tc.get("examples").get(0);
    String prefix = ex.get("zip_prefix").asText();
    String version = ex.get("module_version").asText();
    Path zip = zip(RawZip.create()
        .add(prefix + "VERSION", "go1.21.0\n".getBytes(UTF_8))
        .add(prefix + "bin/go", new byte[] {0x7f, 'E', 'L', 'F'})
        .add(prefix + "src/_go.mod", "module std\n".getBytes(UTF_8))
        .add(prefix + "src/cmd/_go.mod", "module cmd\n".getBytes(UTF_8)));
    String path = tc.get("module_path").asText();
    assertThat(ModuleZip.checkZip(path, version, zip).isValid()).isTrue();
    Path dir = tmp.resolve("toolchain");
    ModuleZip.unzip(dir, path, version, zip);
    assertThat(dir.resolve("src/cmd/_go.mod")).hasContent("module cmd");
    Path nested = zip(RawZip.create().add(prefix + "src/go.mod", new byte[0]));
    assertThat(ModuleZip.checkZip(path, version, nested).invalid())
        .extracting(FileError::rule).containsExactly(ZipRule.GO_MOD_NOT_IN_ROOT);
  }

  /** A toolchain-like placement: bin/ executable, _go.mod copied to go.mod, on four threads. */
  static final Placement TOOLCHAIN_LIKE = new Placement() {
    public java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(String name) {
      return PosixFilePermissions.fromString(name.startsWith("bin/") ? "rwxr-xr-x" : "rw-r--r--");
    }

    public List<String> copies(String name) {
      return name.endsWith("_go.mod") ? List.of(name.replace("_go.mod", "go.mod")) : List.of();
    }

    public int writers() {
      return 4;
    }
  };

  @Test
  void aPlacementWritesEachFileOnceWithItsFinalModeAndCopies() throws IOException {
    RawZip raw = RawZip.create()
        .add("example.com/m@v1.0.0/bin/tool", "#!/bin/sh\n".getBytes(UTF_8))
        .add("example.com/m@v1.0.0/src/_go.mod", "module std\n".getBytes(UTF_8))
        .add("example.com/m@v1.0.0/src/cmd/_go.mod", "module cmd\n".getBytes(UTF_8));
    for (int i = 0; i < 200; i++) {
      raw.add("example.com/m@v1.0.0/src/p" + (i % 7) + "/f" + i + ".go", ("package p // " + i + "\n").getBytes(UTF_8));
    }
    Path zip = zip(raw);
    Path dir = tmp.resolve("out");
    ModuleZip.unzip(dir, "example.com/m", "v1.0.0", zip, TOOLCHAIN_LIKE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("bin/tool")))).isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("src/p3/f10.go")))).isEqualTo("rw-r--r--");
    assertThat(dir.resolve("src/p3/f10.go")).hasContent("package p // 10");
    assertThat(dir.resolve("src/_go.mod")).hasContent("module std");
    assertThat(dir.resolve("src/go.mod")).hasContent("module std");
    assertThat(dir.resolve("src/cmd/go.mod")).hasContent("module cmd");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("src/go.mod")))).isEqualTo("rw-r--r--");
    try (Stream<Path> s = Files.walk(dir)) {
      assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(203 + 2);
    }
  }

  @Test
  void aPlacementKeepsEverySafetyRule() throws IOException {
    for (String evil : List.of("../evil.txt", "a/../../evil.txt", "/etc/evil")) {
      Path zip = zip(RawZip.create().add("example.com/m@v1.0.0/" + evil, new byte[] {1}));
      Path dir = tmp.resolve("out" + Math.abs(evil.hashCode()));
      assertThatThrownBy(() -> ModuleZip.unzip(dir, "example.com/m", "v1.0.0", zip, TOOLCHAIN_LIKE))
          .as(evil).isInstanceOf(ModuleZipException.class);
      assertThat(dir).doesNotExist();
      assertThat(tmp.resolve("evil.txt")).doesNotExist();
    }
    // a copy that escapes, or collides with an entry under case folding, is refused before writing
    Placement escaping = new Placement() {
      public java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(String name) {
        return PosixFilePermissions.fromString("rw-r--r--");
      }

      public List<String> copies(String name) {
        return List.of("../" + name);
      }
    };
    Path one = zip(RawZip.create().add("example.com/m@v1.0.0/a.go", new byte[] {1}));
    assertThatThrownBy(() -> ModuleZip.unzip(tmp.resolve("esc"), "example.com/m", "v1.0.0", one, escaping))
        .isInstanceOf(ModuleZipException.class).hasMessageContaining("is not a valid file path");
    assertThat(tmp.resolve("a.go")).doesNotExist();
    assertThat(tmp.resolve("esc")).isEmptyDirectory();
    Path clash2 = zip(RawZip.create()
        .add("example.com/m@v1.0.0/x/_go.mod", new byte[] {1})
        .add("example.com/m@v1.0.0/x/Go.modx", new byte[] {2}));
    Placement folding = new Placement() {
      public java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(String name) {
        return PosixFilePermissions.fromString("rw-r--r--");
      }

      public List<String> copies(String name) {
        return name.equals("x/_go.mod") ? List.of("x/GO.MODX") : List.of();
      }
    };
    assertThatThrownBy(() -> ModuleZip.unzip(tmp.resolve("clash2"), "example.com/m", "v1.0.0", clash2, folding))
        .isInstanceOfSatisfying(ModuleZipException.class, e -> assertThat(e.rule()).isEqualTo(ZipRule.CASE_COLLISION))
        .hasMessageContaining("case-insensitive file name collision");
    assertThat(tmp.resolve("clash2")).isEmptyDirectory();
  }

  @Test
  void aFailingFileStopsEveryWriterAndIsReported() throws IOException {
    RawZip raw = RawZip.create();
    for (int i = 0; i < 100; i++) {
      raw.add("example.com/m@v1.0.0/f" + i, new byte[100]);
    }
    raw.add("example.com/m@v1.0.0/liar".getBytes(UTF_8), "hello, world".getBytes(UTF_8), 5);
    for (int i = 100; i < 200; i++) {
      raw.add("example.com/m@v1.0.0/f" + i, new byte[100]);
    }
    Path zip = zip(raw);
    assertThatThrownBy(() -> ModuleZip.unzip(tmp.resolve("out"), "example.com/m", "v1.0.0", zip, TOOLCHAIN_LIKE))
        .isInstanceOfSatisfying(ModuleZipException.class, e -> assertThat(e.rule()).isEqualTo(ZipRule.SIZE_MISMATCH))
        .hasMessageContaining("liar is larger than declared size (5 bytes)");
  }

  @Test
  void vendoringDependsOnTheGoLine() {
    assertThat(Stream.of("1.24", "1.24.0", "1.24rc1", "1.25", "2.0")).allMatch(Vendoring::langAtLeast124);
    assertThat(Stream.of("1.23", "1.23.9", "1", "", "1.024", "x", "1.2x4", "1.24.")).noneMatch(Vendoring::langAtLeast124);
    assertThat(Vendoring.go124("module m\n\ngo 1.24\n".getBytes(UTF_8))).isTrue();
    assertThat(Vendoring.go124("module m\n\ngo 1.23\n".getBytes(UTF_8))).isFalse();
    assertThat(Vendoring.go124("module m\n\ngo 1.24 1.25\n".getBytes(UTF_8))).isFalse();
  }

  @Test
  void caseFoldFollowsGoNotTheJdk() {
    assertThat(CaseFold.key("M.GO")).isEqualTo("m.go");
    assertThat(CaseFold.key("\u212a")).isEqualTo("k"); // KELVIN SIGN folds to k
    assertThat(CaseFold.key("\u017f")).isEqualTo("s"); // LONG S folds to s
    assertThat(CaseFold.key("\u0130")).isEqualTo("\u0130"); // dotted capital I does not fold in Go
    assertThat(CaseFold.key("\u0131")).isEqualTo("\u0131"); // dotless i does not either
    assertThat(CaseFold.key("\u03c3")).isEqualTo(CaseFold.key("\u03c2")).isEqualTo(CaseFold.key("\u03a3"));
  }

  @Test
  void modulePathAndVersionErrorsUseGoWords() {
    assertThat(ModuleZip.moduleVersionError("example.com/m/v2", "v2.1.0")).isNull();
    assertThat(ModuleZip.moduleVersionError("example.com/m", "v3.0.0+incompatible")).isNull();
    assertThat(ModuleZip.moduleVersionError("gopkg.in/yaml.v2", "v2.4.0")).isNull();
    assertThat(ModuleZip.moduleVersionError("example.com/m/v2", "v1.0.0"))
        .isEqualTo("example.com/m/v2@v1.0.0: invalid version: should be v2, not v1");
    assertThat(ModuleZip.moduleVersionError("example.com/m", "v1.0"))
        .isEqualTo("version \"v1.0\" is not canonical (should be \"v1.0.0\")");
    assertThat(ModuleZip.filePathError("a/aux.c")).isEqualTo(
        "malformed file path \"a/aux.c\": \"aux\" disallowed as path element component on Windows");
    assertThat(ModuleZip.filePathError(".github/x y/-z.go")).isNull();
    assertThat(ModuleZip.filePathError("a\u263a")).isEqualTo("malformed file path \"a\u263a\": invalid char '\u263a'");
  }
}
