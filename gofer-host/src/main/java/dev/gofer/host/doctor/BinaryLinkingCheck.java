package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import dev.gofer.host.inspect.BinaryReport;
import dev.gofer.host.inspect.ElfLinking;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code binary.linking}: whether the {@code --binary} can start on this host, from how it is
 * linked ({@link BinaryReport#linking()}) against what the sysroot has. A static binary
 * ({@code CGO_ENABLED=0}) needs nothing and passes. A dynamic one needs its interpreter
 * ({@code PT_INTERP}, e.g. {@code /lib64/ld-linux-x86-64.so.2}) and every {@code DT_NEEDED}
 * library in the host's library directories: a missing interpreter fails (exec reports a
 * misleading "no such file or directory", the classic glibc binary on Alpine's musl or on a
 * distroless/static image), as does a missing library. A binary for another architecture fails
 * too (exec format error).
 *
 * <p>Library directories searched: {@code /lib}, {@code /lib64}, {@code /usr/lib},
 * {@code /usr/lib64}, {@code /usr/local/lib} and the Debian multiarch ones for the binary's
 * machine ({@code /lib/x86_64-linux-gnu}, {@code /usr/lib/aarch64-linux-gnu}, ...).
 * {@code ld.so.conf} and the glibc symbol versions the binary needs are not read, so "present"
 * is necessary, not sufficient.
 *
 * <p>Data: {@code linkage}, {@code libc} (none, glibc, musl, other), {@code interpreter},
 * {@code needed}, {@code missing}, {@code machine}, {@code hostArch}, {@code hostLibc}.
 */
final class BinaryLinkingCheck implements Check {
  static final String ID = "binary.linking";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    if (context.report().isEmpty()) {
      return Finding.skip(ID, "no --binary given");
    }
    BinaryReport r = context.report().get();
    ElfLinking l = r.linking();
    HostRoot host = context.host();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("linkage", l.linkage());
    data.put("libc", l.libc().name().toLowerCase(java.util.Locale.ROOT));
    l.interpreter().ifPresent(i -> data.put("interpreter", i));
    data.put("needed", l.needed());
    data.put("machine", l.machine());
    Optional<String> hostArch = Probe.arch(host).map(BinaryLinkingCheck::goarch);
    hostArch.ifPresent(a -> data.put("hostArch", a));
    String hostLibc = hostLibc(host);
    data.put("hostLibc", hostLibc);
    String file = r.file();
    String why = "A CGO_ENABLED=0 Go binary is static and runs on any Linux of its architecture; a cgo binary needs "
        + "the dynamic loader and C libraries it was linked against, at the same paths, on the host.";

    if (hostArch.isPresent() && !hostArch.get().equals(l.machine())) {
      return new Finding(ID, Level.FAIL, file + " is built for " + l.machine() + ", the host is " + hostArch.get(),
          "a binary for " + hostArch.get(), why + " The kernel refuses another architecture: exec format error.",
          "rebuild with GOARCH=" + hostArch.get(), data);
    }
    if (l.isStatic()) {
      return new Finding(ID, Level.PASS, file + ": " + l.linkage() + " (" + l.machine() + "), needs no libc; the host has "
          + hostLibc, "a static binary, or its loader and libraries on the host", why, "", data);
    }
    List<String> missing = new ArrayList<>();
    l.interpreter().filter(i -> !present(host, i)).ifPresent(missing::add);
    for (String lib : l.needed()) {
      if (libDirs(l.machine()).stream().noneMatch(d -> present(host, d + "/" + lib))) {
        missing.add(lib);
      }
    }
    data.put("missing", missing);
    String observed = file + ": " + l.linkage() + " (" + data.get("libc") + l.interpreter().map(i -> ", interpreter " + i).orElse("")
        + (l.needed().isEmpty() ? "" : ", needs " + String.join(" ", l.needed())) + "); the host has " + hostLibc;
    if (!missing.isEmpty()) {
      boolean loader = l.interpreter().isPresent() && missing.contains(l.interpreter().get());
      return new Finding(ID, Level.FAIL, observed + "; missing under the sysroot: " + String.join(" ", missing),
          "the binary's loader and libraries present", why + (loader
              ? " Without its interpreter exec fails with a misleading 'no such file or directory'."
              : " A missing library stops the loader before main: 'error while loading shared libraries'."),
          "build with CGO_ENABLED=0 (static: runs anywhere), or for this host's libc (" + hostLibc
              + "), or install the missing libraries", data);
    }
    return new Finding(ID, Level.PASS, observed + "; all present", "the binary's loader and libraries present",
        why + " Present is necessary, not sufficient: the glibc symbol versions it needs (GLIBC_2.34, ...) are not checked.",
        "", data);
  }

  /** Go's GOARCH word for a kernel architecture ({@code uname -m}). */
  static String goarch(String unameMachine) {
    return switch (unameMachine) {
      case "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "i386", "i486", "i586", "i686" -> "386";
      case "armv6l", "armv7l", "armv8l" -> "arm";
      default -> unameMachine;
    };
  }

  /** The directories searched for needed libraries on a host running {@code machine} binaries. */
  static List<String> libDirs(String machine) {
    List<String> dirs = new ArrayList<>(List.of("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib"));
    String triplet = switch (machine) {
      case "amd64" -> "x86_64-linux-gnu";
      case "arm64" -> "aarch64-linux-gnu";
      case "386" -> "i386-linux-gnu";
      case "arm" -> "arm-linux-gnueabihf";
      default -> "";
    };
    if (!triplet.isEmpty()) {
      dirs.add("/lib/" + triplet);
      dirs.add("/usr/lib/" + triplet);
    }
    return dirs;
  }

  /** Which C library the sysroot has, from the loaders it carries. */
  static String hostLibc(HostRoot host) {
    boolean musl = false;
    boolean glibc = false;
    for (String dir : List.of("/lib", "/lib64", "/usr/lib")) {
      for (String name : host.list(dir)) {
        musl |= name.startsWith("ld-musl-");
        glibc |= name.startsWith("ld-linux") || name.equals("libc.so.6");
      }
    }
    for (String triplet : List.of("x86_64-linux-gnu", "aarch64-linux-gnu")) {
      glibc |= host.exists("/lib/" + triplet + "/libc.so.6") || host.exists("/usr/lib/" + triplet + "/libc.so.6");
    }
    return glibc && musl ? "glibc and musl" : glibc ? "glibc" : musl ? "musl" : "no C library found";
  }

  /** Whether the path exists under the sysroot; a symbolic link counts (an absolute one points out of a fake tree). */
  private static boolean present(HostRoot host, String path) {
    return host.exists(path) || java.nio.file.Files.isSymbolicLink(host.resolve(path));
  }
}
