package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.mod.note.Note;
import dev.gofer.mod.note.Signer;
import dev.gofer.mod.note.Verifier;
import dev.gofer.mod.note.Verifiers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SumdbCommandTest {
  @Test
  void keygenPrintsAVerifierAndItsSigner() {
    GoferTest.Result r = GoferTest.run("sumdb", "keygen", "sum.corp.example");
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(2);
    Verifier v = Verifier.parse(lines[0]);
    Signer s = Signer.parse(lines[1]);
    assertThat(v.name()).isEqualTo("sum.corp.example");
    assertThat(s.keyHash()).isEqualTo(v.keyHash());
    byte[] signed = Note.of("hello\n").sign(s);
    assertThat(Note.open(signed, Verifiers.of(v)).text()).isEqualTo("hello\n");
  }

  @Test
  void signerFileIsPrivateAndNeverOverwritten(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("sumdb.key");
    GoferTest.Result r = GoferTest.run("sumdb", "keygen", "localhost.localdev/sumdb", "--signer-file", key.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(1);
    assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String signer = Files.readString(key, StandardCharsets.UTF_8).trim();
    assertThat(Signer.parse(signer).keyHash()).isEqualTo(Verifier.parse(r.out().trim()).keyHash());

    GoferTest.Result again = GoferTest.run("sumdb", "keygen", "other.example", "--signer-file", key.toString());
    assertThat(again.code()).isEqualTo(Gofer.EXIT_RUNTIME);
    assertThat(again.err().lines()).hasSize(1);
    assertThat(again.err()).contains("already exists");
    assertThat(Files.readString(key, StandardCharsets.UTF_8).trim()).isEqualTo(signer);
  }

  @Test
  void anInvalidNameIsAUsageError() {
    GoferTest.Result r = GoferTest.run("sumdb", "keygen", "has space");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("gofer: invalid database name \"has space\"");
  }

  @Test
  void jsonCarriesBothKeys() {
    GoferTest.Result r = GoferTest.run("sumdb", "keygen", "sum.corp.example", "--json");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("{\"name\":\"sum.corp.example\",\"verifier\":\"sum.corp.example+").contains("\"signer\":\"PRIVATE+KEY+");
  }
}
