package dev.gofer.mod.note;

import static dev.gofer.mod.testing.Mutations.mutate;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class NotePropertiesTest {
  private static final String PETER_V = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String PETER_S = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  private static final Signer SIGNER = Signer.parse(PETER_S);
  private static final Verifiers KNOWN = Verifiers.of(Verifier.parse(PETER_V));
  private static final String SIGNED =
      "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n"
          + "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  private static Arbitrary<String> mutants(String valid, String chars) {
    return Combinators.combine(
            Arbitraries.integers().between(0, valid.length()),
            Arbitraries.chars().with(chars),
            Arbitraries.integers().between(0, 2))
        .as((pos, c, op) -> mutate(valid, pos, c, op));
  }

  @Provide
  Arbitrary<String> verifierKeys() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80), mutants(PETER_V, "+=/aA09 \n\r\u00e9\u2003x"));
  }

  @Provide
  Arbitrary<String> signerKeys() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(90), mutants(PETER_S, "+=/aA09 \n\r\u00e9\u2003x"));
  }

  @Property(tries = 1000)
  void verifierParserThrowsOnlyNoteException(@ForAll("verifierKeys") String key) {
    try {
      Verifier v = Verifier.parse(key);
      assertThat(v.name()).isNotEmpty();
    } catch (NoteException expected) {
      // fine
    }
  }

  @Property(tries = 1000)
  void signerParserThrowsOnlyNoteException(@ForAll("signerKeys") String key) {
    try {
      Signer s = Signer.parse(key);
      assertThat(s.keyHash()).isEqualTo(0xc74f20a3); // the only valid one reachable here
    } catch (NoteException expected) {
      // fine
    }
  }

  @Provide
  Arbitrary<byte[]> notes() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
        mutants(SIGNED, "\n—+/= aAé\u0001\u2028").map(s -> s.getBytes(UTF_8)),
        Arbitraries.strings().ofMaxLength(100).map(s -> ("text\n\n— " + s + "\n").getBytes(UTF_8)));
  }

  /** Random and mutated messages: open either succeeds with a verified note or throws a NoteException. */
  @Property(tries = 2000)
  void openThrowsOnlyNoteExceptions(@ForAll("notes") byte[] msg) {
    try {
      Note n = Note.open(msg, KNOWN);
      assertThat(n.sigs()).isNotEmpty();
      assertThat(n.text()).endsWith("\n");
    } catch (NoteException expected) {
      // fine
    }
  }

  /** Any text ending in a newline signs and opens back, and any flipped signature bit is caught. */
  @Property(tries = 300)
  void signThenOpen(
      @ForAll("texts") String text, @ForAll @IntRange(min = 0, max = 64 * 8 - 1) int bit) {
    byte[] signed = Note.of(text).sign(SIGNER);
    Note n = Note.open(signed, KNOWN);
    assertThat(n.text()).isEqualTo(text);
    assertThat(n.sigs()).extracting(Signature::keyId).containsExactly("PeterNeumann+c74f20a3");

    String s = new String(signed, UTF_8);
    String b64 = s.substring(s.lastIndexOf(' ') + 1, s.length() - 1);
    byte[] raw = java.util.Base64.getDecoder().decode(b64);
    raw[4 + bit / 8] ^= (byte) (1 << (bit % 8));
    String tampered = s.substring(0, s.lastIndexOf(' ') + 1) + java.util.Base64.getEncoder().encodeToString(raw) + "\n";
    assertThatThrownBy(() -> Note.open(tampered.getBytes(UTF_8), KNOWN)).isInstanceOf(InvalidSignatureException.class);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars('\n', 'é', '—', '世')
        .ofMaxLength(120)
        .map(t -> t + "\n");
  }
}
