package dev.gofer.host.doctor;

import dev.gofer.host.Distro;
import dev.gofer.host.HostRoot;
import dev.gofer.host.OsRelease;
import java.util.Optional;

/**
 * {@code systemd.unit-dir}: where units for a Go service go on this distribution (reference
 * host-checks §6.2): the administrator's {@code /etc/systemd/system} everywhere, and the vendor
 * directory by family ({@link Distro#vendorUnitDir}). INFO with both and whether they exist;
 * WARN when the admin directory is missing on a systemd host; skip without systemd.
 */
final class SystemdUnitDirCheck implements Check {
  static final String ID = "systemd.unit-dir";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    if (!Probe.systemd(host)) {
      return Finding.skip(ID, "no systemd (PID 1 is not systemd, no /run/systemd/system)");
    }
    Optional<OsRelease> os = OsRelease.read(host);
    if (os.isEmpty()) {
      return Finding.skip(ID, "/etc/os-release: not present (nor /usr/lib/os-release)");
    }
    Distro d = os.get().distro();
    String admin = d.adminUnitDir();
    String vendor = d.vendorUnitDir(os.get());
    boolean adminExists = host.isDirectory(admin);
    boolean vendorExists = host.isDirectory(vendor);
    String observed = "%s family: admin %s%s, vendor %s%s".formatted(d.key(), admin,
        adminExists ? "" : " (missing)", vendor, vendorExists ? "" : " (missing)");
    String why = "Units written by an administrator belong in /etc/systemd/system, which survives "
        + "package upgrades; packages install into the vendor directory.";
    Finding f = adminExists
        ? Finding.of(ID, Level.INFO, observed, "admin unit directory present", why, "")
        : Finding.of(ID, Level.WARN, observed, "admin unit directory present", why, "mkdir -p " + admin);
    return f.with("distro", d.key()).with("adminDir", admin).with("adminDirExists", adminExists)
        .with("vendorDir", vendor).with("vendorDirExists", vendorExists);
  }
}
