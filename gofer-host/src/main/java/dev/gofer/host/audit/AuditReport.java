package dev.gofer.host.audit;

import java.util.List;
import java.util.Objects;

/**
 * The audit of every module of a binary against one checksum database.
 *
 * @param database the checksum database's name
 * @param modules one audit per module with a version, in the binary's order (the main module
 *     first when it has a sum)
 */
public record AuditReport(String database, List<ModuleAudit> modules) {
  public AuditReport {
    Objects.requireNonNull(database, "database");
    modules = List.copyOf(modules);
  }

  /** How many modules have {@code verdict}. */
  public long count(ModuleAudit.Verdict verdict) {
    return modules.stream().filter(m -> m.verdict() == verdict).count();
  }

  /** Whether any module's sum contradicts the database. */
  public boolean hasMismatch() {
    return count(ModuleAudit.Verdict.MISMATCHED) > 0;
  }
}
