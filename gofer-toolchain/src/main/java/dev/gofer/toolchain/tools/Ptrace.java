package dev.gofer.toolchain.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Giving {@code dlv} the file capability {@code CAP_SYS_PTRACE} ({@code setcap cap_sys_ptrace+ep},
 * from Debian's {@code libcap2-bin}), so that it can attach to processes it did not start, and the
 * two kernel settings that decide whether that helps:
 *
 * <ul>
 *   <li>{@code /proc/sys/kernel/yama/ptrace_scope} (Yama LSM): 0 any process of the same user may
 *       be traced; 1 only descendants, unless the tracer has {@code CAP_SYS_PTRACE} (the Debian
 *       and Ubuntu default: the capability is what makes {@code dlv attach} work); 2 only with
 *       {@code CAP_SYS_PTRACE}; 3 no attaching at all, capability or not, until reboot.
 *   <li>{@code no_new_privs} ({@code NoNewPrivs: 1} in {@code /proc/self/status}; systemd {@code
 *       NoNewPrivileges=yes}, containers run with {@code no-new-privileges}): execve grants no
 *       file capabilities, so {@code dlv} started from such a process runs without it.
 * </ul>
 */
public final class Ptrace {
  /** The capability text given to setcap and expected back from getcap. */
  public static final String CAPABILITY = "cap_sys_ptrace=ep";

  private Ptrace() {}

  /** What the kernel says, read from {@code proc} (normally {@code /proc}). */
  public record Kernel(Optional<Integer> ptraceScope, boolean noNewPrivs) {
    /** Reads {@code <proc>/sys/kernel/yama/ptrace_scope} and {@code <proc>/self/status}. */
    public static Kernel read(Path proc) {
      Optional<Integer> scope = Optional.empty();
      try {
        scope = Optional.of(Integer.parseInt(Files.readString(proc.resolve("sys/kernel/yama/ptrace_scope")).strip()));
      } catch (IOException | NumberFormatException e) {
        // no Yama: only the classic same-user rules apply
      }
      boolean nnp = false;
      try {
        nnp = Files.readAllLines(proc.resolve("self/status")).stream()
            .anyMatch(l -> l.startsWith("NoNewPrivs:") && l.substring("NoNewPrivs:".length()).strip().equals("1"));
      } catch (IOException e) {
        // unknown: assume the capability can take effect
      }
      return new Kernel(scope, nnp);
    }
  }

  /** The command that grants the capability. */
  public static List<String> setcapCommand(Path dlv) {
    return List.of("setcap", "cap_sys_ptrace+ep", dlv.toString());
  }

  /** Lines that explain the kernel settings and what they mean for dlv with the capability. */
  public static List<String> explain(Kernel k) {
    List<String> lines = new ArrayList<>();
    lines.add("why: dlv attach needs to ptrace a process it did not start; CAP_SYS_PTRACE on the dlv file allows that without running dlv as root");
    String scope = k.ptraceScope().map(String::valueOf).orElse("absent");
    lines.add("kernel.yama.ptrace_scope = " + scope + ": " + switch (k.ptraceScope().orElse(-1)) {
      case -1 -> "no Yama; same-user processes can be traced, the capability allows others' too";
      case 0 -> "any same-user process can be traced; the capability allows others' too";
      case 1 -> "only descendants can be traced unless the tracer has CAP_SYS_PTRACE: the capability makes dlv attach work";
      case 2 -> "only tracers with CAP_SYS_PTRACE may attach: the capability is required";
      case 3 -> "no process may attach, even with CAP_SYS_PTRACE (until reboot): dlv attach will fail, dlv debug/exec still work";
      default -> "unknown value";
    });
    if (k.noNewPrivs()) {
      lines.add("warning: this process runs with NoNewPrivs=1 (systemd NoNewPrivileges=yes, or a container with no-new-privileges): file capabilities are ignored for programs started from it, so dlv started here gets no CAP_SYS_PTRACE");
    } else {
      lines.add("note: file capabilities do nothing under no_new_privs (systemd NoNewPrivileges=yes, containers with no-new-privileges); this process has NoNewPrivs=0");
    }
    return lines;
  }

  /** Runs {@code setcap} on {@code dlv}. */
  public static void grant(Path dlv) throws ToolException {
    Result r = run(setcapCommand(dlv));
    if (r.code() != 0) {
      throw ToolException.runtime("setcap cap_sys_ptrace+ep " + dlv + " failed: " + r.output().strip());
    }
  }

  /** The capabilities {@code getcap} reports for {@code file} ({@code cap_sys_ptrace=ep}), or empty. */
  public static String capabilities(Path file) throws ToolException {
    Result r = run(List.of("getcap", file.toString()));
    if (r.code() != 0) {
      throw ToolException.runtime("getcap " + file + " failed: " + r.output().strip());
    }
    String out = r.output().strip();
    // "/path cap_sys_ptrace=ep" (libcap >= 2.41) or "/path = cap_sys_ptrace+ep" (older)
    String caps = out.startsWith(file.toString()) ? out.substring(file.toString().length()).strip() : out;
    caps = caps.startsWith("= ") ? caps.substring(2) : caps;
    return caps.replace("+ep", "=ep");
  }

  /** Whether {@code program} is on {@code path} (a PATH value). */
  public static Optional<Path> onPath(String program, String path) {
    for (String d : path.split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
        return Optional.of(Path.of(d, program));
      }
    }
    return Optional.empty();
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> cmd) throws ToolException {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new Result(p.waitFor(), out);
    } catch (IOException e) {
      throw ToolException.runtime("running " + cmd.getFirst() + ": " + e.getMessage() + " (Debian: apt-get install libcap2-bin)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ToolException.runtime("interrupted running " + cmd.getFirst());
    }
  }
}
