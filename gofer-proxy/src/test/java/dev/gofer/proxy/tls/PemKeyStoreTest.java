package dev.gofer.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PEM certificates and keys made by the real openssl; skipped where openssl is missing. */
class PemKeyStoreTest {
  @TempDir static Path dir;
  static TestPki pki;

  @BeforeAll
  static void ca() throws Exception {
    assumeTrue(TestPki.available(), "openssl is not on PATH: skipping the PEM tests");
    pki = TestPki.create(dir.resolve("pki"));
  }

  @ParameterizedTest
  @EnumSource(TestPki.KeyType.class)
  void loadsChainAndPkcs8Key(TestPki.KeyType type) throws Exception {
    TestPki.Server s = pki.server("load-" + type, type);
    assertThat(Files.readString(s.key())).startsWith("-----BEGIN PRIVATE KEY-----");
    PemKeyStore.Loaded loaded = PemKeyStore.load(s.certificate(), s.key());
    assertThat(loaded.subject()).isEqualTo("CN=load-" + type);
    assertThat(loaded.keyStore().getKey(PemKeyStore.ALIAS, loaded.password().toCharArray())).isNotNull();
    X509Certificate leaf = (X509Certificate) loaded.keyStore().getCertificateChain(PemKeyStore.ALIAS)[0];
    assertThat(leaf).isEqualTo(loaded.leaf());
  }

  @Test
  void loadsAChainFileLeafFirst() throws Exception {
    TestPki.Server s = pki.server("chain", TestPki.KeyType.EC);
    Path chain = dir.resolve("chain-full.pem");
    Files.writeString(chain, Files.readString(s.certificate()) + Files.readString(pki.caCertificate));
    PemKeyStore.Loaded loaded = PemKeyStore.load(chain, s.key());
    assertThat(loaded.keyStore().getCertificateChain(PemKeyStore.ALIAS)).hasSize(2);
  }

  @Test
  void readsPkcs1RsaKeys() throws Exception {
    TestPki.Server s = pki.server("pkcs1", TestPki.KeyType.RSA);
    Path pkcs1 = pki.traditional(s.key());
    assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(PemKeyStore.load(s.certificate(), pkcs1).subject()).isEqualTo("CN=pkcs1");
  }

  @Test
  void refusesSec1EcKeysWithTheCommandThatConvertsThem() throws Exception {
    TestPki.Server s = pki.server("sec1", TestPki.KeyType.EC);
    Path sec1 = pki.traditional(s.key());
    assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThatThrownBy(() -> PemKeyStore.load(s.certificate(), sec1))
        .isInstanceOf(TlsException.class)
        .hasMessage(sec1 + ": an EC key in SEC1 form; gofer reads PKCS#8: convert it with: openssl pkcs8 -topk8 -nocrypt -in "
            + sec1 + " -out " + sec1 + ".pkcs8");
    // The command works: its output loads.
    TestPki.openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", sec1.toString(), "-out", sec1 + ".pkcs8");
    assertThat(PemKeyStore.load(s.certificate(), Path.of(sec1 + ".pkcs8")).subject()).isEqualTo("CN=sec1");
  }

  @Test
  void refusesAKeyThatIsNotTheCertificates() throws Exception {
    TestPki.Server a = pki.server("a", TestPki.KeyType.EC);
    TestPki.Server b = pki.server("b", TestPki.KeyType.EC);
    assertThatThrownBy(() -> PemKeyStore.load(a.certificate(), b.key()))
        .isInstanceOf(TlsException.class)
        .hasMessageStartingWith("the private key in " + b.key() + " does not belong to the certificate in " + a.certificate());
    TestPki.Server rsa = pki.server("rsa", TestPki.KeyType.RSA);
    assertThatThrownBy(() -> PemKeyStore.load(a.certificate(), rsa.key()))
        .hasMessageContaining("does not belong");
  }

  @Test
  void refusesEncryptedKeys() throws Exception {
    TestPki.Server s = pki.server("enc", TestPki.KeyType.EC);
    Path enc = dir.resolve("enc.encrypted.key");
    TestPki.openssl(dir, "pkcs8", "-topk8", "-in", s.key().toString(), "-out", enc.toString(), "-passout", "pass:secret");
    assertThatThrownBy(() -> PemKeyStore.load(s.certificate(), enc))
        .hasMessage(enc + ": the key is encrypted; gofer needs it unencrypted: convert it with: openssl pkcs8 -topk8 -nocrypt -in "
            + enc + " -out " + enc + ".pkcs8");
  }

  @Test
  void swappedFilesAndMissingFilesAreOneLine() throws Exception {
    TestPki.Server s = pki.server("swap", TestPki.KeyType.RSA);
    assertThatThrownBy(() -> PemKeyStore.load(s.key(), s.certificate()))
        .hasMessageStartingWith(s.key() + ": no certificate found");
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> PemKeyStore.load(missing, s.key()))
        .hasMessage("the certificate file " + missing + " does not exist");
    Path junk = Files.writeString(dir.resolve("junk.pem"), "hello\n");
    assertThatThrownBy(() -> PemKeyStore.load(s.certificate(), junk))
        .hasMessageStartingWith(junk + ": not a PEM file");
  }
}
