package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gofer.mod.testing.GoCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir Path tmp;

  @Test
  void withoutABinaryItIsAUsageError() {
    GoferTest.Result r = GoferTest.run("inspect");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).startsWith("gofer: Missing required parameter: 'BINARY'");
  }

  @Test
  void aMissingFileIsOneLineAndExit3() {
    Path missing = tmp.resolve("nope");
    GoferTest.Result r = GoferTest.run("inspect", missing.toString());
    assertThat(r.code()).isEqualTo(Gofer.EXIT_RUNTIME);
    assertThat(r.err()).isEqualTo("gofer: " + missing + ": no such file\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aFileThatIsNotElfIsOneLineAndExit3() throws Exception {
    Path text = Files.writeString(tmp.resolve("script.sh"), "#!/bin/sh\necho hi\n");
    GoferTest.Result r = GoferTest.run("inspect", "--json", text.toString());
    assertThat(r.code()).isEqualTo(Gofer.EXIT_RUNTIME);
    assertThat(r.err()).isEqualTo("gofer: " + text + ": not an ELF file (bad magic number)\n");
    Path empty = Files.createFile(tmp.resolve("empty"));
    assertThat(GoferTest.run("inspect", empty.toString()).err()).isEqualTo("gofer: " + empty + ": empty file\n");
    assertThat(GoferTest.run("audit", text.toString()).err()).isEqualTo("gofer: " + text + ": not an ELF file (bad magic number)\n");
  }

  @Test
  void textStartsWithExactlyWhatGoVersionMPrintsAndJsonHasEverything() throws Exception {
    assumeTrue(GoCommand.available(), "go is not on PATH");
    Path dir = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(dir.resolve("go.mod"), "module example.com/inspect/app\n\ngo 1.21\n");
    Files.writeString(dir.resolve("main.go"), "package main\n\nfunc main() {}\n");
    GoCommand go = GoCommand.hermetic(tmp.resolve("go"), "off", Map.of("GOCACHE", HermeticWorld.SHARED_GOCACHE.toString()));
    Path bin = dir.resolve("app");
    go.output(dir, Map.of("CGO_ENABLED", "0"), "build", "-trimpath", "-o", bin.toString(), ".");
    String goVersionM = go.output(dir, Map.of(), "version", "-m", bin.toString());

    GoferTest.Result text = GoferTest.run("inspect", bin.toString());
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).startsWith(goVersionM + "\n");
    assertThat(text.out().substring(goVersionM.length() + 1))
        .contains("elf                ELF64 little-endian, amd64\n")
        .contains("linkage            statically linked\n")
        .contains("libc               none\n")
        .contains("stripped           no\n")
        .contains("cgroup-gomaxprocs  no (");

    GoferTest.Result json = GoferTest.run("inspect", "--json", bin.toString());
    assertThat(json.code()).isZero();
    assertThat(json.out())
        .startsWith("{\"file\":\"" + bin + "\",\"goVersion\":\"go")
        .contains("\"path\":\"example.com/inspect/app\"")
        .contains("{\"key\":\"-trimpath\",\"value\":\"true\"}")
        .contains("\"static\":true,\"pie\":false,\"linkage\":\"statically linked\",\"interpreter\":null,\"needed\":[]")
        .contains("\"cgoEnabled\":false")
        .endsWith("}\n");
  }
}
