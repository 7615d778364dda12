package dev.gofer.host.doctor;

import dev.gofer.host.process.Capabilities;
import dev.gofer.host.process.FileCapabilities;
import dev.gofer.host.process.ProcStatus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code binary.capabilities}: the capabilities the {@code --binary} carries in its
 * {@code security.capability} attribute ({@link FileCapabilities#read}: a side-car
 * {@code <binary>.security.capability}, else {@code getcap}), and whether they would take effect
 * (host reference §7.5): under no_new_privs (here {@code NoNewPrivs: 1}, and in every unit
 * {@code gofer systemd unit} writes, which sets {@code NoNewPrivileges=yes}) the kernel ignores
 * them, and a capability outside the bounding set is dropped at exec.
 *
 * <p>What the service will need beyond that cannot be read from the binary: whether it binds a
 * port below 1024 (CAP_NET_BIND_SERVICE) is configuration; the finding says so.
 *
 * <p>Levels: no file capabilities passes; capabilities with no_new_privs set fail (they are
 * silently lost); capabilities outside the bounding set warn; capabilities that work here still
 * warn, since the hardened unit's NoNewPrivileges=yes would neuter them (use ambient
 * capabilities); unknown (no getcap, no side-car) is info.
 *
 * <p>Data: {@code fileCapabilities} (getcap text), {@code source} (side-car, getcap),
 * {@code permitted} ({@code CAP_*} names), {@code noNewPrivs}, {@code outsideBounding}.
 */
final class BinaryCapabilitiesCheck implements Check {
  static final String ID = "binary.capabilities";
  private static final String PORTS = " Whether the service binds a port below 1024 (and so needs CAP_NET_BIND_SERVICE) "
      + "is not knowable from the binary: give it with gofer systemd unit --port N.";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    if (context.binary().isEmpty()) {
      return Finding.skip(ID, "no --binary given");
    }
    Path bin = context.binary().get();
    Optional<ProcStatus> status = StatusCheck.read(context.host());
    Optional<Boolean> nnp = status.flatMap(ProcStatus::noNewPrivs);
    Map<String, Object> data = new LinkedHashMap<>();
    nnp.ifPresent(n -> data.put("noNewPrivs", n));
    String why = "File capabilities are granted at exec, but not under no_new_privs (NoNewPrivileges=yes) and not beyond "
        + "the bounding set; AmbientCapabilities= with CapabilityBoundingSet= in the unit is what works with hardening.";
    Optional<FileCapabilities.Found> found;
    try {
      found = FileCapabilities.read(bin);
    } catch (IllegalArgumentException e) {
      return new Finding(ID, Level.INFO, bin + ": file capabilities unreadable: " + e.getMessage(), "", why + PORTS, "", data);
    }
    if (found.isEmpty()) {
      return new Finding(ID, Level.INFO, bin + ": file capabilities unknown (no getcap installed, no "
          + FileCapabilities.SIDE_CAR_SUFFIX + " side-car)", "no file capabilities", why + PORTS,
          "install libcap's getcap (libcap2-bin, libcap) to read them", data);
    }
    data.put("source", found.get().source() == FileCapabilities.Source.SIDE_CAR ? "side-car" : "getcap");
    Optional<FileCapabilities> caps = found.get().caps().filter(c -> !c.isEmpty());
    if (caps.isEmpty()) {
      data.put("fileCapabilities", "");
      return new Finding(ID, Level.PASS, bin + ": no file capabilities", "no file capabilities", why + PORTS, "", data);
    }
    FileCapabilities f = caps.get();
    List<String> names = f.permitted().capNames();
    data.put("fileCapabilities", f.text());
    data.put("permitted", names);
    Optional<Capabilities> bounding = status.flatMap(ProcStatus::bounding);
    List<String> outside = bounding.map(b -> new Capabilities(f.permitted().mask() & ~b.mask()).capNames()).orElse(List.of());
    data.put("outsideBounding", outside);
    String observed = bin + " has file capabilities " + f.text();
    String ambient = "setcap -r " + bin + " and grant " + String.join(" ", names) + " in the unit: AmbientCapabilities="
        + String.join(" ", names) + " CapabilityBoundingSet=" + String.join(" ", names)
        + " (gofer systemd unit --capability ...)";
    if (nnp.orElse(false)) {
      return new Finding(ID, Level.FAIL, observed + "; NoNewPrivs: 1, so the kernel ignores them",
          "capabilities granted through the unit, not the file",
          why + " The service starts without " + String.join(" ", names) + " and fails where it needs them." + PORTS,
          ambient, data);
    }
    if (!outside.isEmpty()) {
      return new Finding(ID, Level.WARN, observed + "; " + String.join(" ", outside) + " not in this process's bounding set",
          "capabilities within the bounding set", why + " Capabilities outside the bounding set are dropped at exec." + PORTS,
          ambient, data);
    }
    return new Finding(ID, Level.WARN, observed + "; they work here (NoNewPrivs: " + nnp.map(n -> n ? "1" : "0").orElse("unknown")
        + "), but not under the hardened unit's NoNewPrivileges=yes", "capabilities granted through the unit, not the file",
        why + PORTS, ambient, data);
  }
}
