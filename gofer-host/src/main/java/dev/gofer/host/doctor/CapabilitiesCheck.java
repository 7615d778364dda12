package dev.gofer.host.doctor;

import dev.gofer.host.process.Capabilities;
import dev.gofer.host.process.ProcStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code process.capabilities}: the capability sets of {@code /proc/self/status} decoded to
 * names (bits the table does not know as {@code cap_N}). A service should hold only what it needs
 * (e.g. NET_BIND_SERVICE); effective capabilities that amount to root (SYS_ADMIN, SYS_MODULE,
 * SYS_RAWIO, SYS_PTRACE outside the build profile, DAC_READ_SEARCH, NET_ADMIN, BPF, ...) warn.
 * An empty or harmless effective set passes.
 *
 * <p>Data: {@code effective}, {@code bounding}, {@code permitted}, {@code inheritable},
 * {@code ambient} and {@code dangerous} (lists of {@code CAP_*} names), {@code capLastCap},
 * {@code fullSet}.
 */
public final class CapabilitiesCheck extends StatusCheck {
  /** The check's id. */
  public static final String ID = "process.capabilities";

  /** Capabilities that give a compromised service (nearly) the whole machine. */
  static final List<Integer> DANGEROUS = List.of(
      21 /* SYS_ADMIN */, 16 /* SYS_MODULE */, 17 /* SYS_RAWIO */, 19 /* SYS_PTRACE */, 2 /* DAC_READ_SEARCH */,
      12 /* NET_ADMIN */, 22 /* SYS_BOOT */, 25 /* SYS_TIME */, 33 /* MAC_ADMIN */, 32 /* MAC_OVERRIDE */, 39 /* BPF */,
      38 /* PERFMON */);

  @Override
  public String id() {
    return ID;
  }

  @Override
  Finding judge(Context context, ProcStatus st) {
    Optional<Capabilities> eff = st.effective();
    if (eff.isEmpty()) {
      return missingField("CapEff");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("effective", eff.get().capNames());
    for (String[] k : new String[][] {{"bounding", "CapBnd"}, {"permitted", "CapPrm"}, {"inheritable", "CapInh"}, {"ambient", "CapAmb"}}) {
      st.caps(k[1]).ifPresent(c -> data.put(k[0], c.capNames()));
    }
    Optional<Integer> last = context.host().read("/proc/sys/kernel/cap_last_cap").firstLine()
        .filter(s -> s.matches("[0-9]{1,2}")).map(Integer::parseInt).filter(v -> v < 64);
    last.ifPresent(l -> data.put("capLastCap", (long) l));
    int lastCap = last.orElse(Capabilities.LAST_KNOWN);
    boolean full = (eff.get().mask() & Capabilities.full(lastCap).mask()) == Capabilities.full(lastCap).mask();
    data.put("fullSet", full);
    List<String> dangerous = new ArrayList<>();
    for (int c : DANGEROUS) {
      if (eff.get().has(c) && !(c == 19 && context.profile() == Profile.BUILD)) {
        dangerous.add("CAP_" + Capabilities.name(c));
      }
    }
    data.put("dangerous", dangerous);
    String observed = "CapEff " + eff.get().hex() + (eff.get().isEmpty() ? " (none)"
        : full ? " (all " + (lastCap + 1) + " capabilities: root)" : " = " + String.join(" ", eff.get().capNames()))
        + st.bounding().map(b -> "; CapBnd " + b.hex() + " (" + b.numbers().size() + " capabilities)").orElse("");
    String why = "A Go service needs no capabilities unless it binds ports below 1024 (CAP_NET_BIND_SERVICE) or "
        + "similar; every extra effective capability is what an attacker gets with the process.";
    if (!dangerous.isEmpty()) {
      return new Finding(ID, Level.WARN, observed, "no effective capability beyond what the service needs",
          why + " " + String.join(", ", dangerous) + (dangerous.size() == 1 ? " is" : " are")
              + " close to root" + (full ? " (the process holds every capability)" : "") + ".",
          context.profile() == Profile.CONTAINER ? "drop them: --cap-drop ALL --cap-add only what is needed"
              : "User= a dedicated user, CapabilityBoundingSet= and AmbientCapabilities= with only what is needed",
          data);
    }
    return new Finding(ID, Level.PASS, observed, "no effective capability beyond what the service needs", why, "", data);
  }
}
