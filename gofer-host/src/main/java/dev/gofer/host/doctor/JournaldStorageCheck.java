package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code journald.storage}: where journald keeps a Go service's stdout and stderr (reference
 * host-checks §6.3). {@code Storage=} is merged from journald.conf and its drop-ins as systemd
 * does ({@link SystemdConfig}); the default {@code auto} means persistent when
 * {@code /var/log/journal} exists, volatile otherwise. The actual state is measured too: journal
 * files under {@code /var/log/journal/<machine-id>/} or only under {@code /run/log/journal}.
 * PASS when persistent; WARN when volatile (logs are lost at reboot, the RHEL default) or
 * {@code none}; skip where systemd is not PID 1 (most containers): journald is not running.
 */
final class JournaldStorageCheck implements Check {
  static final String ID = "journald.storage";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    SystemdConfig.Setting s = SystemdConfig.lookup(host, "journald.conf", "Journal", "Storage");
    if (!Probe.systemd(host)) {
      return Finding.skip(ID, "systemd is not running (PID 1 is not systemd), so neither is journald"
          + (s.files().isEmpty() ? "" : "; " + s.files().get(0) + " is present but unused"));
    }
    String configured = s.value().map(v -> v.toLowerCase(Locale.ROOT)).orElse("auto");
    boolean varLogJournal = host.isDirectory("/var/log/journal");
    String effective = switch (configured) {
      case "auto" -> varLogJournal ? "persistent" : "volatile";
      case "persistent", "volatile", "none" -> configured;
      default -> "unknown";
    };
    Optional<String> machineId = host.read("/etc/machine-id").firstLine().filter(m -> m.matches("[0-9a-f]{32}"));
    boolean persistentFiles = journalFiles(host, "/var/log/journal", machineId);
    boolean volatileFiles = journalFiles(host, "/run/log/journal", machineId);
    String source = s.source().map(src -> "Storage=" + s.value().get() + " in " + src)
        .orElse("Storage unset (default auto)");
    String actual = persistentFiles ? "journal files in /var/log/journal"
        : volatileFiles ? "journal files only in /run/log/journal" : "no journal files found";
    String observed = effective + " (" + source
        + (configured.equals("auto") ? ", /var/log/journal " + (varLogJournal ? "exists" : "absent") : "")
        + "); " + actual;
    String why = "journald keeps a Go service's stdout and stderr; volatile storage loses them at "
        + "reboot, exactly when a crash needs explaining.";
    String expected = "Storage=persistent (or auto with /var/log/journal present)";
    String fix = "gofer journald --write (a drop-in with Storage=persistent and size caps, and "
        + "/var/log/journal), then journalctl --flush";
    Finding f = switch (effective) {
      case "persistent" -> Finding.of(ID, Level.PASS, observed, expected, why, "");
      case "volatile", "none" -> Finding.of(ID, Level.WARN, observed, expected, why, fix);
      default -> Finding.of(ID, Level.WARN, "unknown Storage=" + Probe.excerpt(configured) + " (" + source + ")",
          expected, why, fix);
    };
    return f.with("storage", configured).with("effective", effective).with("source", s.source().orElse(null))
        .with("files", s.files()).with("varLogJournal", varLogJournal)
        .with("persistentFiles", persistentFiles).with("volatileFiles", volatileFiles);
  }

  /** Whether {@code dir/<machine-id>/} (or any machine's directory) holds a {@code *.journal}. */
  private static boolean journalFiles(HostRoot host, String dir, Optional<String> machineId) {
    List<String> ids = machineId.map(List::of).orElseGet(() -> host.list(dir));
    for (String id : ids) {
      if (host.list(dir + "/" + id).stream().anyMatch(n -> n.endsWith(".journal"))) {
        return true;
      }
    }
    return false;
  }
}
