package dev.gofer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gofer.host.doctor.Finding;
import dev.gofer.host.doctor.Level;
import dev.gofer.host.doctor.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The three forms of a doctor report: an aligned text table, JSON and JUnit XML. */
final class DoctorOutput {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DoctorOutput() {}

  /**
   * A table of level, id and observed value, the fixes of warn and fail findings, and a summary
   * line that says "(exit 1)" when the findings reach {@code failOn}; ANSI colours on the level
   * column only when {@code color}.
   */
  static String text(Report r, Level failOn, boolean color) {
    StringBuilder b = new StringBuilder();
    Map<String, Object> h = r.host();
    b.append("gofer doctor: ").append(or(h.get("prettyName"), "unknown OS"))
        .append(", kernel ").append(or(h.get("kernel"), "unknown"))
        .append(", ").append(or(h.get("arch"), "unknown arch"))
        .append(", cgroup ").append(or(h.get("cgroup"), "unknown"))
        .append(", profile ").append(h.get("profile"));
    if (!"/".equals(h.get("sysroot"))) {
      b.append(", sysroot ").append(h.get("sysroot"));
    }
    b.append("\n\n");
    int idWidth = Math.max(5, r.findings().stream().mapToInt(f -> f.id().length()).max().orElse(0));
    b.append(pad("LEVEL", 6)).append(pad("CHECK", idWidth + 2)).append("OBSERVED\n");
    for (Finding f : r.findings()) {
      b.append(colored(pad(f.level().key(), 6), f.level(), color)).append(pad(f.id(), idWidth + 2))
          .append(oneLine(f.observed())).append('\n');
    }
    List<Finding> fixes = r.findings().stream()
        .filter(f -> (f.level() == Level.WARN || f.level() == Level.FAIL) && !f.fix().isEmpty()).toList();
    if (!fixes.isEmpty()) {
      b.append("\nFixes:\n");
      for (Finding f : fixes) {
        b.append("  ").append(colored(f.level().key(), f.level(), color)).append(' ').append(f.id())
            .append(": ").append(oneLine(f.fix())).append('\n');
      }
    }
    Map<Level, Long> counts = r.counts();
    List<String> parts = new ArrayList<>();
    counts.forEach((l, n) -> parts.add(n + " " + l.key()));
    b.append('\n').append(r.findings().size()).append(" checks: ").append(String.join(", ", parts))
        .append(r.reaches(failOn) ? " (exit 1)" : "").append('\n');
    return b.toString();
  }

  /** {@code {"host": {...}, "checks": [{"id", "level", "observed", "expected", "why", "fix", "data"}]}}. */
  static String json(Report r) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("host", r.host());
    List<Map<String, Object>> checks = new ArrayList<>();
    for (Finding f : r.findings()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("id", f.id());
      c.put("level", f.level().key());
      c.put("observed", f.observed());
      c.put("expected", f.expected());
      c.put("why", f.why());
      c.put("fix", f.fix());
      c.put("data", f.data());
      checks.add(c);
    }
    root.put("checks", checks);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UserException("writing the report as JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * One {@code testsuite} with a {@code testcase} per check: {@code <failure>} for fail (and for
   * warn when {@code failOn} is warn), {@code <skipped>} for skip, otherwise a warn is a
   * {@code <system-out>} note; host facts as properties.
   */
  static String junit(Report r, Level failOn) {
    Map<Level, Long> counts = r.counts();
    boolean warnFails = failOn == Level.WARN;
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<testsuite name=\"gofer doctor\" tests=\"").append(r.findings().size())
        .append("\" failures=\"").append(counts.get(Level.FAIL) + (warnFails ? counts.get(Level.WARN) : 0))
        .append("\" errors=\"0\" skipped=\"").append(counts.get(Level.SKIP)).append("\">\n");
    b.append("  <properties>\n");
    r.host().forEach((k, v) -> b.append("    <property name=\"").append(xml(k)).append("\" value=\"")
        .append(xml(String.valueOf(v))).append("\"/>\n"));
    b.append("  </properties>\n");
    for (Finding f : r.findings()) {
      String group = f.id().contains(".") ? f.id().substring(0, f.id().indexOf('.')) : f.id();
      b.append("  <testcase classname=\"gofer.doctor.").append(xml(group)).append("\" name=\"")
          .append(xml(f.id())).append("\"");
      String detail = "observed: " + f.observed() + "\nexpected: " + f.expected() + "\nwhy: " + f.why()
          + "\nfix: " + f.fix();
      // with --fail-on warn a warning fails the suite like a fail, and says which it was
      Level as = warnFails && f.level() == Level.WARN ? Level.FAIL : f.level();
      switch (as) {
        case FAIL -> b.append(">\n    <failure type=\"").append(f.level().key()).append("\" message=\"").append(xml(f.observed())).append("\">")
            .append(xml(detail)).append("</failure>\n  </testcase>\n");
        case SKIP -> b.append(">\n    <skipped message=\"").append(xml(f.observed())).append("\"/>\n  </testcase>\n");
        case WARN -> b.append(">\n    <system-out>").append(xml("warn: " + detail)).append("</system-out>\n  </testcase>\n");
        case PASS, INFO -> b.append(">\n    <system-out>").append(xml(f.level().key() + ": " + f.observed()))
            .append("</system-out>\n  </testcase>\n");
      }
    }
    b.append("</testsuite>\n");
    return b.toString();
  }

  /** Text escaped for XML 1.0 content and attributes; characters XML cannot hold become U+FFFD. */
  static String xml(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        case '\n' -> b.append("&#10;");
        case '\t' -> b.append("&#9;");
        default -> {
          boolean ok = c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
          b.appendCodePoint(ok ? c : 0xFFFD);
        }
      }
    });
    return b.toString();
  }

  private static String colored(String s, Level l, boolean color) {
    if (!color) {
      return s;
    }
    String code = switch (l) {
      case PASS -> "32";
      case INFO -> "36";
      case WARN -> "33";
      case FAIL -> "1;31";
      case SKIP -> "2";
    };
    return "\u001b[" + code + "m" + s + "\u001b[0m";
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "?");
  }

  private static Object or(Object v, String fallback) {
    return v == null ? fallback : v;
  }
}
