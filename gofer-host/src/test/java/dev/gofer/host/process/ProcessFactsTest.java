package dev.gofer.host.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Capability sets and the security.capability xattr against capability-xattr.json (copied from the shared reference vectors). */
class ProcessFactsTest {
  private static final JsonNode V = Vectors.load("capability-xattr");

  @Test
  void capabilityNumbersTable() {
    V.get("capability_numbers").fields().forEachRemaining(e ->
        assertThat(Capabilities.name(Integer.parseInt(e.getKey()))).isEqualTo(e.getValue().asText()));
    assertThat(Capabilities.name(41)).isEqualTo("cap_41");
    assertThat(Capabilities.number("cap_sys_ptrace")).contains(19);
    assertThat(Capabilities.number("CAP_NET_BIND_SERVICE")).contains(10);
    assertThat(Capabilities.number("nope")).isEmpty();
  }

  @Test
  void everyXattrCase() {
    for (JsonNode c : V.get("xattr_cases")) {
      String desc = c.get("getcap_text").asText();
      byte[] raw = Vectors.hex(c.get("xattr_hex").asText());
      assertThat(raw).hasSize(c.get("length").asInt());
      FileCapabilities f = FileCapabilities.decode(raw);
      assertThat(f.revision()).as(desc).isEqualTo(c.get("revision").asInt());
      assertThat(f.permitted().names()).as(desc).isEqualTo(strings(c.get("permitted")));
      assertThat(f.inheritable().names()).as(desc).isEqualTo(strings(c.get("inheritable")));
      assertThat(f.effective()).as(desc).isEqualTo(c.get("effective_flag").asBoolean());
      assertThat(f.rootid()).as(desc).isEqualTo(c.get("rootid").isNull()
          ? OptionalLong.empty() : OptionalLong.of(c.get("rootid").asLong()));
      assertThat(f.text()).as(desc).isEqualTo(desc);
      assertThat(f.encode()).as(desc).isEqualTo(raw);
      assertThat(FileCapabilities.decodeHex(c.get("getfattr_output").asText())).as(desc).isEqualTo(f);
      assertThat(FileCapabilities.parseText(desc)).as(desc).isEqualTo(f);
    }
  }

  @Test
  void bothGetcapForms() {
    FileCapabilities compact = FileCapabilities.parseText("cap_sys_ptrace=ep");
    assertThat(FileCapabilities.parseText("= cap_sys_ptrace+ep")).isEqualTo(compact);
    assertThat(compact.getcapLine("/usr/bin/dlv")).isEqualTo("/usr/bin/dlv cap_sys_ptrace=ep");
    FileCapabilities mixed = FileCapabilities.parseText("cap_net_raw=eip cap_sys_ptrace+ep");
    assertThat(mixed.text()).isEqualTo("cap_net_raw=eip cap_sys_ptrace=ep");
    assertThatThrownBy(() -> FileCapabilities.parseText("cap_bogus=ep")).hasMessageContaining("unknown capability");
    assertThatThrownBy(() -> FileCapabilities.parseText("cap_sys_ptrace")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsBadXattrs() {
    assertThatThrownBy(() -> FileCapabilities.decode(new byte[3])).hasMessageContaining("too short");
    assertThatThrownBy(() -> FileCapabilities.decodeHex("0100000200000800"))
        .hasMessage("security.capability: revision 2 needs 20 bytes, got 8");
    assertThatThrownBy(() -> FileCapabilities.decodeHex("0100000400000800000000000000000000000000"))
        .hasMessageContaining("unknown revision");
    assertThatThrownBy(() -> FileCapabilities.decodeHex("zz")).hasMessage("security.capability: not hex");
    FileCapabilities rev1 = FileCapabilities.decodeHex("010000010000080000000000");
    assertThat(rev1.revision()).isEqualTo(1);
    assertThat(rev1.text()).isEqualTo("cap_sys_ptrace=ep");
  }

  @Test
  void sideCarsHoldRawBytesOrGetfattrText() {
    byte[] raw = Vectors.hex("0100000200000800000000000000000000000000");
    FileCapabilities f = FileCapabilities.decodeSideCar(raw);
    assertThat(f.text()).isEqualTo("cap_sys_ptrace=ep");
    String getfattr = "# file: usr/bin/dlv\nsecurity.capability=0x0100000200000800000000000000000000000000\n\n";
    assertThat(FileCapabilities.decodeSideCar(getfattr.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEqualTo(f);
    assertThat(FileCapabilities.decodeHex(getfattr)).isEqualTo(f);
    assertThatThrownBy(() -> FileCapabilities.decodeSideCar("0x01000002\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .hasMessage("security.capability: revision 2 needs 20 bytes, got 4");
  }

  @Test
  void procStatusMasks() {
    for (JsonNode c : V.get("proc_status_masks")) {
      Capabilities caps = Capabilities.parseHex(c.get("hex").asText());
      if (c.has("names")) {
        assertThat(caps.names()).as(c.get("context").asText()).isEqualTo(strings(c.get("names")));
      } else {
        assertThat(caps.numbers()).hasSize(c.get("names_count").asInt());
        assertThat(caps).isEqualTo(Capabilities.full(40));
      }
      assertThat(caps.hex()).isEqualTo(c.get("hex").asText());
    }
    assertThat(Capabilities.parseHex("0000060000000000").names()).containsExactly("cap_41", "cap_42");
    assertThat(Capabilities.parseHex("00000000a80425fb").capNames()).startsWith("CAP_CHOWN").endsWith("CAP_SETFCAP");
    assertThatThrownBy(() -> Capabilities.parseHex("xyz")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statusFields() {
    ProcStatus st = ProcStatus.parse("""
        Name:\tapp
        CapEff:\t00000000a80425fb
        CapBnd:\tnot-hex
        NoNewPrivs:\t1
        Seccomp:\t2
        Seccomp_filters:\t1
        garbage line
        """);
    assertThat(st.effective().orElseThrow().names()).contains("NET_BIND_SERVICE");
    assertThat(st.bounding()).isEmpty();
    assertThat(st.caps("CapAmb")).isEmpty();
    assertThat(st.noNewPrivs()).contains(true);
    assertThat(st.seccomp()).hasValue(2);
    assertThat(st.seccompFilters()).hasValue(1);
    assertThat(ProcStatus.parse("Seccomp:\t7\nNoNewPrivs:\tyes\n").seccomp()).isEmpty();
    assertThat(ProcStatus.parse("NoNewPrivs:\tyes\n").noNewPrivs()).isEmpty();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
