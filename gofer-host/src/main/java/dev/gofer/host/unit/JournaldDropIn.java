package dev.gofer.host.unit;

import dev.gofer.host.HostRoot;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A journald drop-in for persistent, size-capped logs (host reference §6.3), and the journal
 * directory it needs. {@code Storage=auto}, the default, is persistent only when {@code
 * /var/log/journal} exists, which the RHEL family's RPM does not create; {@code
 * Storage=persistent} creates it, but making it here too with the right mode lets the running
 * journald switch with a flush instead of a restart.
 *
 * @param maxUse the cap on the journal's disk use ({@code SystemMaxUse=})
 * @param keepFree the space journald leaves free on the file system ({@code SystemKeepFree=})
 */
public record JournaldDropIn(MemorySize maxUse, MemorySize keepFree) {
  /** The drop-in's host path; 60- sorts after the distributions' own drop-ins. */
  public static final String PATH = "/etc/systemd/journald.conf.d/60-gofer-persistent.conf";
  /** The persistent journal directory. */
  public static final String JOURNAL_DIR = "/var/log/journal";
  /** The default size cap. */
  public static final String DEFAULT_MAX_USE = "1G";
  /** The default free-space floor. */
  public static final String DEFAULT_KEEP_FREE = "2G";

  /** The drop-in with a cap of {@code maxUse} (e.g. {@code 1G}) and the default free-space floor. */
  public static JournaldDropIn of(String maxUse) {
    return new JournaldDropIn(MemorySize.parse(maxUse), MemorySize.parse(DEFAULT_KEEP_FREE));
  }

  /** The drop-in text. */
  public String text() {
    return String.join("\n",
        "# " + PATH + ": persistent, size-capped journal, written by gofer journald.",
        "# Storage=auto (the default) keeps logs only in /run, lost at reboot, unless /var/log/journal",
        "# exists, and the RHEL family's systemd RPM does not create it. persistent creates it and keeps",
        "# the logs of the boot that crashed, which is when a Go service's panic trace matters most.",
        "# Show the merged configuration: systemd-analyze cat-config systemd/journald.conf",
        "[Journal]",
        "Storage=persistent",
        "# The journal's disk use is capped at this (default: 10 % of the file system, at most 4G).",
        "SystemMaxUse=" + maxUse.systemd(),
        "# journald leaves at least this much of the file system free (default: 15 %, at most 4G).",
        "SystemKeepFree=" + keepFree.systemd(),
        "");
  }

  /** What {@link #write} did. */
  public record Written(AtomicWrite.Outcome dropIn, boolean journalDirCreated, Optional<String> group) {}

  /**
   * Writes the drop-in under {@code host} and creates {@code /var/log/journal} with mode 2755,
   * group {@code systemd-journal} when that group exists (on a tree that is not the running
   * system only the directory and its mode).
   */
  public Written write(HostRoot host, boolean force) throws IOException {
    AtomicWrite.Outcome outcome = AtomicWrite.write(host.resolve(PATH), text(), force);
    Path dir = host.resolve(JOURNAL_DIR);
    boolean created = !Files.isDirectory(dir);
    Files.createDirectories(dir);
    Optional<String> group = Optional.empty();
    if (host.isSystem()) {
      try {
        GroupPrincipal g = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("systemd-journal");
        Files.getFileAttributeView(dir, PosixFileAttributeView.class).setGroup(g);
        group = Optional.of("systemd-journal");
      } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
        // No such group: root's group stays, as systemd-tmpfiles would leave it.
      }
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    setgid(dir);
    return new Written(outcome, created, group);
  }

  /** Sets the set-group-ID bit (mode 2755) so journal files inherit the directory's group. */
  private static void setgid(Path dir) throws IOException {
    try {
      Process p = new ProcessBuilder("chmod", "2755", dir.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new FileSystemException(dir.toString(), null, "chmod 2755 failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while setting the mode of " + dir, e);
    }
  }

  /** The commands that make the running journald use the new configuration. */
  public static List<String> followUp() {
    return List.of(
        "systemd-tmpfiles --create --prefix " + JOURNAL_DIR,
        "systemctl restart systemd-journald",
        "journalctl --flush");
  }
}
