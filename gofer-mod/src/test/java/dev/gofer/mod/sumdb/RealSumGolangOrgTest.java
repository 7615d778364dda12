package dev.gofer.mod.sumdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import dev.gofer.mod.tlog.Record;
import dev.gofer.mod.tlog.Tlog;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Real heads and a real lookup signed by sum.golang.org (sum-golang-org-real.json): accepted as
 * far as is possible offline, and the first step that needs production tiles asks for the right
 * ones and fails without caching or moving the timeline.
 */
class RealSumGolangOrgTest {
  static final JsonNode V = Vectors.load("sum-golang-org-real");

  final FakeRemote remote = new FakeRemote();
  final ClientStore store = ClientStore.inMemory();
  final Client client = Client.builder(V.get("verifier_key").asText(), remote, store).build();

  byte[] head(int i) {
    return V.get("signed_tree_heads").get(i).get("note").asText().getBytes(UTF_8);
  }

  @Test
  void acceptsARealHeadAndNeedsTilesToMoveOn() throws IOException {
    assertThat(client.name()).isEqualTo("sum.golang.org");
    // From the empty tree, the first head needs no proof.
    assertThat(client.merge(head(0))).isEqualTo(Client.When.FUTURE);
    assertThat(client.latest().tree().n()).isEqualTo(V.get("signed_tree_heads").get(0).get("tree_size").asLong());
    assertThat(store.readConfig("sum.golang.org/latest")).isEqualTo(head(0));
    // The newer head must be proven to extend it, which takes production tiles.
    assertThatThrownBy(() -> client.merge(head(1)))
        .isInstanceOf(SumdbException.class)
        .hasMessageStartingWith("checking tree#28891140 against tree#28905453: ");
    assertThat(remote.reads).allMatch(p -> p.startsWith("/tile/8/"));
    assertThat(client.latest().tree().n()).isEqualTo(28891140);
    assertThat(store.readConfig("sum.golang.org/latest")).isEqualTo(head(0));
  }

  @Test
  void aRealLookupParsesAndAsksForTheRecordsTile() {
    JsonNode l = V.get("lookup_response");
    byte[] body = l.get("body").asText().getBytes(UTF_8);
    Record.Parsed p = Record.parse(body);
    assertThat(p.record().id()).isEqualTo(l.get("record_id").asLong());
    assertThat(p.record().text()).isEqualTo(l.get("record_text").asText());
    assertThat(Tlog.recordHash(p.record().text().getBytes(UTF_8)).base64())
        .isEqualTo(l.get("record_hash_base64").asText());

    String path = l.get("module").asText();
    String version = l.get("version").asText();
    remote.files.put("/lookup/" + path + "@" + version, body);
    assertThatThrownBy(() -> client.lookup(path, version))
        .isInstanceOf(SumdbException.class)
        .hasMessageStartingWith(path + "@" + version + ": ");
    // The head was signed, so it is now the latest; the record's leaf tile was requested.
    assertThat(client.latest().tree().n()).isEqualTo(28905453);
    assertThat(remote.reads).contains("/tile/8/0/x097/380");
    assertThat(store.readCache("sum.golang.org/lookup/" + path + "@" + version)).isNull();
  }

  @Test
  void refusesARealHeadUnderAnotherKey() {
    Client other = ClientLogTest.client(remote, store, 8);
    assertThatThrownBy(() -> other.merge(head(1)))
        .isInstanceOf(SumdbException.class)
        .hasMessage("reading tree note: note has no verifiable signatures");
  }
}
