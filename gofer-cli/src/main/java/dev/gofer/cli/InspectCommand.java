package dev.gofer.cli;

import dev.gofer.host.inspect.BinaryReport;
import dev.gofer.host.inspect.ElfLinking;
import dev.gofer.host.inspect.InspectException;
import dev.gofer.mod.buildinfo.BuildSetting;
import dev.gofer.mod.buildinfo.ModuleInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gofer inspect BINARY}: what is inside a Go executable. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Show how a Go binary was built and how it is linked.",
    description = {
      "",
      "Prints exactly what 'go version -m BINARY' prints (so the two can be diffed), then the "
          + "linking facts: ELF class and byte order, architecture, PIE or not, static or dynamic "
          + "(interpreter, needed libraries, C library), stripped, UPX-packed; and what the Go "
          + "runtime will do in a container (cgroup-aware GOMAXPROCS, automaxprocs, automemlimit).",
      "",
      "Examples:",
      "  gofer inspect /usr/local/bin/web",
      "  diff <(go version -m ./web) <(gofer inspect ./web | sed '/^$/,$d')",
      "  gofer inspect --json ./web | jq .elf",
      "",
      "Exit 0: inspected; 2: no BINARY given; 3: BINARY is missing, unreadable, not ELF, "
          + "truncated or not a Go executable (one line on stderr).",
    })
final class InspectCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BINARY", description = "The Go executable to inspect.")
  Path binary;

  @Option(names = "--json", description = "Print everything as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    BinaryReport r = read(binary);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? json(r) + "\n" : text(r));
    out.flush();
    return 0;
  }

  /**
   * The binary's report; a one-line runtime error (exit 3) when it is missing, unreadable, not
   * ELF, truncated or not a Go executable. Shared with {@code gofer audit}.
   */
  static BinaryReport read(Path binary) {
    try {
      return BinaryReport.read(binary);
    } catch (InspectException e) {
      throw new UserException(e.getMessage());
    }
  }

  /** {@code go version -m}'s output, then the linking and runtime facts, one per line. */
  static String text(BinaryReport r) {
    ElfLinking l = r.linking();
    StringBuilder b = new StringBuilder(r.goVersionOutput());
    b.append('\n');
    row(b, "elf", "ELF" + l.bits() + " " + (l.bigEndian() ? "big-endian" : "little-endian") + ", " + l.machine());
    row(b, "type", switch (l.type()) {
      case EXEC -> "executable";
      case PIE -> "position-independent executable (pie)";
      case SHARED -> "shared object";
      case OTHER -> "other";
    });
    row(b, "linkage", l.linkage());
    l.interpreter().ifPresent(i -> row(b, "interpreter", i));
    if (!l.needed().isEmpty()) {
      row(b, "needed", String.join(" ", l.needed()));
    }
    row(b, "libc", l.libc().name().toLowerCase(java.util.Locale.ROOT));
    row(b, "stripped", yesNo(l.stripped()));
    row(b, "upx", yesNo(l.upxPacked()));
    row(b, "cgroup-gomaxprocs", gomaxprocs(r));
    row(b, "automaxprocs", yesNo(r.usesAutomaxprocs()));
    row(b, "automemlimit", yesNo(r.usesAutomemlimit()));
    return b.toString();
  }

  private static String gomaxprocs(BinaryReport r) {
    String verdict = r.cgroupAwareGomaxprocs() ? "yes" : r.goRelease().isEmpty() ? "unknown" : "no";
    return verdict + " (" + r.gomaxprocsReason() + ")";
  }

  private static void row(StringBuilder b, String key, String value) {
    b.append(String.format("%-18s %s%n", key, value));
  }

  private static String yesNo(boolean v) {
    return v ? "yes" : "no";
  }

  /** Everything as one JSON object; build info in {@code go version -m -json}'s field names. */
  static String json(BinaryReport r) {
    ElfLinking l = r.linking();
    StringBuilder b = new StringBuilder(1024);
    b.append("{\"file\":").append(Json.quote(r.file()));
    b.append(",\"goVersion\":").append(Json.quote(r.buildInfo().goVersion()));
    b.append(",\"path\":").append(Json.quote(r.buildInfo().path()));
    b.append(",\"main\":").append(module(r.buildInfo().main()));
    b.append(",\"deps\":").append(r.buildInfo().deps().stream().map(InspectCommand::module).collect(Collectors.joining(",", "[", "]")));
    b.append(",\"settings\":").append(settings(r.buildInfo().settings()));
    b.append(",\"elf\":{\"bits\":").append(l.bits())
        .append(",\"byteOrder\":").append(Json.quote(l.bigEndian() ? "big" : "little"))
        .append(",\"machine\":").append(Json.quote(l.machine()))
        .append(",\"type\":").append(Json.quote(l.type().name().toLowerCase(java.util.Locale.ROOT)))
        .append(",\"static\":").append(l.isStatic())
        .append(",\"pie\":").append(l.isPie())
        .append(",\"linkage\":").append(Json.quote(l.linkage()))
        .append(",\"interpreter\":").append(l.interpreter().map(Json::quote).orElse("null"))
        .append(",\"needed\":").append(l.needed().stream().map(Json::quote).collect(Collectors.joining(",", "[", "]")))
        .append(",\"libc\":").append(Json.quote(l.libc().name().toLowerCase(java.util.Locale.ROOT)))
        .append(",\"stripped\":").append(l.stripped())
        .append(",\"upx\":").append(l.upxPacked())
        .append('}');
    b.append(",\"runtime\":{\"goRelease\":").append(r.goRelease().map(Json::quote).orElse("null"))
        .append(",\"cgoEnabled\":").append(r.cgoEnabled().map(String::valueOf).orElse("null"))
        .append(",\"buildMode\":").append(r.buildMode().map(Json::quote).orElse("null"))
        .append(",\"trimpath\":").append(r.trimpath())
        .append(",\"goarch\":").append(Json.quote(r.goarch()))
        .append(",\"vcsRevision\":").append(r.vcsRevision().map(Json::quote).orElse("null"))
        .append(",\"vcsModified\":").append(r.vcsModified())
        .append(",\"cgroupAwareGomaxprocs\":").append(r.cgroupAwareGomaxprocs())
        .append(",\"usesAutomaxprocs\":").append(r.usesAutomaxprocs())
        .append(",\"usesAutomemlimit\":").append(r.usesAutomemlimit())
        .append("}}");
    return b.toString();
  }

  static String module(ModuleInfo m) {
    StringBuilder b = new StringBuilder("{\"path\":").append(Json.quote(m.path()));
    b.append(",\"version\":").append(Json.quote(m.version()));
    b.append(",\"sum\":").append(Json.quote(m.sum()));
    b.append(",\"replace\":").append(m.replace() == null ? "null" : module(m.replace()));
    return b.append('}').toString();
  }

  private static String settings(List<BuildSetting> settings) {
    return settings.stream()
        .map(s -> "{\"key\":" + Json.quote(s.key()) + ",\"value\":" + Json.quote(s.value()) + "}")
        .collect(Collectors.joining(",", "[", "]"));
  }
}
