package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import dev.gofer.host.process.FileCapabilities;
import dev.gofer.host.process.ProcStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code dlv.ptrace}: whether delve can debug here (reference host-checks §2.4, §7). It finds
 * {@code dlv} on the PATH or under {@code $GOFER_HOME/tools/*}{@code /bin}, reads its
 * {@code security.capability} attribute, the Yama scope and this process's {@code NoNewPrivs}.
 *
 * <p>The attribute cannot be read from Java ({@code UserDefinedFileAttributeView} sees only
 * {@code user.*}): in a tree standing for a host it comes from a side-car file
 * {@code <dlv>.security.capability} holding {@code getfattr -e hex} output (no side-car: no
 * capability); on the running system from {@code getfattr}, else {@code getcap}, when one is
 * installed in /usr/sbin, /usr/bin, /sbin or /bin, else it is reported unknown.
 *
 * <p>WARN at scope 3 (no ptrace until reboot), at scope 2 without the capability (even
 * {@code dlv exec} fails), and when dlv has the file capability but no_new_privs is set (file
 * capabilities are ignored then, §7.5); PASS at scope 0; INFO otherwise with what works. Skip
 * when no dlv is found, except INFO in the build profile.
 */
final class DlvPtraceCheck implements Check {
  static final String ID = "dlv.ptrace";
  static final String SIDECAR = FileCapabilities.SIDE_CAR_SUFFIX;
  /** Capability 19, what delve needs. */
  static final int SYS_PTRACE = 19;

  /** What is known about dlv's file capabilities. */
  sealed interface Caps {
    record Known(Optional<FileCapabilities> caps) implements Caps {}

    record Unknown(String reason) implements Caps {}
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    List<String> dirs = new ArrayList<>(context.getenv("PATH").map(Probe::pathDirs).orElse(List.of()));
    Optional<String> home = context.getenv("GOFER_HOME").or(() -> context.getenv("HOME").map(h -> h + "/.gofer"))
        .filter(h -> h.startsWith("/"));
    home.ifPresent(h -> {
      for (String tc : host.list(h + "/tools")) {
        dirs.add(h + "/tools/" + tc + "/bin");
      }
    });
    Optional<String> dlv = Probe.which(host, dirs, "dlv");
    if (dlv.isEmpty()) {
      String reason = "no dlv on PATH or under $GOFER_HOME/tools/*/bin";
      return context.profile() == Profile.BUILD
          ? Finding.of(ID, Level.INFO, reason, "dlv installed on a build machine", "",
              "gofer toolchain tools install github.com/go-delve/delve/cmd/dlv@latest")
          : Finding.skip(ID, reason);
    }
    Caps caps = capabilities(host, dlv.get());
    Optional<Long> scope = Probe.integer(host, PtraceScopeCheck.PATH).get();
    Optional<Boolean> nnp = StatusCheck.read(host).flatMap(ProcStatus::noNewPrivs);
    Optional<Boolean> ptraceCap = caps instanceof Caps.Known k
        ? Optional.of(k.caps().map(c -> c.permits(SYS_PTRACE)).orElse(false))
        : Optional.empty();
    String capText = switch (caps) {
      case Caps.Known(Optional<FileCapabilities> c) -> c.map(FileCapabilities::text).orElse("no file capabilities");
      case Caps.Unknown(String reason) -> "file capabilities unknown (" + reason + ")";
    };
    String observed = dlv.get() + ": " + capText + ", ptrace_scope " + scope.map(String::valueOf).orElse("unknown")
        + nnp.map(n -> ", NoNewPrivs " + (n ? 1 : 0)).orElse("");
    String why = "delve traces with ptrace: Yama's scope limits whom it may attach to, CAP_SYS_PTRACE "
        + "lifts the limit, and file capabilities are ignored under no_new_privs.";
    String expected = "ptrace_scope 0, or 1 with CAP_SYS_PTRACE for dlv attach; no file capability under NoNewPrivileges";
    Level level;
    String fix = "";
    boolean hasCap = ptraceCap.orElse(false);
    if (scope.orElse(-1L) == 3) {
      level = Level.WARN;
      fix = "ptrace_scope 3 cannot be lowered until reboot: remove it from /etc/sysctl.d and reboot";
    } else if (hasCap && nnp.orElse(false)) {
      level = Level.WARN;
      fix = "no_new_privs drops dlv's file capability: grant CAP_SYS_PTRACE as AmbientCapabilities= in the "
          + "debugger's unit (gofer systemd unit --debug) instead of setcap";
    } else if (scope.orElse(-1L) == 2 && !hasCap) {
      level = Level.WARN;
      fix = "gofer sysctl --profile build --write (kernel.yama.ptrace_scope = 1), or setcap cap_sys_ptrace=ep " + dlv.get();
    } else if (scope.orElse(-1L) == 0) {
      level = Level.PASS;
    } else {
      level = Level.INFO;
      if (!hasCap) {
        observed += " (dlv exec/debug/test work; dlv attach needs CAP_SYS_PTRACE)";
      }
    }
    Finding f = new Finding(ID, level, observed, expected, why, fix, null).with("dlv", dlv.get())
        .with("ptraceScope", scope.orElse(null)).with("noNewPrivs", nnp.orElse(null))
        .with("capSysPtrace", ptraceCap.orElse(null));
    if (caps instanceof Caps.Known(Optional<FileCapabilities> c) && c.isPresent()) {
      f = f.with("fileCapabilities", c.get().text()).with("permitted", c.get().permitted().names());
    }
    return f;
  }

  /** dlv's file capabilities: the side-car in a fake tree, getfattr or getcap on the real system. */
  static Caps capabilities(HostRoot host, String dlv) {
    if (!host.isSystem()) {
      var r = host.read(dlv + SIDECAR);
      if (r.text().isEmpty()) {
        return r.problem().endsWith("not present") ? new Caps.Known(Optional.empty()) : new Caps.Unknown(r.problem());
      }
      try {
        return new Caps.Known(Optional.of(FileCapabilities.decodeHex(r.text().get())));
      } catch (IllegalArgumentException e) {
        return new Caps.Unknown(e.getMessage());
      }
    }
    Optional<Path> getfattr = tool(host, "getfattr");
    if (getfattr.isPresent()) {
      Optional<Run> run = run(List.of(getfattr.get().toString(), "-n", "security.capability", "-e", "hex",
          "--absolute-names", host.resolve(dlv).toString()));
      if (run.isPresent() && run.get().code() == 0) {
        try {
          return new Caps.Known(Optional.of(FileCapabilities.decodeHex(run.get().out().lines()
              .filter(l -> l.startsWith("security.capability=")).findFirst().orElse(""))));
        } catch (IllegalArgumentException e) {
          return new Caps.Unknown(e.getMessage());
        }
      }
      if (run.isPresent() && run.get().out().contains("No such attribute")) {
        return new Caps.Known(Optional.empty());
      }
    }
    Optional<Path> getcap = tool(host, "getcap");
    if (getcap.isPresent()) {
      Optional<Run> run = run(List.of(getcap.get().toString(), host.resolve(dlv).toString()));
      if (run.isPresent() && run.get().code() == 0) {
        try {
          return new Caps.Known(fromGetcap(run.get().out()));
        } catch (IllegalArgumentException e) {
          return new Caps.Unknown("getcap: " + e.getMessage());
        }
      }
    }
    return new Caps.Unknown("no getfattr or getcap to read security.capability");
  }

  /**
   * getcap's line, compact ({@code /usr/bin/dlv cap_sys_ptrace=ep}, libcap 2.41+) or old
   * ({@code /usr/bin/dlv = cap_sys_ptrace+ep}), parsed by {@link FileCapabilities#parseText}
   * after the file name. Empty output means no capabilities.
   *
   * @throws IllegalArgumentException when the text is not getcap's
   */
  static Optional<FileCapabilities> fromGetcap(String out) {
    String line = out.strip();
    if (line.isEmpty()) {
      return Optional.empty();
    }
    int sp = line.indexOf(' ');
    return Optional.of(FileCapabilities.parseText(sp < 0 ? "" : line.substring(sp + 1)));
  }

  private record Run(int code, String out) {}

  private static Optional<Path> tool(HostRoot host, String name) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
      Path p = host.resolve(dir + "/" + name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static Optional<Run> run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readNBytes(64 * 1024);
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return Optional.of(new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
