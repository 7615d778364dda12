package dev.gofer.host.audit;

import dev.gofer.mod.buildinfo.ModuleInfo;
import java.util.Objects;

/**
 * The audit of one module of a binary.
 *
 * @param module the module as the binary lists it (with its replacement, if any)
 * @param path the path that was built and checked: the replacement's, if there is one
 * @param version the version that was built and checked
 * @param sum the {@code h1:} sum the binary records for it, or empty
 * @param verdict what the checksum database says
 * @param detail why, in a few words: the database's hash on a mismatch, the reason a module is
 *     unknown or private; empty for a genuine one
 */
public record ModuleAudit(ModuleInfo module, String path, String version, String sum, Verdict verdict, String detail) {

  /** What the checksum database says about a module's sum. */
  public enum Verdict {
    /** The database's verified record has exactly the binary's sum. */
    GENUINE,
    /** The database's verified record has another sum: the code in the binary is not the published one. */
    MISMATCHED,
    /** Nothing to compare: the module has no sum (a local replacement, {@code (devel)}) or the database does not know it. */
    UNKNOWN,
    /** The path matches a private pattern, so it was not sent to the database. */
    PRIVATE;

    /** The verdict in lower case, as reports print it. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ModuleAudit {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sum, "sum");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(detail, "detail");
  }
}
