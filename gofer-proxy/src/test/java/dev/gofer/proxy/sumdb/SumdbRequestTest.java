package dev.gofer.proxy.sumdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gofer.mod.goproxy.ProxyList;
import dev.gofer.mod.tlog.Tile;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code /sumdb/<rest>} resolves to a database and a request, before anything is read. */
class SumdbRequestTest {
  static final List<String> NAMES = List.of("sum.golang.org", "localhost.localdev/sumdb", "localhost.localdev");

  static SumdbRequest parse(String rest) {
    return SumdbRequest.parse(rest, NAMES);
  }

  @Test
  void namesWithSlashesResolveToTheLongestConfiguredName() {
    assertThat(parse("localhost.localdev/sumdb/supported")).isEqualTo(new SumdbRequest.Supported("localhost.localdev/sumdb"));
    assertThat(parse("localhost.localdev/sumdb/latest")).isEqualTo(new SumdbRequest.Latest("localhost.localdev/sumdb"));
    assertThat(parse("localhost.localdev/latest")).isEqualTo(new SumdbRequest.Latest("localhost.localdev"));
    assertThat(parse("localhost.localdev/sumdb/tile/8/0/000.p/5"))
        .isEqualTo(new SumdbRequest.TileRequest("localhost.localdev/sumdb", new Tile(8, 0, 0, 5)));
    assertThat(parse("localhost.localdev/sumdb/lookup/example.com/sumdb/m@v1.0.0"))
        .isEqualTo(new SumdbRequest.Lookup("localhost.localdev/sumdb", "example.com/sumdb/m", "v1.0.0"));
  }

  @Test
  void unknownDatabasesAndPathsAreNotFound() {
    assertThat(parse("sum.golang.google.cn/supported")).isEqualTo(new SumdbRequest.Refused(404,
        "not found: checksum database sum.golang.google.cn is not proxied here"));
    assertThat(parse("sum.golang.org")).isInstanceOf(SumdbRequest.Refused.class)
        .extracting(r -> ((SumdbRequest.Refused) r).status()).isEqualTo(404);
    assertThat(parse("sum.golang.orgx/latest")).extracting(r -> ((SumdbRequest.Refused) r).status()).isEqualTo(404);
    assertThat(parse("sum.golang.org/")).extracting(r -> ((SumdbRequest.Refused) r).status()).isEqualTo(404);
    assertThat(parse("sum.golang.org/latest/")).extracting(r -> ((SumdbRequest.Refused) r).status()).isEqualTo(404);
    assertThat(parse("sum.golang.org/supported/x")).extracting(r -> ((SumdbRequest.Refused) r).status()).isEqualTo(404);
    assertThat(parse("localhost.localdev/sumdbx/latest")).extracting(r -> ((SumdbRequest.Refused) r).status()).isEqualTo(404);
  }

  @Test
  void lookupsAreUnescapedAndChecked() {
    assertThat(parse("sum.golang.org/lookup/example.com/!fixture/!upper@v1.0.0"))
        .isEqualTo(new SumdbRequest.Lookup("sum.golang.org", "example.com/Fixture/Upper", "v1.0.0"));
    assertThat(parse("sum.golang.org/lookup/golang.org/toolchain@v0.0.1-go1.22.0.linux-amd64"))
        .isEqualTo(new SumdbRequest.Lookup("sum.golang.org", "golang.org/toolchain", "v0.0.1-go1.22.0.linux-amd64"));
    assertThat(parse("sum.golang.org/lookup/example.com/m@v2.0.0+incompatible"))
        .isEqualTo(new SumdbRequest.Lookup("sum.golang.org", "example.com/m", "v2.0.0+incompatible"));
    SumdbRequest.Lookup l = (SumdbRequest.Lookup) parse("sum.golang.org/lookup/example.com/!fixture/!upper@v1.0.0-!r!c1");
    assertThat(l.version()).isEqualTo("v1.0.0-RC1");
    assertThat(l.file()).isEqualTo("example.com/!fixture/!upper@v1.0.0-!r!c1");
  }

  @Test
  void malformedLookupsAre400() {
    for (String bad :
        List.of(
            "lookup/example.com/m@latest",
            "lookup/example.com/m@v1.0",
            "lookup/example.com/m@v1.0.0@v1.0.0",
            "lookup/example.com/m",
            "lookup/@v1.0.0",
            "lookup/example.com/Fixture@v1.0.0",
            "lookup/example.com/m@v1.0.0-!",
            "lookup/example.com/../m@v1.0.0",
            "lookup/../../../etc/passwd@v1.0.0",
            "lookup/example.com/m@v1.0.0-",
            "lookup/example.com/m@v01.0.0",
            "lookup/-example.com/m@v1.0.0")) {
      SumdbRequest r = parse("sum.golang.org/" + bad);
      assertThat(r).as(bad).isInstanceOf(SumdbRequest.Refused.class);
      assertThat(((SumdbRequest.Refused) r).status()).as(bad).isEqualTo(400);
      assertThat(((SumdbRequest.Refused) r).message()).as(bad).startsWith("invalid module@version syntax");
    }
  }

  @Test
  void malformedTilesAre400() {
    for (String bad :
        List.of("tile/8/0/0", "tile/8/0/000.p/0", "tile/8/0/000.p/256", "tile/8/0/x000/001", "tile/0/0/000",
            "tile/8/-1/000", "tile/8/0/000.p", "tile/8/0/000/", "tile/8/data", "tile/8/0/../000", "tile/")) {
      assertThat(parse("sum.golang.org/" + bad)).as(bad).isEqualTo(new SumdbRequest.Refused(400, "invalid tile syntax"));
    }
    assertThat(parse("sum.golang.org/tile/8/data/x001/234.p/7"))
        .isEqualTo(new SumdbRequest.TileRequest("sum.golang.org", new Tile(8, -1, 1234, 7)));
  }

  @Test
  void databasesAreReadThroughTheFirstHttpUpstreamUnlessGivenAUrl() {
    DatabaseConfig sum = DatabaseConfig.sumGolangOrg();
    assertThat(sum.name()).isEqualTo("sum.golang.org");
    assertThat(sum.base(ProxyList.parse("https://proxy.golang.org,direct")))
        .isEqualTo(URI.create("https://proxy.golang.org/sumdb/sum.golang.org"));
    assertThat(sum.base(ProxyList.parse("file:///srv/mods|https://goproxy.example/base/,direct")))
        .isEqualTo(URI.create("https://goproxy.example/base/sumdb/sum.golang.org"));
    assertThat(sum.base(ProxyList.parse("direct"))).isEqualTo(URI.create("https://sum.golang.org"));
    DatabaseConfig explicit =
        DatabaseConfig.of(
            "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6",
            URI.create("https://sumdb.example/x"));
    assertThat(explicit.name()).isEqualTo("localhost.localdev/sumdb");
    assertThat(explicit.base(ProxyList.parse("https://proxy.golang.org"))).isEqualTo(URI.create("https://sumdb.example/x"));
  }

  @Test
  void badKeysAndNamesAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatabaseConfig.of("sum.golang.org"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid checksum database key");
    assertThat(DatabaseConfig.validName("a.example/../b")).isFalse();
    assertThat(DatabaseConfig.validName("a.example/")).isFalse();
    assertThat(DatabaseConfig.validName("a.example//b")).isFalse();
    assertThat(DatabaseConfig.validName("localhost.localdev/sumdb")).isTrue();
  }
}
