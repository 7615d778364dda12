package dev.gofer.mod.sumdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import dev.gofer.mod.note.Note;
import dev.gofer.mod.note.Signer;
import dev.gofer.mod.tlog.Hash;
import dev.gofer.mod.tlog.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replays golang.org/x/mod/sumdb/client_test.go with the vectors of sumdb-test-log.json. */
class ClientVectorTest {
  static final JsonNode V = Vectors.load("sumdb-test-log");
  static final String NAME = V.get("server_name").asText();
  static final String VKEY = V.get("verifier_key").asText();
  static final String SKEY = V.get("signer_key").asText();

  final FakeRemote remote = new FakeRemote();
  final ClientStore store = ClientStore.inMemory();
  final List<String> security = new ArrayList<>();
  Client client;

  ClientVectorTest() throws IOException {
    for (JsonNode r : V.get("records")) {
      remote.files.put(
          "/lookup/" + r.get("lookup_key_escaped").asText(),
          r.get("lookup_response").asText().getBytes(UTF_8));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = V.get("remote_tiles_hex").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      remote.files.put(e.getKey(), Vectors.hex(e.getValue().asText()));
    }
    JsonNode init = V.get("initial_client_latest_config");
    store.writeConfig(init.get("file").asText(), new byte[0], init.get("content").asText().getBytes(UTF_8));
    newClient();
  }

  void newClient() {
    client =
        Client.builder(VKEY, remote, store)
            .tileHeight(V.get("tile_height").asInt())
            .onSecurityError(security::add)
            .build();
  }

  long latestSize() throws IOException {
    byte[] cfg = store.readConfig(NAME + "/latest");
    return Tree.parse(cfg).n();
  }

  void flipTileBits() {
    remote.files.replaceAll(
        (path, data) -> {
          if (path.contains("/tile/")) {
            byte[] d = data.clone();
            for (int i = 0; i < d.length; i++) {
              d[i] ^= (byte) 0x80;
            }
            return d;
          }
          return data;
        });
  }

  @Test
  void lookupExpectations() throws IOException {
    JsonNode ex = V.get("client_lookup_expectations");
    assertThat(latestSize()).isEqualTo(1);

    // Basic lookup moves the persisted head to the lookup's tree 3.
    assertThat(client.lookup(ex.get(0).get("path").asText(), ex.get(0).get("version").asText()))
        .containsExactlyElementsOf(lines(ex.get(0)));
    assertThat(latestSize()).isEqualTo(ex.get(0).get("latest_after").asLong());

    // Everything is now cached, for the version and its /go.mod: no remote reads at all,
    // also from a new client that only has the store.
    remote.getOk = false;
    for (Client c : List.of(client, fresh())) {
      client = c;
      assertThat(client.lookup(ex.get(0).get("path").asText(), ex.get(0).get("version").asText()))
          .containsExactlyElementsOf(lines(ex.get(0)));
      assertThat(client.lookup(ex.get(1).get("path").asText(), ex.get(1).get("version").asText()))
          .containsExactlyElementsOf(lines(ex.get(1)));
    }
    assertThat(latestSize()).isEqualTo(3);

    // Multiple lines; only those with the exact prefix. The tiles are all cached.
    remote.getOk = true;
    remote.getTileOk = false;
    assertThat(client.lookup(ex.get(2).get("path").asText(), ex.get(2).get("version").asText()))
        .containsExactlyElementsOf(lines(ex.get(2)));
    assertThat(latestSize()).isEqualTo(3);

    // !-escaping, and the only record after tree 3: needs new tiles.
    remote.getTileOk = true;
    remote.reads.clear();
    assertThat(client.lookup(ex.get(3).get("path").asText(), ex.get(3).get("version").asText()))
        .containsExactlyElementsOf(lines(ex.get(3)));
    assertThat(remote.reads).contains(ex.get(3).get("remote_path").asText());
    assertThat(latestSize()).isEqualTo(ex.get(3).get("latest_after").asLong());
    assertThat(client.latest().tree().n()).isEqualTo(4);
    assertThat(client.latest().note()).isEqualTo(V.get("signed_tree_heads").get("4").asText().getBytes(UTF_8));
    assertThat(security).isEmpty();
  }

  private Client fresh() {
    return Client.builder(VKEY, remote, store).tileHeight(2).build();
  }

  private static List<String> lines(JsonNode e) {
    List<String> out = new ArrayList<>();
    e.get("lines").forEach(l -> out.add(l.asText()));
    return out;
  }

  @Test
  void badTiles() throws IOException {
    JsonNode ex = V.get("bad_tile_expectations");
    assertThat(latestSize()).isEqualTo(1);

    // Bad tiles in the initial download.
    flipTileBits();
    assertThatThrownBy(() -> lookup(ex.get(0)))
        .isInstanceOf(SumdbException.class)
        .hasMessageContaining(ex.get(0).get("error_contains").asText());
    assertThat(cachedTiles()).as("unproven tiles are never cached").isEmpty();
    flipTileBits();
    newClient();
    assertThat(client.lookup("rsc.io/sampler", "v1.3.0"))
        .containsExactly("rsc.io/sampler v1.3.0 h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=");

    // Bad tiles after the client trusts tree 3.
    flipTileBits();
    assertThatThrownBy(() -> lookup(ex.get(1)))
        .isInstanceOf(SumdbException.class)
        .hasMessageContaining(ex.get(1).get("error_contains").asText());
    assertThat(store.readCache(NAME + "/tile/2/0/000")).isNull();
    assertThat(store.readCache(NAME + "/tile/2/1/000.p/1")).isNull();
    flipTileBits();
    newClient();
    assertThat(client.lookup("rsc.io/Quote", "v1.5.2")).containsExactly("rsc.io/Quote v1.5.2 h1:uppercase!=");

    // A correctly signed starting head with a wrong hash looks like bad tiles.
    newClient();
    byte[] bad = Note.of(new String(new Tree(1, Hash.ZERO).format(), UTF_8)).sign(Signer.parse(SKEY));
    store.writeConfig(NAME + "/latest", store.readConfig(NAME + "/latest"), bad);
    assertThatThrownBy(() -> lookup(ex.get(2)))
        .isInstanceOf(SumdbException.class)
        .hasMessageContaining(ex.get(2).get("error_contains").asText());
    assertThat(security).isEmpty();
  }

  private List<String> cachedTiles() {
    List<String> found = new ArrayList<>();
    for (String p : remote.files.keySet()) {
      if (p.startsWith("/tile/") && store.readCache(NAME + p) != null) {
        found.add(p);
      }
    }
    return found;
  }

  private void lookup(JsonNode e) {
    String mv = e.get("lookup").asText();
    int at = mv.indexOf('@');
    client.lookup(mv.substring(0, at), mv.substring(at + 1));
  }

  @Test
  void gonosumdb() {
    JsonNode g = V.get("gonosumdb");
    client =
        Client.builder(VKEY, remote, store).tileHeight(2).gonosumdb(g.get("patterns").asText()).build();
    client.lookup("rsc.io/sampler", "v1.3.0"); // initialise before the network goes away
    remote.getOk = false;
    for (JsonNode p : g.get("not_skipped")) {
      assertThatThrownBy(() -> client.lookup(p.asText(), "v1.0.0"))
          .isInstanceOf(SumdbException.class)
          .isNotInstanceOf(SkippedException.class);
    }
    for (JsonNode p : g.get("skipped")) {
      assertThatThrownBy(() -> client.lookup(p.asText(), "v1.0.0"))
          .isInstanceOf(SkippedException.class)
          .hasMessage(g.get("skip_error").asText());
    }
  }
}
