package dev.gofer.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The distribution families gofer writes for. A family picks only paths, package names and
 * remediation text; facts the host reports itself (cgroup mode, journal storage, sysctls) are
 * always measured, never assumed from the family.
 */
public enum Distro {
  /** RHEL and its rebuilds and relatives: AlmaLinux, Rocky, CentOS (Stream), Oracle, Fedora. */
  RHEL("rhel", List.of("rhel", "centos", "almalinux", "rocky", "ol", "fedora")),
  /** Debian. */
  DEBIAN("debian", List.of("debian")),
  /** Ubuntu (and its derivatives through ID_LIKE). */
  UBUNTU("ubuntu", List.of("ubuntu")),
  /** Anything else: systemd's upstream defaults. */
  OTHER("other", List.of());

  private final String key;
  private final List<String> ids;

  Distro(String key, List<String> ids) {
    this.key = key;
    this.ids = ids;
  }

  /** The name used on the command line ({@code --distro rhel}) and in JSON. */
  public String key() {
    return key;
  }

  /** The family of an os-release: {@code ID} if known, else the first known {@code ID_LIKE}. */
  public static Distro of(OsRelease os) {
    List<String> candidates = new ArrayList<>();
    candidates.add(os.id().toLowerCase(Locale.ROOT));
    os.idLike().forEach(s -> candidates.add(s.toLowerCase(Locale.ROOT)));
    for (String c : candidates) {
      for (Distro d : values()) {
        if (d.ids.contains(c)) {
          return d;
        }
      }
    }
    return OTHER;
  }

  /** The family named on a command line: rhel, debian, ubuntu or other. */
  public static Optional<Distro> parse(String key) {
    for (Distro d : values()) {
      if (d.key.equals(key)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * Where an administrator's units go: {@code /etc/systemd/system} on every distribution (it
   * survives package upgrades).
   */
  public String adminUnitDir() {
    return "/etc/systemd/system";
  }

  /**
   * Where packages install units: {@code /usr/lib/systemd/system} on the RHEL family and on
   * Debian 13 and later, {@code /lib/systemd/system} on Debian 12 and older and on Ubuntu
   * (merged /usr makes both resolve there).
   */
  public String vendorUnitDir(OsRelease os) {
    return switch (this) {
      case RHEL, OTHER -> "/usr/lib/systemd/system";
      case DEBIAN -> os.majorVersion().filter(v -> v >= 13).isPresent()
          ? "/usr/lib/systemd/system" : "/lib/systemd/system";
      case UBUNTU -> "/lib/systemd/system";
    };
  }
}
