package dev.gofer.host.doctor;

import dev.gofer.host.process.FileCapabilities;
import dev.gofer.host.process.ProcStatus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code process.no-new-privs}: the no_new_privs flag of {@code /proc/self/status}, and its
 * conflict with file capabilities: under no_new_privs the kernel intersects the new permitted set
 * with the old one at exec, so a {@code setcap} binary silently lacks its capabilities
 * ({@code security/commoncap.c}).
 *
 * <p>The binary's capabilities ({@code --binary}) come from {@link FileCapabilities#read}: a
 * side-car file {@code <binary>.security.capability} holding the raw attribute bytes when there
 * is one (Java cannot read {@code security.*} attributes itself), else {@code getcap}.
 *
 * <p>Levels: set with a capability-carrying binary fails; set otherwise passes; unset is info
 * (file capabilities will work, but the process could gain privileges at exec).
 *
 * <p>Data: {@code noNewPrivs}, and with a binary {@code fileCapabilities} (getcap text, empty
 * when none), {@code fileCapabilitiesSource} (side-car or getcap) or
 * {@code fileCapabilitiesUnknown}.
 */
public final class NoNewPrivsCheck extends StatusCheck {
  /** The check's id. */
  public static final String ID = "process.no-new-privs";

  @Override
  public String id() {
    return ID;
  }

  @Override
  Finding judge(Context context, ProcStatus st) {
    Optional<Boolean> nnp = st.noNewPrivs();
    if (nnp.isEmpty()) {
      return missingField("NoNewPrivs");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("noNewPrivs", nnp.get());
    Optional<FileCapabilities> fcaps = Optional.empty();
    String binaryNote = "";
    if (context.binary().isPresent()) {
      Path bin = context.binary().get();
      try {
        Optional<FileCapabilities.Found> found = FileCapabilities.read(bin);
        if (found.isPresent()) {
          fcaps = found.get().caps().filter(f -> !f.isEmpty());
          data.put("fileCapabilities", fcaps.map(FileCapabilities::text).orElse(""));
          data.put("fileCapabilitiesSource", found.get().source() == FileCapabilities.Source.SIDE_CAR ? "side-car" : "getcap");
          binaryNote = fcaps.map(f -> "; " + bin + " has file capabilities " + f.text()).orElse("; " + bin + " has no file capabilities");
        } else {
          data.put("fileCapabilitiesUnknown", true);
          binaryNote = "; file capabilities of " + bin + " unknown (no getcap, no side-car)";
        }
      } catch (IllegalArgumentException e) {
        data.put("fileCapabilitiesUnknown", true);
        binaryNote = "; file capabilities of " + bin + " unreadable: " + e.getMessage();
      }
    }
    String why = "no_new_privs stops exec from granting privileges (set-uid, file capabilities): good hardening, "
        + "but it also makes the kernel ignore a binary's setcap capabilities.";
    if (nnp.get() && fcaps.isPresent()) {
      String caps = String.join(" ", fcaps.get().permitted().capNames());
      return new Finding(ID, Level.FAIL, "NoNewPrivs: 1" + binaryNote + ": they are ignored under no_new_privs",
          "capabilities granted through the unit, not through the file",
          why + " The service silently starts without " + caps + ".",
          "drop the file capabilities (setcap -r) and use AmbientCapabilities=" + caps + " with CapabilityBoundingSet="
              + caps + " in the unit", data);
    }
    if (nnp.get()) {
      return new Finding(ID, Level.PASS, "NoNewPrivs: 1 (no_new_privs set)" + binaryNote, "no_new_privs set", why, "", data);
    }
    return new Finding(ID, Level.INFO, "NoNewPrivs: 0 (no_new_privs not set)" + binaryNote, "no_new_privs set",
        why + (fcaps.isPresent() ? " Here the binary's file capabilities do apply." : ""),
        context.profile() == Profile.CONTAINER ? "run the container with --security-opt no-new-privileges"
            : "NoNewPrivileges=yes in the unit (with AmbientCapabilities= for any capability the service needs)", data);
  }
}
