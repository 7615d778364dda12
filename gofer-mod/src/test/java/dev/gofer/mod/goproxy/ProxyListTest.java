package dev.gofer.mod.goproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ProxyListTest {

  @Test
  void separatorAfterAnEntrySetsItsFallThrough() {
    ProxyList l = ProxyList.parse("https://a.example|https://b.example,https://c.example");
    assertThat(l.entries())
        .containsExactly(
            new ProxyList.Proxy(URI.create("https://a.example"), true),
            new ProxyList.Proxy(URI.create("https://b.example"), false),
            new ProxyList.Proxy(URI.create("https://c.example"), false));
    assertThat(l).hasToString("https://a.example|https://b.example,https://c.example");
  }

  @Test
  void theGoDefaultKeepsDirectAsItsLastEntry() {
    ProxyList l = ProxyList.parse(ProxyList.GO_DEFAULT);
    assertThat(l.entries()).containsExactly(
        new ProxyList.Proxy(URI.create("https://proxy.golang.org"), false), new ProxyList.Direct());
    assertThat(l.hasDirect()).isTrue();
  }

  @Test
  void offAndDirectEndTheList() {
    assertThat(ProxyList.parse("off,https://a.example").entries()).containsExactly(new ProxyList.Off());
    assertThat(ProxyList.parse("https://a.example|direct|https://b.example").entries())
        .containsExactly(new ProxyList.Proxy(URI.create("https://a.example"), true), new ProxyList.Direct());
  }

  @Test
  void spacesAreTrimmedAndEmptyEntriesBetweenSeparatorsSkipped() {
    assertThat(ProxyList.parse(" ,https://a.example ,, |\u00a0https://b.example\t").entries())
        .containsExactly(
            new ProxyList.Proxy(URI.create("https://a.example"), false),
            new ProxyList.Proxy(URI.create("https://b.example"), false));
  }

  @Test
  void schemelessHostsGetHttps() {
    assertThat(ProxyList.parse("proxy.example.com/mod,localhost:8080").entries())
        .containsExactly(
            new ProxyList.Proxy(URI.create("https://proxy.example.com/mod"), false),
            new ProxyList.Proxy(URI.create("https://localhost:8080"), false));
  }

  @Test
  void fileUrlsArePathsOnly() {
    ProxyList l = ProxyList.parse("file:///var/cache/download");
    assertThat(l.isSingleFileProxy()).isTrue();
    assertThatThrownBy(() -> ProxyList.parse("file://host/x"))
        .isInstanceOf(ProxyListException.class)
        .hasMessage("invalid file:// proxy URL with non-path elements: file://host/x");
    assertThatThrownBy(() -> ProxyList.parse("file:/x"))
        .hasMessage("invalid file:// proxy URL with non-path elements: file:/x");
    assertThatThrownBy(() -> ProxyList.parse("file:///x?q")).isInstanceOf(ProxyListException.class);
  }

  @Test
  void badEntriesAreOneLineErrors() {
    assertThatThrownBy(() -> ProxyList.parse("proxy"))
        .isInstanceOf(ProxyListException.class)
        .hasMessage("invalid proxy URL missing scheme: proxy");
    assertThatThrownBy(() -> ProxyList.parse("/abs/dir"))
        .hasMessage("invalid proxy URL missing scheme: /abs/dir");
    assertThatThrownBy(() -> ProxyList.parse("ftp://x.example"))
        .hasMessage("invalid proxy URL scheme (must be https, http, file): ftp://x.example");
    assertThatThrownBy(() -> ProxyList.parse("https://u:secret@[bad"))
        .isInstanceOf(ProxyListException.class)
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> ProxyList.parse(" , |"))
        .isInstanceOf(ProxyListException.class)
        .hasMessageStartingWith("GOPROXY has no entries");
    assertThatThrownBy(() -> ProxyList.parse("http:///nohost"))
        .hasMessage("invalid proxy URL missing host: http:///nohost");
  }

  @Test
  void passwordsAreRedactedInToString() {
    assertThat(ProxyList.parse("https://bob:pw@p.example/x").toString())
        .isEqualTo("https://bob:xxxxx@p.example/x");
  }

  @Test
  void upperCaseSchemesAreNormalised() {
    assertThat(ProxyList.parse("HTTPS://p.example").entries().get(0))
        .isEqualTo(new ProxyList.Proxy(URI.create("https://p.example"), false));
  }

  @Property(tries = 2000)
  void parseAcceptsOrRejectsWithItsOwnException(@ForAll("goproxyish") String s) {
    try {
      ProxyList l = ProxyList.parse(s);
      assertThat(l.entries()).isNotEmpty();
      // A parsed list prints to a value that parses to the same list (passwords aside).
      boolean secret =
          l.entries().stream()
              .anyMatch(e -> e instanceof ProxyList.Proxy p && p.url().getRawUserInfo() != null);
      if (!secret) {
        assertThat(ProxyList.parse(l.toString())).isEqualTo(l);
      }
    } catch (ProxyListException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
    }
  }

  @Provide
  Arbitrary<String> goproxyish() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "https://", "http://", "file://", "/", ",", "|", " ", "off", "direct", "a.example", ":",
            "8080", "@", "u:p@", "?", "#", "%", "%2", "[", "]", "x", "..", "\t", "\u00e9");
    return Arbitraries.oneOf(
        pieces.list().ofMaxSize(10).map(l -> String.join("", l)),
        Arbitraries.strings().ofMaxLength(40));
  }
}
