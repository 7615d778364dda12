package dev.gofer.mod.sumdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.tlog.Hash;
import dev.gofer.mod.tlog.Tile;
import dev.gofer.mod.tlog.Tlog;
import dev.gofer.mod.tlog.TreeProof;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@link Log} fed the test log's records reproduces every signed head, lookup body and tile of
 * sumdb-test-log.json byte for byte, and the fork scenario ends in the exact security report.
 */
class LogVectorTest {
  static final JsonNode V = ClientVectorTest.V;

  static LogRecord record(JsonNode r) {
    String key = r.get("lookup_key_escaped").asText();
    int at = key.indexOf('@');
    return new LogRecord(
        ModulePath.unescape(key.substring(0, at)),
        ModulePath.unescapeVersion(key.substring(at + 1)),
        r.get("text").asText());
  }

  static Log baseLog() {
    Log log = Log.inMemory(ClientVectorTest.SKEY, 2);
    for (JsonNode r : V.get("records")) {
      log.append(record(r));
    }
    return log;
  }

  @Test
  void reproducesHeadsLookupsAndTiles() {
    Log log = Log.inMemory(ClientVectorTest.SKEY, 2);
    assertThat(log.name()).isEqualTo(ClientVectorTest.NAME);
    for (JsonNode r : V.get("records")) {
      long id = log.append(record(r));
      assertThat(id).isEqualTo(r.get("id").asLong());
      long size = id + 1;
      assertThat(log.signed().note())
          .asString(UTF_8)
          .isEqualTo(V.get("signed_tree_heads").get(Long.toString(size)).asText());
      LogRecord lr = record(r);
      assertThat(log.lookup(lr.path(), lr.version()))
          .asString(UTF_8)
          .isEqualTo(r.get("lookup_response").asText());
      assertThat(r.get("lookup_response_tree_size").asLong()).isEqualTo(size);
      assertThat(Tlog_recordHash(r.get("text").asText())).isEqualTo(r.get("record_hash_base64").asText());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = V.get("remote_tiles_hex").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      assertThat(log.tile(Tile.parsePath(e.getKey().substring(1))))
          .as(e.getKey())
          .isEqualTo(Vectors.hex(e.getValue().asText()));
    }
    // What NewTiles published while appending one at a time is exactly the vector's tile set.
    List<String> published = new ArrayList<>();
    for (long n = 0; n < 4; n++) {
      for (Tile t : Tile.newTiles(2, n, n + 1)) {
        published.add("/" + t.path());
      }
    }
    List<String> vectorPaths = new ArrayList<>();
    V.get("remote_tiles_hex").fieldNames().forEachRemaining(vectorPaths::add);
    assertThat(published).containsExactlyInAnyOrderElementsOf(vectorPaths);
  }

  private static String Tlog_recordHash(String text) {
    return dev.gofer.mod.tlog.Tlog.recordHash(text.getBytes(UTF_8)).base64();
  }

  @Test
  void refusesTilesBeyondThePublishedTree() {
    Log log = baseLog();
    for (String p :
        List.of(
            "tile/2/0/001.p/1", "tile/2/0/001", "tile/2/1/000", "tile/2/1/000.p/2", "tile/2/2/000.p/1",
            "tile/2/data/001.p/1", "tile/8/0/000.p/5", "tile/1/1/001")) {
      assertThatThrownBy(() -> log.tile(Tile.parsePath(p))).as(p).isInstanceOf(NotFoundException.class);
    }
    // Inside the tree: any width up to what exists, any height.
    assertThat(log.tile(Tile.parsePath("tile/2/0/000.p/2"))).hasSize(64);
    assertThat(log.tile(Tile.parsePath("tile/8/0/000.p/4"))).isEqualTo(log.tile(Tile.parsePath("tile/2/0/000")));
    assertThat(log.tile(Tile.parsePath("tile/1/1/000"))).hasSize(64);
  }

  @Test
  void servesDataTiles() {
    Log log = baseLog();
    StringBuilder want = new StringBuilder();
    for (JsonNode r : V.get("records")) {
      want.append(r.get("text").asText()).append('\n');
    }
    assertThat(log.tile(Tile.parsePath("tile/2/data/000"))).asString(UTF_8).isEqualTo(want.toString());
    assertThat(log.tile(Tile.parsePath("tile/2/data/000.p/1")))
        .asString(UTF_8)
        .isEqualTo(V.get("records").get(0).get("text").asText() + "\n");
  }

  @Test
  void logsAVersionOnce() {
    Log log = baseLog();
    LogRecord again = record(V.get("records").get(2));
    byte[] head = log.signed().note();
    assertThat(log.append(again)).isEqualTo(2);
    assertThat(log.signed().note()).as("nothing appended, nothing re-signed").isEqualTo(head);
    LogRecord changed = new LogRecord(again.path(), again.version(), again.path() + " " + again.version() + " h1:other=\n");
    assertThatThrownBy(() -> log.append(changed))
        .isInstanceOf(SumdbException.class)
        .hasMessage("rsc.io/sampler@v1.3.0: already logged with different go.sum lines");
    // In one batch: duplicates share the id, a conflict refuses the whole batch.
    LogRecord fresh = LogRecord.of("example.com/m", "v1.0.0", "h1:a=", "h1:b=");
    assertThat(log.append(List.of(fresh, fresh))).containsExactly(4L, 4L);
    LogRecord fresh2 = LogRecord.of("example.com/n", "v1.0.0", "h1:a=", "h1:b=");
    LogRecord fresh2b = LogRecord.of("example.com/n", "v1.0.0", "h1:c=", "h1:b=");
    assertThatThrownBy(() -> log.append(List.of(fresh2, fresh2b))).isInstanceOf(SumdbException.class);
    assertThat(log.size()).isEqualTo(5);
    assertThat(log.id("example.com/n", "v1.0.0")).isEqualTo(-1);
  }

  @Test
  void refusesInvalidRecords() {
    Log log = Log.inMemory(ClientVectorTest.SKEY, 2);
    for (LogRecord bad :
        List.of(
            new LogRecord("rsc.io/x", "v1.0.0", "no newline"),
            new LogRecord("rsc.io/x", "v1.0.0", "a\n\nb\n"),
            new LogRecord("rsc.io/x", "v1.0.0", ""),
            new LogRecord("rsc.io/x", "v1.0.0", "tab\there\n"),
            new LogRecord("rsc.io/x", "master", "rsc.io/x master h1:x=\n"),
            new LogRecord("-bad", "v1.0.0", "-bad v1.0.0 h1:x=\n"),
            new LogRecord("rsc.io/x", "v2.0.0", "rsc.io/x v2.0.0 h1:x=\n"))) {
      assertThatThrownBy(() -> log.append(bad)).as(bad.toString()).isInstanceOf(SumdbException.class);
    }
    assertThat(log.size()).isZero();
    assertThat(log.signed().tree().n()).isZero();
  }

  @Test
  void forkScenarioEndsInTheExactSecurityReport() {
    JsonNode fork = V.get("fork_scenario");
    Log a = baseLog();
    Log b = baseLog();
    fork.get("server_a_extra_records").forEach(r -> a.append(record(r)));
    fork.get("server_b_extra_records").forEach(r -> b.append(record(r)));
    // Server A's head after its 2 extra records is tree 6; the vector's tree 5 is after one.
    Log a5 = baseLog();
    a5.append(record(fork.get("server_a_extra_records").get(0)));
    assertThat(a5.signed().note()).asString(UTF_8).isEqualTo(fork.get("server_a_tree_5").asText());
    assertThat(b.signed().note()).asString(UTF_8).isEqualTo(fork.get("server_b_tree_6").asText());

    // A client of server B knows tree 6, then is handed server A's lookup with tree 5.
    SumdbRemote fromB = FakeRemote.of(b);
    byte[] lookupFromA = a5.lookup("rsc.io/pkg1", "v1.5.2");
    SumdbRemote remote =
        path -> path.equals("/lookup/rsc.io/pkg1@v1.5.2") ? lookupFromA.clone() : fromB.read(path);
    List<String> reports = new ArrayList<>();
    Client client =
        Client.builder(ClientVectorTest.VKEY, remote, ClientStore.inMemory())
            .tileHeight(2)
            .onSecurityError(reports::add)
            .build();
    assertThat(client.lookup("rsc.io/pkg1", "v1.5.4")).containsExactly("rsc.io/pkg1 v1.5.4 h1:hash!=");
    assertThat(client.latest().tree().n()).isEqualTo(6);

    ForkException e =
        catchThrowableOfType(ForkException.class, () -> client.lookup("rsc.io/pkg1", "v1.5.2"));
    assertThat(e).hasMessage("rsc.io/pkg1@v1.5.2: " + fork.get("expected_error").asText());
    String report = fork.get("expected_security_report").asText();
    assertThat(e.report()).isEqualTo(report);
    assertThat(reports).containsExactly(report);
    fork.get("upstream_asserted_report_fragments").forEach(f -> assertThat(report).contains(f.asText()));
    assertThat(e.older().note()).asString(UTF_8).isEqualTo(fork.get("server_a_tree_5").asText());
    assertThat(e.newer().note()).asString(UTF_8).isEqualTo(fork.get("server_b_tree_6").asText());
    List<String> proof = new ArrayList<>();
    fork.get("proof_of_misbehavior").forEach(h -> proof.add(h.asText()));
    assertThat(e.olderHashInNewer().base64()).isEqualTo(proof.get(0));
    assertThat(e.proof()).extracting(Hash::base64).containsExactlyElementsOf(proof.subList(1, proof.size()));
    assertThat(e.older().tree().hash().base64()).isEqualTo(V.get("upstream_asserted").get("tree_5_server_a_hash").asText());
    assertThat(e.newer().tree().hash().base64()).isEqualTo(V.get("upstream_asserted").get("tree_6_server_b_hash").asText());
    // The timeline did not move, and the evidence is self-contained: it checks offline.
    assertThat(client.latest().tree().n()).isEqualTo(6);
    Tlog.checkTree(
        new TreeProof(e.proof()), 6, e.newer().tree().hash(), 5, e.olderHashInNewer());
    assertThat(e.olderHashInNewer()).isNotEqualTo(e.older().tree().hash());
  }
}
