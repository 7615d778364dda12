package dev.gofer.mod.note;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Every vector of note-signatures.json and the signatures of sum-golang-org-real.json. */
class NoteVectorsTest {
  private static final JsonNode V = Vectors.load("note-signatures");
  private static final String PETER_V = V.get("keys").get("PeterNeumann").get("verifier_key").asText();
  private static final String PETER_S = V.get("keys").get("PeterNeumann").get("signer_key").asText();

  private static List<String> strings(JsonNode a) {
    return a == null ? List.of() : StreamSupport.stream(a.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static Verifiers verifiers(JsonNode keys) {
    return Verifiers.of(strings(keys).stream().map(Verifier::parse).toList());
  }

  private static Signer[] signers(JsonNode keys) {
    return strings(keys).stream().map(Signer::parse).toArray(Signer[]::new);
  }

  private static byte[] message(JsonNode c) {
    return c.has("message_hex") ? Vectors.hex(c.get("message_hex").asText()) : c.get("message").asText().getBytes(UTF_8);
  }

  private static List<String> ids(List<Signature> sigs) {
    return sigs.stream().map(Signature::keyId).toList();
  }

  @Test
  void keysParseAndHash() {
    V.get("keys").fields().forEachRemaining(e -> {
      JsonNode k = e.getValue();
      Verifier v = Verifier.parse(k.get("verifier_key").asText());
      int hash = (int) Long.parseLong(k.get("key_hash_hex").asText(), 16);
      assertThat(v.name()).isEqualTo(k.get("name").asText());
      assertThat(v.keyHash()).isEqualTo(hash);
      byte[] pub = Vectors.hex(k.get("ed25519_public_key_hex").asText());
      byte[] keyData = new byte[33];
      keyData[0] = (byte) k.get("algorithm_byte").asInt();
      System.arraycopy(pub, 0, keyData, 1, 32);
      assertThat(Keys.keyHash(v.name(), keyData)).isEqualTo((int) Long.parseLong(k.get("key_hash_recomputed").asText(), 16));
      assertThat(Keys.ed25519VerifierKey(v.name(), pub)).isEqualTo(k.get("verifier_key").asText());
      for (String f : List.of("signer_key", "signer_key_derived")) {
        if (k.has(f)) {
          Signer s = Signer.parse(k.get(f).asText());
          assertThat(s.name()).isEqualTo(v.name());
          assertThat(s.keyHash()).isEqualTo(hash);
          byte[] msg = "hello\n".getBytes(UTF_8);
          assertThat(v.verify(msg, s.sign(msg))).isTrue();
        }
      }
      if (k.has("ed25519_seed_hex")) {
        byte[] seed = Vectors.hex(k.get("ed25519_seed_hex").asText());
        assertThat(Ed25519.publicKeyOfSeed(seed)).isEqualTo(pub);
      }
    });
  }

  @Test
  void jdkDerHeadersMatchTheVectorNotes() {
    JsonNode f = V.get("format_notes");
    assertThat(HexFormat.of().formatHex("— ".getBytes(UTF_8))).isEqualTo(f.get("signature_line_prefix_utf8_hex").asText());
    // Our headers are the documented ones: a key built from them verifies a published signature.
    byte[] pub = Vectors.hex(V.get("keys").get("PeterNeumann").get("ed25519_public_key_hex").asText());
    assertThat(Ed25519.publicKey(pub).getEncoded())
        .isEqualTo(Vectors.hex(f.get("jdk_ed25519_spki_prefix_hex").asText() + HexFormat.of().formatHex(pub)));
    byte[] seed = Vectors.hex(V.get("keys").get("PeterNeumann").get("ed25519_seed_hex").asText());
    assertThat(Ed25519.privateKey(seed).getEncoded())
        .startsWith(Vectors.hex(f.get("jdk_ed25519_pkcs8_prefix_hex").asText()));
  }

  @Test
  void sign() {
    for (JsonNode c : V.get("sign")) {
      Note n;
      if (c.has("existing_note")) {
        n = Note.open(c.get("existing_note").asText().getBytes(UTF_8), verifiers(c.get("verifier_keys_for_open")));
      } else {
        List<Signature> existing = new ArrayList<>();
        for (JsonNode s : c.path("existing_signatures")) {
          existing.add(new Signature(s.get("name").asText(), (int) Long.parseLong(s.get("hash_hex").asText(), 16), s.get("base64").asText()));
        }
        n = new Note(c.get("text").asText(), existing, List.of());
      }
      Signer[] signers = signers(c.get("signer_keys"));
      if (c.has("expected_error")) {
        assertThatThrownBy(() -> n.sign(signers)).as(c.get("name").asText())
            .isExactlyInstanceOf(NoteException.class)
            .hasMessage(c.get("expected_error").asText());
      } else {
        assertThat(new String(n.sign(signers), UTF_8)).as(c.get("name").asText()).isEqualTo(c.get("expected_note").asText());
      }
    }
  }

  @Test
  void signRejectsAnInvalidSignerName() {
    Signer peter = Signer.parse(PETER_S);
    Signer bad = new Signer() {
      @Override public String name() { return "bad name"; }
      @Override public int keyHash() { return peter.keyHash(); }
      @Override public byte[] sign(byte[] msg) { return peter.sign(msg); }
    };
    assertThatThrownBy(() -> Note.of("text\n").sign(bad)).hasMessage("invalid signer");
  }

  @Test
  void open() {
    for (JsonNode c : V.get("open")) {
      String name = c.get("name").asText();
      Verifiers known = verifiers(c.get("verifier_keys"));
      byte[] msg = message(c);
      if (c.has("expected_error")) {
        String err = c.get("expected_error").asText();
        assertThatThrownBy(() -> Note.open(msg, known)).as(name).isInstanceOf(NoteException.class).hasMessage(err);
        continue;
      }
      JsonNode e = c.get("expected");
      Note n = Note.open(msg, known);
      assertThat(n.text()).as(name).isEqualTo(e.get("text").asText());
      assertThat(ids(n.sigs())).as(name).isEqualTo(strings(e.get("verified")));
      assertThat(ids(n.unverifiedSigs())).as(name).isEqualTo(strings(e.get("unverified")));
      if (e.has("unverified_base64")) {
        assertThat(n.unverifiedSigs()).extracting(Signature::base64).isEqualTo(strings(e.get("unverified_base64")));
      }
    }
  }

  @Test
  void openErrorTypes() {
    JsonNode open = V.get("open");
    JsonNode noKeys = open.get(2);
    assertThat(noKeys.get("expected_error").asText()).isEqualTo("note has no verifiable signatures");
    assertThatThrownBy(() -> Note.open(message(noKeys), Verifiers.of()))
        .isInstanceOfSatisfying(UnverifiedNoteException.class, ex -> {
          assertThat(ex.note().sigs()).isEmpty();
          assertThat(ids(ex.note().unverifiedSigs())).containsExactly("PeterNeumann+c74f20a3", "EnochRoot+af0cfe78");
          assertThat(ex.note().text()).endsWith("your problem is.\n");
        });
    JsonNode corrupted = open.get(7);
    assertThat(corrupted.get("name").asText()).isEqualTo("known key, corrupted signature");
    assertThatThrownBy(() -> Note.open(message(corrupted), verifiers(corrupted.get("verifier_keys"))))
        .isInstanceOfSatisfying(InvalidSignatureException.class, ex -> {
          assertThat(ex.name()).isEqualTo("PeterNeumann");
          assertThat(ex.keyHash()).isEqualTo(0xc74f20a3);
        });
  }

  @Test
  void openRejectsMalformed() {
    JsonNode m = V.get("open_malformed");
    Verifiers known = verifiers(m.get("verifier_keys"));
    for (JsonNode c : m.get("messages")) {
      assertThatThrownBy(() -> Note.open(message(c), known)).as(c.get("case").asText())
          .isExactlyInstanceOf(NoteException.class)
          .hasMessage(m.get("expected_error").asText());
    }
  }

  @Test
  void openChecksTheVerifierItIsGiven() {
    Verifier peter = Verifier.parse(PETER_V);
    byte[] msg = V.get("sign").get(0).get("expected_note").asText().getBytes(UTF_8);
    Verifiers liar = (name, hash) -> Verifier.parse(V.get("keys").get("EnochRoot").get("verifier_key").asText());
    assertThatThrownBy(() -> Note.open(msg, liar)).hasMessage("verifier name or hash doesn't match signature");
    assertThat(Note.open(msg, Verifiers.of(peter)).sigs()).hasSize(1);
  }

  @Test
  void verifierListLookup() {
    for (JsonNode c : V.get("verifier_list_lookup")) {
      Verifiers list = verifiers(c.get("verifier_keys"));
      String name = c.get("lookup").get(0).asText();
      int hash = (int) Long.parseLong(c.get("lookup").get(1).asText(), 16);
      if (c.has("expected_error")) {
        String err = c.get("expected_error").asText();
        var t = assertThatThrownBy(() -> list.verifier(name, hash)).isInstanceOf(NoteException.class).hasMessage(err);
        if (err.startsWith("unknown key")) {
          t.isInstanceOfSatisfying(UnknownVerifierException.class, ex -> {
            assertThat(ex.name()).isEqualTo(name);
            assertThat(ex.keyHash()).isEqualTo(hash);
          });
        }
      } else {
        Verifier v = list.verifier(name, hash);
        assertThat(v.name()).isEqualTo("PeterNeumann");
        assertThat(v.keyHash()).isEqualTo(hash);
      }
    }
  }

  @Test
  void badVerifierKeys() {
    for (JsonNode c : V.get("bad_verifier_keys").get("explicit")) {
      assertThatThrownBy(() -> Verifier.parse(c.get("key").asText())).as(c.get("why").asText()).isInstanceOf(NoteException.class);
    }
    assertThatThrownBy(() -> Verifier.parse(V.get("bad_verifier_keys").get("explicit").get(0).get("key").asText()))
        .hasMessage("malformed verifier id");
    assertThatThrownBy(() -> Verifier.parse(V.get("bad_verifier_keys").get("explicit").get(1).get("key").asText()))
        .hasMessage("unknown verifier algorithm");
    assertThatThrownBy(() -> Verifier.parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .hasMessage("invalid verifier hash");
  }

  /** The generated rule: every proper substring and every single-byte increment is rejected. */
  @Test
  void everyProperSubstringAndByteIncrementIsRejected() {
    assertMutantsRejected(PETER_V, Verifier::parse);
    assertMutantsRejected(PETER_S, Signer::parse);
    // Go's decoder skips line breaks inside base64, so this is still the same key.
    assertThat(Verifier.parse(PETER_V.substring(0, 30) + "\r\n" + PETER_V.substring(30)).keyHash()).isEqualTo(0xc74f20a3);
  }

  private static void assertMutantsRejected(String key, java.util.function.Function<String, ?> parse) {
    byte[] b = key.getBytes(UTF_8);
    for (int i = 0; i <= b.length; i++) {
      for (int j = i + 1; j <= b.length; j++) {
        if (i == 0 && j == b.length) {
          continue;
        }
        String sub = new String(b, i, j - i, UTF_8);
        assertThatThrownBy(() -> parse.apply(sub)).as(sub).isInstanceOf(NoteException.class);
      }
    }
    for (int i = 0; i < b.length; i++) {
      byte[] m = b.clone();
      m[i]++;
      String mutant = new String(m, UTF_8);
      assertThatThrownBy(() -> parse.apply(mutant)).as(mutant).isInstanceOf(NoteException.class);
    }
    parse.apply(key);
  }

  @Test
  void signerKeyErrors() {
    assertThatThrownBy(() -> Signer.parse("PRIVATE+KEY+PeterNeumann+c74f20a3+ZYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"))
        .hasMessage("unknown verifier algorithm");
    assertThatThrownBy(() -> Signer.parse("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"))
        .hasMessage("invalid verifier hash");
    assertThatThrownBy(() -> Signer.parse(PETER_V)).hasMessage("malformed verifier id");
  }

  @Test
  void realSumGolangOrgHeadsVerify() {
    JsonNode real = Vectors.load("sum-golang-org-real");
    Verifiers known = Verifiers.of(Verifier.parse(real.get("verifier_key").asText()));
    assertThat(Verifier.parse(real.get("verifier_key").asText()).keyHash())
        .isEqualTo((int) Long.parseLong(V.get("keys").get("sum.golang.org").get("key_hash_hex").asText(), 16));
    for (JsonNode sth : real.get("signed_tree_heads")) {
      Note n = Note.open(sth.get("note").asText().getBytes(UTF_8), known);
      assertThat(ids(n.sigs())).containsExactly("sum.golang.org+033de0ae");
      assertThat(n.text()).startsWith("go.sum database tree\n" + sth.get("tree_size").asLong() + "\n");
      // Flipping a byte of the signed text breaks the signature.
      byte[] tampered = sth.get("note").asText().getBytes(UTF_8);
      tampered[25] ^= 1;
      assertThatThrownBy(() -> Note.open(tampered, known)).isInstanceOf(InvalidSignatureException.class);
    }
    String body = real.get("lookup_response").get("body").asText();
    String head = body.substring(body.indexOf("\n\ngo.sum database tree") + 2);
    assertThat(Note.open(head.getBytes(UTF_8), known).text()).contains("28905453");
  }

  @Test
  void testLogHeadsVerifyAndReSignIdentically() {
    JsonNode log = Vectors.load("sumdb-test-log");
    Verifiers known = Verifiers.of(Verifier.parse(log.get("verifier_key").asText()));
    Signer signer = Signer.parse(log.get("signer_key").asText());
    List<String> notes = new ArrayList<>(strings(log.get("signed_tree_heads")));
    notes.add(log.get("fork_scenario").get("server_a_tree_5").asText());
    notes.add(log.get("fork_scenario").get("server_b_tree_6").asText());
    for (String note : notes) {
      Note n = Note.open(note.getBytes(UTF_8), known);
      assertThat(new String(Note.of(n.text()).sign(signer), UTF_8)).isEqualTo(note);
    }
    assertThat(log.get("client_config_key_file_content").asText().strip()).isEqualTo(log.get("verifier_key").asText());
  }

  @Test
  void generatedKeysRoundTrip() {
    Keys.KeyPair kp = Keys.generate("example.com/sumdb");
    Signer s = Signer.parse(kp.signerKey());
    Verifier v = Verifier.parse(kp.verifierKey());
    assertThat(kp.signerKey()).startsWith("PRIVATE+KEY+example.com/sumdb+" + String.format("%08x", v.keyHash()) + "+");
    assertThat(kp.toString()).doesNotContain(kp.signerKey()).contains(kp.verifierKey());
    byte[] signed = Note.of("hello\n").sign(s);
    assertThat(Note.open(signed, Verifiers.of(v)).sigs()).hasSize(1);
    assertThatThrownBy(() -> Keys.generate("bad name")).isInstanceOf(NoteException.class);
    assertThatThrownBy(() -> Keys.generate("a+b")).isInstanceOf(NoteException.class);
  }

  /** example_test.go generates EnochRoot from an all-zero random source. */
  @Test
  void generateFromZeroSeedGivesEnochRoot() {
    SecureRandom zeros = new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        Arrays.fill(bytes, (byte) 0);
      }
    };
    Keys.KeyPair kp = Keys.generate("EnochRoot", zeros);
    JsonNode enoch = V.get("keys").get("EnochRoot");
    assertThat(kp.verifierKey()).isEqualTo(enoch.get("verifier_key").asText());
    assertThat(kp.signerKey()).isEqualTo(enoch.get("signer_key_derived").asText());
    assertThat(Base64.getDecoder().decode(kp.signerKey().substring(kp.signerKey().lastIndexOf('+') + 1))).hasSize(33);
  }
}
