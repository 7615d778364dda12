package dev.gofer.host.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DoctorTest {
  static Map<String, String> levels(Report r) {
    Map<String, String> m = new LinkedHashMap<>();
    r.findings().forEach(f -> m.put(f.id(), f.level().key()));
    return m;
  }

  @Test
  void dump() {
    for (String name : new String[] {"rhel9", "alma9", "centos-stream9", "ubuntu2204", "ubuntu2404", "debian12", "weak-cmdline", "journald-precedence"}) {
      Report r = Doctor.standard().run(Fixtures.context(name), Set.of());
      System.out.println("== " + name + " " + r.host());
      r.findings().forEach(f -> System.out.println("  " + f.level().key() + " " + f.id() + " | " + f.observed()));
    }
  }
}
