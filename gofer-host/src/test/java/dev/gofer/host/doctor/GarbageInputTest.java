package dev.gofer.host.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.host.HostRoot;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property-style: every file of a fixture replaced by random bytes, or removed, one at a time and
 * all at once; the doctor must still give a finding with a level for every check, never throw
 * (a thrown exception would show as "check failed: ..." from the runner).
 */
class GarbageInputTest {
  @TempDir Path dir;

  @Test
  void randomBytesInEveryFileNeverBreakACheck() throws IOException {
    Random random = new Random(20261126L);
    for (String fixture : List.of("rhel9", "ubuntu2404", "weak-cmdline")) {
      Path tree = copy(Fixtures.path(fixture), dir.resolve(fixture));
      List<Path> files = files(tree);
      for (int round = 0; round < 30; round++) {
        for (Path f : files) {
          byte[] junk = new byte[random.nextInt(round < 10 ? 8 : 200)];
          random.nextBytes(junk);
          if (round % 3 == 1) {
            // plausible-looking junk: digits, signs, spaces and separators
            for (int i = 0; i < junk.length; i++) {
              String alphabet = "0123456789- \t\n:=,x";
              junk[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
          }
          Files.write(f, junk);
        }
        assertSane(tree, fixture + " round " + round);
      }
    }
  }

  @Test
  void eachFileMissingInTurnNeverBreaksACheck() throws IOException {
    Path source = Fixtures.path("rhel9");
    for (Path rel : files(source).stream().map(source::relativize).toList()) {
      Path tree = copy(source, dir.resolve("t"));
      Files.delete(tree.resolve(rel));
      assertSane(tree, "without /" + rel);
      deleteTree(tree);
    }
  }

  @Test
  void directoriesWhereFilesShouldBeNeverBreakACheck() throws IOException {
    Path tree = copy(Fixtures.path("ubuntu2204"), dir.resolve("d"));
    for (Path f : files(tree)) {
      Files.delete(f);
      Files.createDirectories(f);
    }
    assertSane(tree, "directories everywhere");
  }

  private static void assertSane(Path tree, String what) {
    for (Profile p : Profile.values()) {
      Context c = Fixtures.context(HostRoot.of(tree), p,
          Map.of("PATH", "/usr/local/bin:/usr/bin:/usr/local/go/bin", "HOME", "/root"));
      Report r = Doctor.standard().run(c, Set.of());
      assertThat(r.findings()).as(what).hasSize(Checks.all().size());
      assertThat(r.findings()).as(what).allSatisfy(f -> {
        assertThat(f.level()).isNotNull();
        assertThat(f.observed()).doesNotStartWith("check failed");
      });
      SysctlPlan.of(c).render();
    }
  }

  private static List<Path> files(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    try (var s = Files.walk(root)) {
      s.filter(Files::isRegularFile).sorted().forEach(out::add);
    }
    return out;
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(d).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }
    });
    return to;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
