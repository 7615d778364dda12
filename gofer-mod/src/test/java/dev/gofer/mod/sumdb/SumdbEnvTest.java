package dev.gofer.mod.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gofer.mod.ModException;
import dev.gofer.mod.note.Verifier;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SumdbEnvTest {
  @Test
  void unsetAndTheDefaultNameAreSumGolangOrgWithItsRealKey() {
    for (String v : new String[] {null, "", "  ", "sum.golang.org"}) {
      SumdbEnv db = SumdbEnv.parse(v).orElseThrow();
      assertThat(db.key()).isEqualTo(SumdbEnv.SUM_GOLANG_ORG_KEY);
      assertThat(db.url()).isEmpty();
      assertThat(db.name()).isEqualTo("sum.golang.org");
    }
    // the built-in key is a valid Ed25519 verifier key, not a typo
    assertThat(Verifier.parse(SumdbEnv.SUM_GOLANG_ORG_KEY).name()).isEqualTo("sum.golang.org");
  }

  @Test
  void theChinaMirrorIsTheSameLogAtAnotherHost() {
    SumdbEnv db = SumdbEnv.parse("sum.golang.google.cn").orElseThrow();
    assertThat(db.key()).isEqualTo(SumdbEnv.SUM_GOLANG_ORG_KEY);
    assertThat(db.url()).contains(URI.create("https://sum.golang.google.cn"));
  }

  @Test
  void offIsEmpty() {
    assertThat(SumdbEnv.parse("off")).isEmpty();
    assertThat(SumdbEnv.parse(" off ")).isEmpty();
  }

  @Test
  void aKeyAndOptionalUrl() {
    assertThat(SumdbEnv.parse("sum.example+abcd1234+AAAA")).contains(new SumdbEnv("sum.example+abcd1234+AAAA", Optional.empty()));
    assertThat(SumdbEnv.parse("sum.example+abcd1234+AAAA sum.example.com:8443/db").orElseThrow().url())
        .contains(URI.create("https://sum.example.com:8443/db"));
    assertThat(SumdbEnv.parse("sum.example+abcd1234+AAAA http://127.0.0.1:9/").orElseThrow().url())
        .contains(URI.create("http://127.0.0.1:9/"));
    assertThat(SumdbEnv.parse("sum.example+abcd1234+AAAA").orElseThrow().name()).isEqualTo("sum.example");
  }

  @Test
  void malformedValuesAreOneLineErrors() {
    assertThatThrownBy(() -> SumdbEnv.parse("a+b c d")).isInstanceOf(ModException.class).hasMessage("invalid GOSUMDB: too many fields");
    assertThatThrownBy(() -> SumdbEnv.parse("sum.example.com"))
        .hasMessage("invalid GOSUMDB: unknown checksum database sum.example.com (want a verifier key)");
    assertThatThrownBy(() -> SumdbEnv.parse("k+1+A http://")).hasMessage("invalid GOSUMDB URL: http://");
    assertThatThrownBy(() -> SumdbEnv.parse("k+1+A ht^tp://x")).isInstanceOf(ModException.class).hasMessageStartingWith("invalid GOSUMDB URL");
  }
}
