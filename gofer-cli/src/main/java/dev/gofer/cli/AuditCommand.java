package dev.gofer.cli;

import dev.gofer.host.audit.AuditException;
import dev.gofer.host.audit.AuditReport;
import dev.gofer.host.audit.AuditSettings;
import dev.gofer.host.audit.Auditor;
import dev.gofer.host.audit.ModuleAudit;
import dev.gofer.host.inspect.BinaryReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gofer audit BINARY}: are a Go binary's modules the published ones? */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Check a Go binary's module sums against the checksum database.",
    description = {
      "",
      "For every module the binary records with an h1: sum (the replacement's, when replaced), "
          + "looks up 'path version' in the checksum database with verified lookups and reports "
          + "it genuine, mismatched, unknown (no sum, or not in the database) or private.",
      "",
      "The database is reached as the go command reaches it: GOSUMDB (default sum.golang.org), "
          + "through the first proxy of --proxy / GOPROXY (default https://proxy.golang.org) that "
          + "supports it, else directly. Modules matching GONOSUMDB (else GOPRIVATE) are never "
          + "sent to it.",
      "",
      "Examples:",
      "  gofer audit /usr/local/bin/web",
      "  gofer audit --proxy http://gofer.internal:3000 ./web   # through a gofer serve",
      "  GONOSUMDB=git.corp.example gofer audit --json ./web",
      "",
      "Exit 0: no mismatch; 1: a module does not match the database; 2: usage error; "
          + "3: the binary cannot be read, or the database cannot be reached or verified.",
    })
final class AuditCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BINARY", description = "The Go executable to audit.")
  Path binary;

  @Option(names = "--proxy", paramLabel = "GOPROXY", description = "GOPROXY list to reach the checksum database through. Env: GOPROXY. Default: " + AuditSettings.DEFAULT_PROXY + ".")
  String proxy;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  /** The environment GOPROXY, GOSUMDB, GONOSUMDB and GOPRIVATE are read from. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() {
    BinaryReport r = InspectCommand.read(binary);
    AuditReport report;
    try {
      report = Auditor.audit(r.buildInfo(), AuditSettings.resolve(proxy, env));
    } catch (AuditException e) {
      throw new UserException("audit " + binary + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? json(r.file(), report) + "\n" : text(report));
    out.flush();
    return report.hasMismatch() ? Gofer.EXIT_PROBLEMS : 0;
  }

  static String text(AuditReport report) {
    StringBuilder b = new StringBuilder();
    for (ModuleAudit m : report.modules()) {
      b.append(String.format("%-10s %s %s", m.verdict().word(), m.path(), m.version().isEmpty() ? "-" : m.version()));
      if (!m.sum().isEmpty()) {
        b.append(' ').append(m.sum());
      }
      if (!m.detail().isEmpty()) {
        b.append("  (").append(m.detail()).append(')');
      }
      b.append('\n');
    }
    b.append(String.format("%d genuine, %d mismatched, %d unknown, %d private (checked against %s)%n",
        report.count(ModuleAudit.Verdict.GENUINE), report.count(ModuleAudit.Verdict.MISMATCHED),
        report.count(ModuleAudit.Verdict.UNKNOWN), report.count(ModuleAudit.Verdict.PRIVATE), report.database()));
    return b.toString();
  }

  static String json(String file, AuditReport report) {
    return "{\"file\":" + Json.quote(file) + ",\"database\":" + Json.quote(report.database())
        + ",\"mismatch\":" + report.hasMismatch() + ",\"modules\":"
        + report.modules().stream().map(m -> "{\"module\":" + InspectCommand.module(m.module())
            + ",\"path\":" + Json.quote(m.path()) + ",\"version\":" + Json.quote(m.version())
            + ",\"sum\":" + Json.quote(m.sum()) + ",\"verdict\":" + Json.quote(m.verdict().word())
            + ",\"detail\":" + Json.quote(m.detail()) + "}").collect(Collectors.joining(",", "[", "]"))
        + "}";
  }
}
