package dev.gofer.mod.tlog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tlog parts of sumdb-test-log.json and sum-golang-org-real.json. */
class SumdbTestLogTest {
  private static final JsonNode V = Vectors.load("sumdb-test-log");
  private static final int H = V.get("tile_height").asInt();

  private static TestLog shared() {
    TestLog log = new TestLog();
    for (JsonNode r : V.get("records")) {
      log.append(r.get("text").asText().getBytes(UTF_8));
    }
    return log;
  }

  /** The tree part (before the blank line) of a signed tree head note. */
  private static Tree treeOf(String note) {
    return Tree.parse(note.substring(0, note.indexOf("\n\n") + 1));
  }

  private static Map<String, byte[]> remoteTiles() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    V.get("remote_tiles_hex").fields().forEachRemaining(e -> m.put(e.getKey().substring(1), Vectors.hex(e.getValue().asText())));
    return m;
  }

  /** Serves exactly the published tiles of the vector file. */
  private static final class Remote implements TileReader {
    final Map<String, byte[]> tiles;
    final List<Tile> saved = new ArrayList<>();

    Remote(Map<String, byte[]> tiles) {
      this.tiles = tiles;
    }

    @Override
    public int height() {
      return H;
    }

    @Override
    public List<byte[]> readTiles(List<Tile> want) throws IOException {
      List<byte[]> out = new ArrayList<>();
      for (Tile t : want) {
        byte[] d = tiles.get(t.path());
        if (d == null) {
          throw new java.io.FileNotFoundException(t.path());
        }
        out.add(d.clone());
      }
      return out;
    }

    @Override
    public void saveTiles(List<Tile> ts, List<byte[]> data) {
      saved.addAll(ts);
    }
  }

  @Test
  void recordHashesLookupsAndTreeHeads() {
    TestLog log = shared();
    for (JsonNode r : V.get("records")) {
      long id = r.get("id").asLong();
      Hash h = Tlog.recordHash(r.get("text").asText().getBytes(UTF_8));
      assertThat(h.base64()).isEqualTo(r.get("record_hash_base64").asText());
      byte[] body = r.get("lookup_response").asText().getBytes(UTF_8);
      Record.Parsed p = Record.parse(body);
      assertThat(p.record()).isEqualTo(new Record(id, r.get("text").asText()));
      assertThat(p.record().hash()).isEqualTo(h);
      String note = new String(body, p.restOffset(), body.length - p.restOffset(), UTF_8);
      Tree tree = treeOf(note);
      assertThat(tree.n()).isEqualTo(r.get("lookup_response_tree_size").asLong());
      assertThat(tree.hash()).isEqualTo(log.treeHash(tree.n()));
      assertThat(note).isEqualTo(V.get("signed_tree_heads").get(Long.toString(tree.n())).asText());
      assertThat(Arrays.copyOf(body, p.restOffset())).isEqualTo(Record.format(id, r.get("text").asText().getBytes(UTF_8)));
    }
  }

  @Test
  void publishedTilesAreWhatNewTilesAndReadDataProduce() throws IOException {
    TestLog log = new TestLog();
    Map<String, byte[]> produced = new LinkedHashMap<>();
    for (JsonNode r : V.get("records")) {
      long before = log.size();
      log.append(r.get("text").asText().getBytes(UTF_8));
      for (Tile t : Tile.newTiles(H, before, log.size())) {
        produced.put(t.path(), t.readData(log.reader()));
      }
    }
    Map<String, byte[]> remote = remoteTiles();
    assertThat(produced.keySet()).containsExactlyInAnyOrderElementsOf(remote.keySet());
    remote.forEach((path, data) -> assertThat(produced.get(path)).as(path).isEqualTo(data));
  }

  @Test
  void inclusionOfRecord2InTree3ThroughTiles() throws IOException {
    Tree tree3 = treeOf(V.get("signed_tree_heads").get("3").asText());
    Remote remote = new Remote(remoteTiles());
    List<Hash> got = TileHashReader.of(tree3, remote).readHashes(new long[] {Tlog.storedHashIndex(0, 2)});
    assertThat(got.get(0).base64()).isEqualTo("o8m5rrlnnRXbhEBP9X8zkP2dzqefc98mKqSMf7t1ig8=");
    assertThat(remote.saved).extracting(Tile::path).containsExactly("tile/2/0/000.p/3");
  }

  @Test
  void consistencyOfTree3WithTree4ThroughTiles() throws IOException {
    Tree tree3 = treeOf(V.get("signed_tree_heads").get("3").asText());
    Tree tree4 = treeOf(V.get("signed_tree_heads").get("4").asText());
    Remote remote = new Remote(remoteTiles());
    assertThat(Tlog.treeHash(3, TileHashReader.of(tree4, remote))).isEqualTo(tree3.hash());
    assertThat(remote.saved).extracting(Tile::path).containsExactly("tile/2/1/000.p/1", "tile/2/0/000");
  }

  @Test
  void everyEarlierTreeIsConsistentWithEveryLaterOne() throws IOException {
    Remote remote = new Remote(remoteTiles());
    for (int newer = 1; newer <= 4; newer++) {
      Tree t = treeOf(V.get("signed_tree_heads").get(Integer.toString(newer)).asText());
      for (int older = 1; older <= newer; older++) {
        Tree o = treeOf(V.get("signed_tree_heads").get(Integer.toString(older)).asText());
        assertThat(Tlog.treeHash(older, TileHashReader.of(t, remote))).isEqualTo(o.hash());
      }
    }
  }

  @Test
  void corruptedTilesAreInconsistent() throws IOException {
    Map<String, byte[]> bad = new HashMap<>();
    remoteTiles().forEach((k, v) -> {
      byte[] d = v.clone();
      for (int i = 0; i < d.length; i++) {
        d[i] ^= (byte) 0x80;
      }
      bad.put(k, d);
    });
    Tree tree1 = treeOf(V.get("signed_tree_heads").get("1").asText());
    Tree tree3 = treeOf(V.get("signed_tree_heads").get("3").asText());
    Remote remote = new Remote(bad);
    assertThatThrownBy(() -> Tlog.treeHash(1, TileHashReader.of(tree3, remote)))
        .isInstanceOf(InconsistentTileException.class)
        .hasMessage("downloaded inconsistent tile");
    assertThatThrownBy(() -> Tlog.treeHash(1, TileHashReader.of(new Tree(1, Hash.ZERO), new Remote(remoteTiles()))))
        .hasMessage("downloaded inconsistent tile");
    assertThat(Tlog.treeHash(1, TileHashReader.of(tree1, new Remote(remoteTiles())))).isEqualTo(tree1.hash());
    assertThat(remote.saved).isEmpty();
  }

  @Test
  void forkScenarioProof() throws IOException {
    JsonNode f = V.get("fork_scenario");
    TestLog a = shared();
    TestLog b = shared();
    for (JsonNode r : f.get("server_a_extra_records")) {
      a.append(r.get("text").asText().getBytes(UTF_8));
    }
    for (JsonNode r : f.get("server_b_extra_records")) {
      b.append(r.get("text").asText().getBytes(UTF_8));
    }
    Tree a5 = treeOf(f.get("server_a_tree_5").asText());
    Tree b6 = treeOf(f.get("server_b_tree_6").asText());
    assertThat(a5).isEqualTo(a.tree(5));
    assertThat(b6).isEqualTo(b.tree(6));
    JsonNode asserted = V.get("upstream_asserted");
    assertThat(a5.hash().base64()).isEqualTo(asserted.get("tree_5_server_a_hash").asText());
    assertThat(b6.hash().base64()).isEqualTo(asserted.get("tree_6_server_b_hash").asText());

    // What a client holding B's tree 6 computes for tree 5 from B's tiles, and the proof.
    TestLog.Tiles bTiles = b.new Tiles(H);
    Hash h5 = Tlog.treeHash(5, TileHashReader.of(b6, bTiles));
    assertThat(h5).isNotEqualTo(a5.hash());
    TreeProof proof = Tlog.proveTree(6, 5, TileHashReader.of(b6, bTiles));
    List<String> report = new ArrayList<>();
    report.add(h5.base64());
    proof.hashes().forEach(h -> report.add(h.base64()));
    List<String> want = new ArrayList<>();
    f.get("proof_of_misbehavior").forEach(x -> want.add(x.asText()));
    assertThat(report).isEqualTo(want);

    // The proof shows B's 6 extends B's 5, and that A's signed 5 is not a prefix of B's 6.
    Tlog.checkTree(proof, 6, b6.hash(), 5, h5);
    assertThatThrownBy(() -> Tlog.checkTree(proof, 6, b6.hash(), 5, a5.hash())).hasMessage("invalid transparency proof");
  }

  @Test
  void realSumGolangOrgHeadsAndLookup() {
    JsonNode real = Vectors.load("sum-golang-org-real");
    for (JsonNode sth : real.get("signed_tree_heads")) {
      assertThat(treeOf(sth.get("note").asText()).n()).isEqualTo(sth.get("tree_size").asLong());
    }
    JsonNode l = real.get("lookup_response");
    byte[] body = l.get("body").asText().getBytes(UTF_8);
    Record.Parsed p = Record.parse(body);
    assertThat(p.record().id()).isEqualTo(l.get("record_id").asLong());
    assertThat(p.record().text()).isEqualTo(l.get("record_text").asText());
    assertThat(p.record().hash().base64()).isEqualTo(l.get("record_hash_base64").asText());
    Tree t = treeOf(new String(body, p.restOffset(), body.length - p.restOffset(), UTF_8));
    assertThat(t.n()).isEqualTo(28905453L);
    assertThat(p.record().id()).isLessThan(t.n());
  }
}
