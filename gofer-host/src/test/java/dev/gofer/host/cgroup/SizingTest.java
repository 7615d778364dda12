package dev.gofer.host.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** GOMAXPROCS and GOMEMLIMIT against every row of host-examples.json. */
class SizingTest {
  private static final JsonNode V = Vectors.load("host-examples");

  @Test
  void gomaxprocsEveryRow() {
    JsonNode cases = V.get("gomaxprocs").get("cases");
    assertThat(cases.size()).isGreaterThanOrEqualTo(9);
    for (JsonNode c : cases) {
      String desc = c.toString();
      int cpus = c.get("logical_cpus").asInt();
      CpuMax limit = CpuMax.parseV2(c.get("cpu_max").asText());
      assertThat(Gomaxprocs.go125Default(cpus, limit)).as(desc).isEqualTo(c.get("go125_default_gomaxprocs").asInt());
      JsonNode amp = c.get("automaxprocs_value");
      assertThat(Gomaxprocs.automaxprocs(limit)).as(desc)
          .isEqualTo(amp.isNull() ? OptionalInt.empty() : OptionalInt.of(amp.asInt()));
      // gofer's recommendation: the automaxprocs value, capped at the CPUs; the CPU count without a limit
      int expected = amp.isNull() ? cpus : Math.min(cpus, amp.asInt());
      assertThat(Gomaxprocs.recommended(cpus, limit)).as(desc).isEqualTo(expected);
    }
  }

  @Test
  void gomemlimitEveryRow() {
    for (JsonNode c : V.get("gomemlimit").get("cases")) {
      String max = c.get("memory_max").asText();
      if (c.get("automemlimit_gomemlimit_bytes").isNull()) {
        assertThat(Cgroups.bytesV2(max)).as(max).isEmpty();
        continue;
      }
      long limit = Cgroups.bytesV2(max).orElseThrow();
      assertThat(Gomemlimit.recommended(limit)).as(max).isEqualTo(c.get("automemlimit_gomemlimit_bytes").asLong());
      assertThat(Gomemlimit.recommendedMiB(limit)).as(max).isEqualTo(c.get("rounded_down_to_mib").asText());
    }
    assertThat(Gomemlimit.recommended(Long.MAX_VALUE)).isEqualTo(8301034833169298226L);
  }

  @Test
  void parsesGomemlimitAsTheRuntimeDoes() {
    assertThat(Gomemlimit.parse("460MiB")).hasValue(460L << 20);
    assertThat(Gomemlimit.parse("483183820")).hasValue(483183820L);
    assertThat(Gomemlimit.parse("1GiB")).hasValue(1L << 30);
    assertThat(Gomemlimit.parse("512B")).hasValue(512L);
    assertThat(Gomemlimit.parse("off")).isEqualTo(OptionalLong.empty());
    for (String bad : new String[] {"", "1.5GiB", "1GB", "-1", "1M", "9999999TiB"}) {
      assertThatThrownBy(() -> Gomemlimit.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
