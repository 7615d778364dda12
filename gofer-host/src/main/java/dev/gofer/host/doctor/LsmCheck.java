package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code kernel.lsm}: the active Linux security modules (reference host-checks §5.3) from
 * {@code /sys/kernel/security/lsm} (a comma-separated list, needs securityfs), falling back to
 * {@code /sys/fs/selinux/enforce}, {@code /sys/module/apparmor/parameters/enabled} and
 * {@code /proc/self/attr/current} where securityfs is not mounted, as in most containers. PASS
 * when a major module (SELinux, AppArmor, Smack, TOMOYO) is active, INFO when none is, skip when
 * nothing can be read. A Go service needs nothing from it, but its policy decides what a
 * confined service may open, so the operator should know it is there.
 */
final class LsmCheck implements Check {
  static final String ID = "kernel.lsm";
  private static final Set<String> MAJOR = Set.of("selinux", "apparmor", "smack", "tomoyo");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    Optional<String> enforce = host.read("/sys/fs/selinux/enforce").firstLine()
        .filter(s -> s.equals("0") || s.equals("1"));
    Optional<String> apparmor = host.read("/sys/module/apparmor/parameters/enabled").firstLine()
        .filter(s -> s.equals("Y") || s.equals("N"));
    Optional<String> label = host.read("/proc/self/attr/current").firstLine()
        .map(s -> s.replace("\0", "").strip()).filter(s -> !s.isEmpty() && s.length() < 256);
    List<String> lsms = new ArrayList<>();
    String source;
    Optional<String> list = host.read("/sys/kernel/security/lsm").firstLine()
        .filter(s -> s.matches("[a-z0-9_,]+"));
    if (list.isPresent()) {
      lsms.addAll(Arrays.asList(list.get().split(",")));
      source = "/sys/kernel/security/lsm";
    } else {
      enforce.ifPresent(e -> lsms.add("selinux"));
      apparmor.filter("Y"::equals).ifPresent(a -> lsms.add("apparmor"));
      source = "fallbacks (securityfs not mounted)";
      if (lsms.isEmpty() && label.isEmpty()) {
        return Finding.skip(ID, "/sys/kernel/security/lsm: not readable, and no SELinux or AppArmor traces");
      }
    }
    Optional<String> major = lsms.stream().filter(MAJOR::contains).findFirst();
    String why = "A major LSM confines what a service may open and execute; its policy, not the unit, "
        + "may be why a Go service gets EACCES.";
    String mode = major.filter("selinux"::equals).flatMap(m -> enforce)
        .map(e -> e.equals("1") ? " (enforcing)" : " (permissive)").orElse("");
    String observed = (lsms.isEmpty() ? "none listed" : String.join(",", lsms)) + mode
        + label.map(l -> "; this process: " + l).orElse("");
    Finding f = major.isPresent()
        ? Finding.of(ID, Level.PASS, observed, "a major LSM (SELinux or AppArmor) active", why, "")
        : Finding.of(ID, Level.INFO, observed + " (no major LSM)", "a major LSM (SELinux or AppArmor) active", why, "");
    return f.with("lsms", List.copyOf(lsms)).with("major", major.orElse(null))
        .with("selinuxEnforcing", enforce.map("1"::equals).orElse(null))
        .with("label", label.orElse(null)).with("source", source);
  }
}
