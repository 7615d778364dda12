package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import dev.gofer.host.Readout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cpu.vulnerabilities}: the files of {@code /sys/devices/system/cpu/vulnerabilities}
 * (reference host-checks §5.2), classified as spectre-meltdown-checker does: text starting
 * {@code Not affected}, {@code Mitigation} or {@code KVM: Mitigation} is ok, {@code Vulnerable}
 * is vulnerable, anything else unknown. WARN when any is vulnerable or the command line has
 * {@code mitigations=off}; INFO when some are unknown; PASS when all are ok.
 */
final class CpuVulnerabilitiesCheck implements Check {
  static final String ID = "cpu.vulnerabilities";
  static final String DIR = "/sys/devices/system/cpu/vulnerabilities";

  /** The classes of spectre-meltdown-checker: OK, VULN, UNKNOWN. */
  enum Status {
    OK, VULN, UNKNOWN;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The class of one file's text. */
  static Status classify(String text) {
    String t = text.strip();
    if (t.startsWith("Not affected") || t.startsWith("Mitigation") || t.startsWith("KVM: Mitigation")) {
      return Status.OK;
    }
    return t.startsWith("Vulnerable") ? Status.VULN : Status.UNKNOWN;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    List<String> names = host.list(DIR);
    if (names.isEmpty()) {
      return Finding.skip(ID, DIR + ": not present or empty");
    }
    Map<String, Object> files = new LinkedHashMap<>();
    List<String> vulnerable = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      Readout r = host.read(DIR + "/" + name);
      Status s;
      String text;
      if (r instanceof Readout.Text t) {
        text = t.content().strip();
        s = classify(text);
      } else {
        text = r.problem();
        s = Status.UNKNOWN;
      }
      files.put(name, Map.of("status", s.key(), "text", text));
      switch (s) {
        case VULN -> vulnerable.add(name);
        case UNKNOWN -> unknown.add(name);
        case OK -> { }
      }
    }
    boolean off = Probe.cmdline(host).get().map(c -> c.contains("mitigations=off")).orElse(false);
    String expected = "every file \"Not affected\" or \"Mitigation: ...\"; no mitigations=off";
    String why = "A vulnerable CPU issue lets code in one process or guest read another's memory; "
        + "Go services hold keys and tokens in memory.";
    StringBuilder observed = new StringBuilder();
    observed.append(names.size() - vulnerable.size() - unknown.size()).append(" of ").append(names.size()).append(" ok");
    if (!vulnerable.isEmpty()) {
      observed.append(", vulnerable: ").append(String.join(", ", vulnerable));
    }
    if (!unknown.isEmpty()) {
      observed.append(", unknown: ").append(String.join(", ", unknown));
    }
    if (off) {
      observed.append(", mitigations=off on the command line");
    }
    Level level = !vulnerable.isEmpty() || off ? Level.WARN : !unknown.isEmpty() ? Level.INFO : Level.PASS;
    List<String> fixes = new ArrayList<>();
    if (!vulnerable.isEmpty()) {
      fixes.add("update the CPU microcode and kernel");
    }
    if (off) {
      fixes.add("remove mitigations=off from the kernel command line and reboot");
    }
    String fix = String.join("; ", fixes);
    return new Finding(ID, level, observed.toString(), expected, why, fix, null)
        .with("files", files).with("vulnerable", List.copyOf(vulnerable))
        .with("mitigationsOff", off);
  }
}
