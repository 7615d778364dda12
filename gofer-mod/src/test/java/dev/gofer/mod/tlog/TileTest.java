package dev.gofer.mod.tlog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import java.io.IOException;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Every vector of tlog-tiles.json, and tile hashing against an in-memory log. */
class TileTest {
  private static final JsonNode V = Vectors.load("tlog-tiles");

  private static Tile tile(JsonNode c) {
    return new Tile(c.get("H").asInt(), c.get("L").asInt(), c.get("N").asLong(), c.get("W").asInt());
  }

  private static List<String> paths(List<Tile> tiles) {
    return tiles.stream().map(Tile::path).toList();
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  @Test
  void pathsFormatAndParse() {
    for (String group : List.of("tile_paths", "tile_paths_from_package_doc")) {
      for (JsonNode c : V.get(group)) {
        Tile t = tile(c);
        assertThat(t.path()).isEqualTo(c.get("path").asText());
        assertThat(Tile.parsePath(c.get("path").asText())).isEqualTo(t);
      }
    }
  }

  @Test
  void invalidPaths() {
    List<String> bad = new java.util.ArrayList<>(strings(V.get("invalid_tile_paths")));
    bad.addAll(strings(V.get("invalid_tile_paths_derived").get("paths")));
    bad.addAll(
        List.of(
            "", "tile", "tile/4/0/", "tile/4/0/001/", "/tile/4/0/001", "tile/4/0/001.p/", "tile/4/0/001.p/5/",
            "tile/+4/0/001", "tile/4/00/001", "tile/04/0/001", "tile/4/0/-01", "tile/4/0/001.p/05",
            "tile/4/64/000", "tile/4/data/x001.p/1", "tile/4/0/x9223372036/854/775/808",
            "tile/1/0/x999/x999/x999/x999/x999/x999/x999/999", "tile/4/0/.p/1", "tile/4/0.p/1"));
    for (String p : bad) {
      assertThatThrownBy(() -> Tile.parsePath(p))
          .as(p)
          .isInstanceOf(TlogException.class)
          .hasMessage("malformed tile path " + "\"" + p + "\"");
    }
    assertThatThrownBy(() -> Tile.parsePath("tile/4/0/00\u00011"))
        .hasMessage("malformed tile path \"tile/4/0/00\\x011\"");
  }

  @Test
  void dataTilesAndLargestNumber() {
    Tile t = Tile.parsePath("tile/8/data/x001/x234/067.p/9");
    assertThat(t).isEqualTo(new Tile(8, -1, 1234067, 9));
    assertThat(new Tile(8, 0, 1234067, 9).toData()).isEqualTo(t);
    Tile max = new Tile(1, 0, Long.MAX_VALUE, 2);
    assertThat(max.path()).isEqualTo("tile/1/0/x009/x223/x372/x036/x854/x775/807");
    assertThat(Tile.parsePath(max.path())).isEqualTo(max);
  }

  @Test
  void newTilesCounts() {
    for (JsonNode c : V.get("new_tiles_count_height_10")) {
      assertThat(Tile.newTiles(10, c.get("old").asLong(), c.get("new").asLong()))
          .as("%s", c)
          .hasSize(c.get("count").asInt());
    }
  }

  @Test
  void newTilesLists() {
    for (JsonNode c : V.get("new_tiles_lists").get("cases")) {
      List<Tile> tiles = Tile.newTiles(c.get("height").asInt(), c.get("old_size").asLong(), c.get("new_size").asLong());
      assertThat(paths(tiles)).as("%s", c).isEqualTo(strings(c.get("tiles")));
    }
    assertThat(Tile.newTiles(8, 0, 0)).isEmpty();
  }

  @Test
  void tileForIndex() {
    for (JsonNode c : V.get("tile_for_index").get("cases")) {
      long index = c.get("index").asLong();
      assertThat(Tlog.splitStoredHashIndex(index)).isEqualTo(new Node(c.get("level").asInt(), c.get("n").asLong()));
      assertThat(Tile.forIndex(c.get("height").asInt(), index).path()).as("%s", c).isEqualTo(c.get("tile").asText());
    }
  }

  @Test
  void sizes() {
    JsonNode s = V.get("sizes");
    assertThat(Hash.SIZE).isEqualTo(s.get("hash_size_bytes").asInt());
    int h = s.get("go_command_tile_height").asInt();
    assertThat(Tile.full(h, 0, 0).dataSize()).isEqualTo(s.get("full_tile_bytes_height_8").asInt());
  }

  /** Every stored hash is recomputed from its tile, and from every wider tile at its place. */
  @Test
  void hashFromTileRecomputesEveryStoredHash() throws IOException {
    TestLog log = TestLog.ofLeaves(70);
    for (int h : new int[] {1, 2, 3, 8}) {
      for (long index = 0; index < log.stored.size(); index++) {
        Tile t = Tile.forIndex(h, index);
        Tile full = t.parent(0, log.size()); // as wide as the log allows
        byte[] data = full.readData(log.reader());
        for (int w = t.width(); w <= full.width(); w++) {
          Tile wider = new Tile(h, t.level(), t.number(), w);
          assertThat(wider.hashFromTile(data, index)).isEqualTo(log.stored.get((int) index));
        }
        if (t.width() > 1) {
          Tile narrower = new Tile(h, t.level(), t.number(), t.width() - 1);
          long i = index;
          assertThatThrownBy(() -> narrower.hashFromTile(data, i)).hasMessageStartingWith("index " + i + " is in ");
        }
      }
    }
    Tile t = Tile.forIndex(2, 4);
    assertThatThrownBy(() -> t.hashFromTile(new byte[32 * 3], 4)).hasMessage("data len 96 too short for tile tile/2/0/000");
    assertThatThrownBy(() -> t.toData().hashFromTile(new byte[32 * 4], 4)).hasMessage("invalid tile tile/2/data/000");
  }

  /** A tile published early is a prefix of the same tile published later. */
  @Test
  void partialTilesArePrefixesOfLaterTiles() throws IOException {
    TestLog log = new TestLog();
    java.util.Map<Tile, byte[]> published = new java.util.LinkedHashMap<>();
    for (int n = 1; n <= 40; n++) {
      log.append(("leaf " + (n - 1)).getBytes(UTF_8));
      for (Tile t : Tile.newTiles(2, n - 1, n)) {
        published.put(t, t.readData(log.reader()));
      }
    }
    assertThat(published).hasSizeGreaterThan(40);
    for (var e : published.entrySet()) {
      byte[] later = e.getKey().parent(0, 40).readData(log.reader());
      assertThat(java.util.Arrays.copyOf(later, e.getValue().length)).as("%s", e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void heightOutOfRange() {
    assertThatThrownBy(() -> Tile.forIndex(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tile.newTiles(0, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Tile(2, 0, 0, 5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readDataOfADataTileIsRefused() {
    assertThatThrownBy(() -> new Tile(2, -1, 0, 1).readData(TestLog.ofLeaves(1).reader()))
        .isInstanceOf(TlogException.class);
    assertThat("x".getBytes(UTF_8)).hasSize(1);
  }
}
