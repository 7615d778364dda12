package dev.gofer.mod.tlog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every vector of tlog-hashes.json. */
class TlogVectorsTest {
  private static final JsonNode V = Vectors.load("tlog-hashes");

  private static byte[] input(JsonNode c) {
    return c.has("input_hex") ? Vectors.hex(c.get("input_hex").asText()) : c.get("input").asText().getBytes(UTF_8);
  }

  @Test
  void recordHash() {
    for (JsonNode c : V.get("record_hash")) {
      Hash h = Tlog.recordHash(c.get("data").asText().getBytes(UTF_8));
      assertThat(h.base64()).isEqualTo(c.get("record_hash_base64").asText());
      assertThat(h.hex()).isEqualTo(c.get("record_hash_hex").asText());
      assertThat(h.toString()).isEqualTo(h.base64());
      assertThat(Hash.parse(h.base64())).isEqualTo(h);
      assertThat(Hash.parseHex(h.hex())).isEqualTo(h);
    }
  }

  @Test
  void emptyTreeHashIsSha256OfNothing() throws IOException {
    JsonNode e = V.get("empty_tree_hash");
    assertThat(Tlog.EMPTY_HASH.hex()).isEqualTo(e.get("hex").asText());
    assertThat(Tlog.EMPTY_HASH.base64()).isEqualTo(e.get("base64").asText());
    assertThat(Tlog.treeHash(0, indexes -> { throw new AssertionError("no read for size 0"); }))
        .isEqualTo(Tlog.EMPTY_HASH);
    assertThat(Tree.EMPTY).isEqualTo(new Tree(0, Tlog.EMPTY_HASH));
  }

  @Test
  void formatTreeAndParseItBack() {
    for (JsonNode c : V.get("format_tree")) {
      Tree t = new Tree(c.get("n").asLong(), Hash.parse(c.get("hash_base64").asText()));
      String text = c.get("expected_text").asText();
      assertThat(new String(t.format(), UTF_8)).isEqualTo(text);
      assertThat(Tree.parse(text)).isEqualTo(t);
    }
  }

  @Test
  void parseTreeRejects() {
    for (JsonNode c : V.get("parse_tree_invalid")) {
      assertThatThrownBy(() -> Tree.parse(c.asText()))
          .isInstanceOf(TlogException.class)
          .hasMessage("malformed tree note");
    }
  }

  @Test
  void parseTreeIgnoresTrailingLines() {
    for (JsonNode c : V.get("parse_tree_valid_with_trailing_junk")) {
      String text = c.isTextual() ? c.asText() : c.get("text").asText();
      Tree t = Tree.parse(text);
      assertThat(t.n()).isEqualTo(123456789012L);
      assertThat(t.hash().base64()).isEqualTo("TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=");
    }
  }

  @Test
  void parseTreeEdgeRules() {
    String h = "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=";
    assertThat(Tree.parse("go.sum database tree\n0\n" + h + "\n").n()).isZero();
    assertThat(Tree.parse("go.sum database tree\n9223372036854775807\n" + h + "\n").n())
        .isEqualTo(Long.MAX_VALUE);
    // Go's decoder skips \r in base64.
    assertThat(Tree.parse("go.sum database tree\n1\n" + h + "\r\n").n()).isEqualTo(1);
    for (String bad :
        List.of(
            "go.sum database tree\n01\n" + h + "\n",
            "go.sum database tree\n+1\n" + h + "\n",
            "go.sum database tree\n-1\n" + h + "\n",
            "go.sum database tree\n\n" + h + "\n",
            "go.sum database tree\n9223372036854775808\n" + h + "\n",
            "go.sum database tree\n1\n" + h,
            "go.sum database tree\n1\n" + h.substring(0, 43) + "\n",
            "go.sum database tree\n1\nAAAA\n",
            "go.sum database tree\n1\n" + h + "AAAA\n",
            "go.sum database tree 1\n" + h + "\n\n")) {
      assertThatThrownBy(() -> Tree.parse(bad)).isInstanceOf(TlogException.class).as(bad);
    }
    byte[] big = new byte[1_000_001];
    byte[] ok = ("go.sum database tree\n1\n" + h + "\n").getBytes(UTF_8);
    System.arraycopy(ok, 0, big, 0, ok.length);
    Arrays.fill(big, ok.length, big.length, (byte) 'x');
    assertThatThrownBy(() -> Tree.parse(big)).hasMessage("malformed tree note");
    assertThat(Tree.parse(Arrays.copyOf(big, 1_000_000)).n()).isEqualTo(1);
  }

  @Test
  void formatRecord() {
    for (JsonNode c : V.get("format_record")) {
      byte[] msg = Record.format(c.get("id").asLong(), c.get("text").asText().getBytes(UTF_8));
      assertThat(new String(msg, UTF_8)).isEqualTo(c.get("expected").asText());
      assertThat(new Record(c.get("id").asLong(), c.get("text").asText()).format()).isEqualTo(msg);
    }
  }

  @Test
  void formatRecordRejectsText() {
    for (JsonNode c : V.get("format_record_rejects_text")) {
      assertThatThrownBy(() -> Record.format(1, c.asText().getBytes(UTF_8)))
          .isInstanceOf(TlogException.class)
          .hasMessage("malformed record data");
    }
  }

  @Test
  void parseRecord() {
    for (JsonNode c : V.get("parse_record")) {
      byte[] msg = input(c);
      Record.Parsed p = Record.parse(msg);
      JsonNode e = c.get("expected");
      assertThat(p.record()).isEqualTo(new Record(e.get("id").asLong(), e.get("text").asText()));
      byte[] rest = Arrays.copyOfRange(msg, p.restOffset(), msg.length);
      byte[] want = e.has("rest_hex") ? Vectors.hex(e.get("rest_hex").asText()) : e.get("rest").asText().getBytes(UTF_8);
      assertThat(rest).isEqualTo(want);
    }
  }

  @Test
  void parseRecordRejects() {
    for (JsonNode c : V.get("parse_record_invalid")) {
      assertThatThrownBy(() -> Record.parse(input(c)))
          .isInstanceOf(TlogException.class)
          .hasMessage("malformed record data");
    }
  }

  @Test
  void parseRecordReadsTheIdLikeGoParseInt() {
    // strconv.ParseInt accepts a sign and leading zeros; ParseRecord does not canonicalise.
    assertThat(Record.parse("007\nx\n\n".getBytes(UTF_8)).record().id()).isEqualTo(7);
    assertThat(Record.parse("+7\nx\n\n".getBytes(UTF_8)).record().id()).isEqualTo(7);
    assertThat(Record.parse("-9223372036854775808\nx\n\n".getBytes(UTF_8)).record().id())
        .isEqualTo(Long.MIN_VALUE);
    for (String bad : List.of("9223372036854775808\nx\n\n", "-\nx\n\n", "\nx\n\n", "1 \nx\n\n", "1\n\n")) {
      assertThatThrownBy(() -> Record.parse(bad.getBytes(UTF_8))).as(bad).hasMessage("malformed record data");
    }
  }

  @Test
  void treeHashesOverLeafN() {
    JsonNode v = V.get("tree_hashes_over_leaf_n");
    TestLog log = TestLog.ofLeaves(100);
    for (JsonNode c : v.get("trees")) {
      assertThat(log.treeHash(c.get("n").asLong()).base64()).as("n=%s", c.get("n")).isEqualTo(c.get("hash").asText());
    }
    JsonNode leaves = v.get("leaf_hashes_first_8");
    for (int i = 0; i < leaves.size(); i++) {
      assertThat(log.stored.get((int) Tlog.storedHashIndex(0, i)).base64()).isEqualTo(leaves.get(i).asText());
    }
  }

  @Test
  void storedHashIndexAndItsInverse() {
    for (JsonNode c : V.get("stored_hash_index").get("values")) {
      int level = c.get("level").asInt();
      long n = c.get("n").asLong();
      long index = c.get("index").asLong();
      assertThat(Tlog.storedHashIndex(level, n)).isEqualTo(index);
      assertThat(Tlog.splitStoredHashIndex(index)).isEqualTo(new Node(level, n));
    }
    for (JsonNode c : V.get("split_stored_hash_index_first_32").get("values")) {
      assertThat(Tlog.splitStoredHashIndex(c.get("index").asLong()))
          .isEqualTo(new Node(c.get("level").asInt(), c.get("n").asLong()));
    }
  }

  @Test
  void storedHashCount() {
    for (JsonNode c : V.get("stored_hash_count").get("values")) {
      assertThat(Tlog.storedHashCount(c.get("records").asLong())).isEqualTo(c.get("stored_hash_count").asLong());
    }
    TestLog log = TestLog.ofLeaves(300);
    for (int n = 0; n <= 300; n++) {
      assertThat(Tlog.storedHashCount(n)).isEqualTo(n == 0 ? 0 : Tlog.storedHashIndex(0, n - 1) + 1 + Long.numberOfTrailingZeros(n));
    }
    assertThat(Tlog.storedHashCount(300)).isEqualTo(log.stored.size());
  }

  @Test
  void storedHashesAppendedPerRecord() {
    TestLog log = new TestLog();
    for (JsonNode c : V.get("stored_hashes_appended_per_record").get("records")) {
      assertThat(log.stored.size()).isEqualTo(c.get("first_index").asInt());
      assertThat(Tlog.storedHashIndex(0, c.get("record").asLong())).isEqualTo(c.get("first_index").asLong());
      int before = log.stored.size();
      log.append(c.get("data").asText().getBytes(UTF_8));
      List<String> appended = log.stored.subList(before, log.stored.size()).stream().map(Hash::base64).toList();
      List<String> want = java.util.stream.StreamSupport.stream(c.get("hashes_appended").spliterator(), false).map(JsonNode::asText).toList();
      assertThat(appended).isEqualTo(want);
    }
  }

  @Test
  void splitIsInverseOverARange() {
    for (long index = 0; index < 20_000; index++) {
      Node node = Tlog.splitStoredHashIndex(index);
      assertThat(Tlog.storedHashIndex(node.level(), node.n())).isEqualTo(index);
    }
  }

  @Test
  void readersMustReturnOneHashPerIndex() {
    TestLog log = TestLog.ofLeaves(5);
    assertThatThrownBy(() -> Tlog.treeHash(5, indexes -> List.of()))
        .isInstanceOf(TlogException.class)
        .hasMessage("tlog: ReadHashes(2 indexes) = 0 hashes");
    assertThatThrownBy(() -> Tlog.proveRecord(5, 5, log.reader())).hasMessage("tlog: invalid inputs in ProveRecord");
    assertThatThrownBy(() -> Tlog.proveTree(5, 0, log.reader())).hasMessage("tlog: invalid inputs in ProveTree");
    assertThatThrownBy(() -> Tlog.checkTree(new TreeProof(List.of()), 3, Hash.ZERO, 4, Hash.ZERO))
        .hasMessage("tlog: invalid inputs in CheckTree");
    assertThatThrownBy(() -> Tlog.checkRecord(new RecordProof(List.of()), 3, Hash.ZERO, -1, Hash.ZERO))
        .hasMessage("tlog: invalid inputs in CheckRecord");
  }

  @Test
  void hashValueType() {
    Hash h = Tlog.recordHash(new byte[0]);
    byte[] b = h.bytes();
    b[0] ^= 1;
    assertThat(h.bytes()).isNotEqualTo(b);
    assertThat(Hash.of(h.bytes())).isEqualTo(h).hasSameHashCodeAs(h);
    assertThat(Hash.ZERO.hex()).isEqualTo("0".repeat(64));
    for (String bad : List.of("", "AAAA", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU==")) {
      assertThatThrownBy(() -> Hash.parse(bad)).isInstanceOf(TlogException.class).hasMessage("malformed hash");
    }
    assertThatThrownBy(() -> Hash.parseHex("zz".repeat(32))).hasMessage("malformed hash");
  }
}
