package dev.gofer.host.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileCapabilitiesTest {
  @Test
  void decodesEveryVector() {
    for (JsonNode c : Vectors.load("capability-xattr").get("xattr_cases")) {
      String name = c.get("getcap_text").asText();
      FileCapabilities caps = FileCapabilities.parse(Vectors.hex(c.get("xattr_hex").asText()));
      assertThat(caps.revision()).as(name).isEqualTo(c.get("revision").asInt());
      assertThat(caps.effective()).as(name).isEqualTo(c.get("effective_flag").asBoolean());
      assertThat(FileCapabilities.names(caps.permitted())).as(name).isEqualTo(strings(c.get("permitted")));
      assertThat(FileCapabilities.names(caps.inheritable())).as(name).isEqualTo(strings(c.get("inheritable")));
      assertThat(caps.rootid().orElse(null)).as(name)
          .isEqualTo(c.get("rootid").isNull() ? null : c.get("rootid").asLong());
      assertThat(FileCapabilities.parseHex(c.get("getfattr_output").asText())).as(name).isEqualTo(caps);
    }
  }

  @Test
  void compactTextAsGetcapPrintsIt() {
    assertThat(FileCapabilities.parseHex("0100000200000800000000000000000000000000").text()).isEqualTo("cap_sys_ptrace=ep");
    assertThat(FileCapabilities.parseHex("0100000300000800000000000000000000000000a0860100").text())
        .isEqualTo("cap_sys_ptrace=ep [rootid=100000]");
    assertThat(FileCapabilities.parseHex("0100000200200000002000000000000000000000").text()).isEqualTo("cap_net_raw=eip");
  }

  @Test
  void decodesProcStatusMasks() {
    for (JsonNode c : Vectors.load("capability-xattr").get("proc_status_masks")) {
      long mask = Long.parseUnsignedLong(c.get("hex").asText(), 16);
      if (c.has("names")) {
        assertThat(FileCapabilities.names(mask)).as(c.get("hex").asText()).isEqualTo(strings(c.get("names")));
      } else {
        assertThat(FileCapabilities.names(mask)).hasSize(c.get("names_count").asInt()).endsWith("CHECKPOINT_RESTORE");
      }
    }
  }

  @Test
  void rejectsWrongSizesAndRevisions() {
    assertThatThrownBy(() -> FileCapabilities.parseHex("01000002000008000000000000000000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("security.capability: revision 2 needs 20 bytes, got 16");
    assertThatThrownBy(() -> FileCapabilities.parseHex("0100000400000800000000000000000000000000"))
        .hasMessage("security.capability: unknown revision 4");
    assertThatThrownBy(() -> FileCapabilities.parseHex("zz")).hasMessageContaining("not hex");
    assertThatThrownBy(() -> FileCapabilities.parse(new byte[2])).hasMessageContaining("too short");
  }

  @Test
  void readsGetcapTextInBothForms() {
    assertThat(DlvPtraceCheck.fromGetcap("/usr/bin/dlv cap_sys_ptrace=ep\n").orElseThrow().permits(19)).isTrue();
    assertThat(DlvPtraceCheck.fromGetcap("/usr/bin/dlv = cap_sys_ptrace+ep\n").orElseThrow().permits(19)).isTrue();
    assertThat(DlvPtraceCheck.fromGetcap("/usr/bin/dlv cap_net_bind_service=ep\n").orElseThrow().permits(19)).isFalse();
    assertThat(DlvPtraceCheck.fromGetcap("")).isEmpty();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
