package dev.gofer.mod.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TileHashReaderTest {
  private static final TestLog LOG = TestLog.ofLeaves(300);

  private static long[] allIndexes(long n) {
    long[] xs = new long[(int) Tlog.storedHashIndex(0, n)];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = i;
    }
    return xs;
  }

  @Test
  void readsEveryHashOfEveryTreeAndSavesOnlyWhatItRead() throws IOException {
    for (int h : new int[] {1, 2, 3, 8}) {
      for (long n = 1; n <= 300; n += (n < 40 ? 1 : 37)) {
        TestLog.Tiles tiles = LOG.new Tiles(h);
        TileHashReader r = TileHashReader.of(LOG.tree(n), tiles);
        long[] xs = allIndexes(n);
        List<Hash> got = r.readHashes(xs);
        for (int i = 0; i < xs.length; i++) {
          assertThat(got.get(i)).isEqualTo(LOG.stored.get(i));
        }
        assertThat(tiles.saves).containsExactlyElementsOf(tiles.reads);
        assertThat(Tlog.treeHash(n, r)).isEqualTo(LOG.treeHash(n));
        for (long m = 1; m <= n; m += 7) {
          assertThat(Tlog.treeHash(m, r)).as("h=%d n=%d m=%d", h, n, m).isEqualTo(LOG.treeHash(m));
        }
      }
    }
  }

  @Test
  void tilesStayInsideTheTree() throws IOException {
    for (long n = 1; n <= 300; n += 13) {
      TestLog.Tiles tiles = LOG.new Tiles(2);
      TileHashReader.of(LOG.tree(n), tiles).readHashes(allIndexes(n));
      for (List<Tile> read : tiles.reads) {
        for (Tile t : read) {
          assertThat(t.parent(0, n)).as("%s in tree %d", t, n).isEqualTo(t);
        }
      }
    }
  }

  @Test
  void indexesBeyondTheTreeAreRefused() {
    TileHashReader r = TileHashReader.of(LOG.tree(5), LOG.new Tiles(2));
    long limit = Tlog.storedHashIndex(0, 5);
    assertThatThrownBy(() -> r.readHashes(new long[] {limit})).isInstanceOf(TlogException.class).hasMessage("indexes not in tree");
    assertThatThrownBy(() -> r.readHashes(new long[] {-1})).hasMessage("indexes not in tree");
    TileHashReader empty = TileHashReader.of(Tree.EMPTY, LOG.new Tiles(2));
    assertThatThrownBy(() -> empty.readHashes(new long[] {0})).hasMessage("indexes not in tree");
  }

  @Test
  void aWrongTreeHashFailsAndSavesNothing() {
    TestLog.Tiles tiles = LOG.new Tiles(2);
    Tree wrong = new Tree(17, LOG.treeHash(16));
    assertThatThrownBy(() -> TileHashReader.of(wrong, tiles).readHashes(new long[] {0}))
        .isInstanceOf(InconsistentTileException.class)
        .hasMessage("downloaded inconsistent tile");
    assertThat(tiles.saves).isEmpty();
  }

  @Test
  void anyCorruptedTileFailsAndSavesNothing() {
    long n = 123;
    long[] xs = allIndexes(n);
    // Find every tile the reader uses, then corrupt each one in turn, at each byte position class.
    TestLog.Tiles probe = LOG.new Tiles(2);
    try {
      TileHashReader.of(LOG.tree(n), probe).readHashes(xs);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    List<Tile> used = probe.reads.get(0);
    assertThat(used).hasSizeGreaterThan(10);
    for (Tile victim : used) {
      for (int at : new int[] {0, victim.dataSize() - 1}) {
        TestLog.Tiles tiles =
            LOG.new Tiles(2) {
              @Override
              byte[] tamper(Tile t, byte[] data) {
                if (t.equals(victim)) {
                  data[at] ^= 0x80;
                }
                return data;
              }
            };
        assertThatThrownBy(() -> TileHashReader.of(LOG.tree(n), tiles).readHashes(xs))
            .as("corrupt %s at %d", victim, at)
            .isInstanceOf(InconsistentTileException.class);
        assertThat(tiles.saves).isEmpty();
      }
    }
  }

  @Test
  void aMemoOfProvenTilesNeverVouchesForOtherBytes() throws IOException {
    long n = 123;
    long[] xs = allIndexes(n);
    TileHashMemo memo = new TileHashMemo(64);
    // Prove every tile once, honestly, so the memo holds all of them.
    List<Hash> honest = TileHashReader.of(LOG.tree(n), LOG.new Tiles(2), memo).readHashes(xs);
    assertThat(honest).hasSize(xs.length);
    TestLog.Tiles probe = LOG.new Tiles(2);
    TileHashReader.of(LOG.tree(n), probe).readHashes(xs);
    for (Tile victim : probe.reads.get(0)) {
      TestLog.Tiles tiles =
          LOG.new Tiles(2) {
            @Override
            byte[] tamper(Tile t, byte[] data) {
              if (t.equals(victim)) {
                data[data.length / 2] ^= 0x01;
              }
              return data;
            }
          };
      assertThatThrownBy(() -> TileHashReader.of(LOG.tree(n), tiles, memo).readHashes(xs))
          .as("corrupt %s after it was remembered", victim)
          .isInstanceOf(InconsistentTileException.class);
      assertThat(tiles.saves).isEmpty();
    }
    // And honest bytes still verify through the memo afterwards.
    assertThat(TileHashReader.of(LOG.tree(n), LOG.new Tiles(2), memo).readHashes(xs)).isEqualTo(honest);
  }

  @Test
  void wrongLengthsAreRefused() {
    TestLog.Tiles shortTiles =
        LOG.new Tiles(2) {
          @Override
          byte[] tamper(Tile t, byte[] data) {
            return java.util.Arrays.copyOf(data, data.length - 1);
          }
        };
    assertThatThrownBy(() -> TileHashReader.of(LOG.tree(3), shortTiles).readHashes(new long[] {0}))
        .hasMessage("TileReader returned bad result slice (tile/2/0/000.p/3 len=95, want 96)");
    TileReader none =
        new TileReader() {
          @Override
          public int height() {
            return 2;
          }

          @Override
          public List<byte[]> readTiles(List<Tile> tiles) {
            return List.of();
          }

          @Override
          public void saveTiles(List<Tile> tiles, List<byte[]> data) {
            throw new AssertionError();
          }
        };
    assertThatThrownBy(() -> TileHashReader.of(LOG.tree(3), none).readHashes(new long[] {0}))
        .hasMessage("TileReader returned bad result slice (len=0, want 1)");
  }

  /**
   * Tree 19 at height 2: the edge hashes 16+2+1 sit in two tiles, so three edge hashes but two
   * edge tiles. Reading leaf 0 then needs tile/2/1/000 and tile/2/0/000 below the edge. A server
   * that forges both consistently with each other must still be caught: the upper forged tile
   * must be checked against the edge tile tile/2/2/000.p/1.
   */
  @Test
  void forgedTilesBelowASharedEdgeTileAreCaught() throws IOException {
    long n = 19;
    TestLog forged = TestLog.ofLeaves(19);
    byte[] evil = "evil".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // A different log whose first four leaves differ: its tile/2/0/000 and tile/2/1/000 are
    // self-consistent, but tile/2/1/000 no longer matches the real tile/2/2/000.p/1.
    TestLog other = new TestLog();
    for (int i = 0; i < 19; i++) {
      other.append(i == 0 ? evil : ("leaf " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Tile top = Tile.parsePath("tile/2/2/000.p/1");
    TestLog.Tiles tiles =
        forged.new Tiles(2) {
          @Override
          byte[] tamper(Tile t, byte[] data) {
            if (t.equals(top) || t.level() == 0 && t.number() == 4) {
              return data; // the edge tiles are genuine
            }
            try {
              return t.readData(other.reader());
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          }
        };
    TileHashReader r = TileHashReader.of(forged.tree(n), tiles);
    assertThatThrownBy(() -> r.readHashes(new long[] {0})).isInstanceOf(InconsistentTileException.class);
    List<String> planned = new ArrayList<>();
    tiles.reads.get(0).forEach(t -> planned.add(t.path()));
    assertThat(planned).containsExactly("tile/2/2/000.p/1", "tile/2/0/004.p/3", "tile/2/1/000", "tile/2/0/000");
    assertThat(tiles.saves).isEmpty();
  }
}
