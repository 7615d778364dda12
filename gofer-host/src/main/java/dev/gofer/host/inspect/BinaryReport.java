package dev.gofer.host.inspect;

import dev.gofer.mod.buildinfo.BuildInfo;
import dev.gofer.mod.buildinfo.BuildInfoException;
import dev.gofer.mod.buildinfo.BuildInfoReader;
import dev.gofer.mod.buildinfo.ModuleInfo;
import dev.gofer.mod.buildinfo.NotGoBinaryException;
import dev.gofer.mod.buildinfo.UnrecognizedFormatException;
import dev.gofer.mod.gover.Gover;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is inside a Go executable: how it is linked ({@link ElfLinking}) and how it was built
 * ({@link BuildInfo}, exactly what {@code go version -m} prints), plus the facts a host check or
 * a unit writer derives from them.
 *
 * <pre>{@code
 * BinaryReport r = BinaryReport.read(Path.of("/usr/local/bin/app"));
 * if (!r.cgroupAwareGomaxprocs()) { ... set GOMAXPROCS in the unit ... }
 * }</pre>
 *
 * @param file the file as it was named to {@link #read}
 * @param linking the ELF linking facts
 * @param buildInfo the Go build information
 */
public record BinaryReport(String file, ElfLinking linking, BuildInfo buildInfo) {
  /** The first Go release whose runtime sets GOMAXPROCS from the cgroup CPU limit. */
  public static final String CGROUP_AWARE_GO = "1.25";
  /** uber's cgroup-aware GOMAXPROCS library. */
  public static final String AUTOMAXPROCS = "go.uber.org/automaxprocs";
  /** The cgroup-aware GOMEMLIMIT library. */
  public static final String AUTOMEMLIMIT = "github.com/KimMachineGun/automemlimit";

  private static final Pattern GO_RELEASE = Pattern.compile("go(\\d+\\.\\d+(?:\\.\\d+)?(?:(?:rc|beta)\\d+)?)");

  public BinaryReport {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(linking, "linking");
    Objects.requireNonNull(buildInfo, "buildInfo");
  }

  /**
   * Reads the Go executable {@code file}.
   *
   * @throws InspectException when it is missing or unreadable, not ELF, truncated or damaged, or
   *     not a Go executable; the message is one line and names the file as given
   */
  public static BinaryReport read(Path file) {
    String name = file.toString();
    if (Files.isDirectory(file)) {
      throw new InspectException(name + ": is a directory, not a binary");
    }
    ElfLinking linking;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      linking = ElfLinkingReader.read(ch);
    } catch (NoSuchFileException e) {
      throw new InspectException(name + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new InspectException(name + ": permission denied", e);
    } catch (IOException e) {
      throw new InspectException(name + ": cannot read: " + e.getMessage(), e);
    } catch (ElfLinkingReader.Malformed e) {
      throw new InspectException(
          name + ": " + (e.truncated ? "truncated or damaged ELF file (" + e.getMessage() + ")" : e.getMessage()), e);
    }
    BuildInfo info;
    try {
      info = BuildInfoReader.readFile(file);
    } catch (NotGoBinaryException e) {
      throw new InspectException(name + ": not a Go executable (no Go build information; it was not linked by Go, or is damaged)", e);
    } catch (UnrecognizedFormatException e) {
      throw new InspectException(name + ": truncated or damaged ELF file (" + e.detail() + ")", e);
    } catch (BuildInfoException e) {
      throw new InspectException(name + ": " + e.reason(), e);
    }
    return new BinaryReport(name, linking, info);
  }

  /**
   * The Go release that built the binary, in {@code go.mod} words ({@code 1.22.5}, {@code
   * 1.25rc1}), or empty when the toolchain version does not name one (a development build).
   */
  public Optional<String> goRelease() {
    Matcher m = GO_RELEASE.matcher(buildInfo.goVersion());
    return m.lookingAt() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The {@code CGO_ENABLED} build setting: true for {@code 1}, false for {@code 0}, empty if absent. */
  public Optional<Boolean> cgoEnabled() {
    return buildInfo.setting("CGO_ENABLED").map("1"::equals);
  }

  /** The {@code -buildmode} build setting ({@code exe}, {@code pie}, ...), or empty. */
  public Optional<String> buildMode() {
    return buildInfo.setting("-buildmode");
  }

  /** Whether the binary was built with {@code -trimpath}. */
  public boolean trimpath() {
    return buildInfo.setting("-trimpath").map("true"::equals).orElse(false);
  }

  /** The {@code GOARCH} build setting, else the architecture of the ELF header. */
  public String goarch() {
    return buildInfo.setting("GOARCH").orElse(linking.machine());
  }

  /**
   * Whether the Go runtime in this binary sets GOMAXPROCS from the cgroup CPU limit by itself:
   * it was built by Go 1.25 or later, and its default GODEBUG does not switch that off with
   * {@code containermaxprocs=0} (which Go 1.25+ writes for a main module whose {@code go} line
   * is older than 1.25). When false, a unit for it should set {@code GOMAXPROCS}.
   */
  public boolean cgroupAwareGomaxprocs() {
    Optional<String> release = goRelease();
    if (release.isEmpty() || Gover.compare(release.get(), CGROUP_AWARE_GO) < 0) {
      return false;
    }
    return !defaultGodebug("containermaxprocs").equals(Optional.of("0"));
  }

  /**
   * Why {@link #cgroupAwareGomaxprocs()} answers as it does, in a few words, for reports and unit
   * comments: {@code the Go runtime reads the cgroup CPU limit}; {@code development toolchain
   * devel go1.27-abc}; {@code DefaultGODEBUG has containermaxprocs=0: the main module's go line is
   * before 1.25}; or {@code built by go 1.24.6; cgroup-aware from 1.25}.
   */
  public String gomaxprocsReason() {
    if (cgroupAwareGomaxprocs()) {
      return "the Go runtime reads the cgroup CPU limit";
    }
    if (goRelease().isEmpty()) {
      return "development toolchain " + buildInfo.goVersion();
    }
    if (Gover.compare(goRelease().get(), CGROUP_AWARE_GO) >= 0) {
      return "DefaultGODEBUG has containermaxprocs=0: the main module's go line is before " + CGROUP_AWARE_GO;
    }
    return "built by go " + goRelease().get() + "; cgroup-aware from " + CGROUP_AWARE_GO;
  }

  /**
   * The value of {@code key} in the binary's {@code DefaultGODEBUG} build setting (a
   * comma-separated {@code key=value} list), or empty.
   */
  public Optional<String> defaultGodebug(String key) {
    String all = buildInfo.setting("DefaultGODEBUG").orElse("");
    Optional<String> found = Optional.empty();
    for (String kv : all.split(",")) {
      int eq = kv.indexOf('=');
      if (eq > 0 && kv.substring(0, eq).strip().equals(key)) {
        found = Optional.of(kv.substring(eq + 1).strip()); // the last one wins, as in GODEBUG
      }
    }
    return found;
  }

  /** Whether {@value #AUTOMAXPROCS} is linked in (it sets GOMAXPROCS at start-up). */
  public boolean usesAutomaxprocs() {
    return dependsOn(AUTOMAXPROCS);
  }

  /** Whether {@value #AUTOMEMLIMIT} is linked in (it sets GOMEMLIMIT at start-up). */
  public boolean usesAutomemlimit() {
    return dependsOn(AUTOMEMLIMIT);
  }

  /** Whether the module {@code path} is one of the binary's dependencies. */
  public boolean dependsOn(String path) {
    return buildInfo.deps().stream().map(ModuleInfo::path).anyMatch(path::equals);
  }

  /** {@code vcs.revision}, or empty. */
  public Optional<String> vcsRevision() {
    return buildInfo.setting("vcs.revision");
  }

  /** Whether {@code vcs.modified=true}: built from a working tree with uncommitted changes. */
  public boolean vcsModified() {
    return buildInfo.setting("vcs.modified").map("true"::equals).orElse(false);
  }

  /** What {@code go version -m FILE} prints for this binary, byte for byte. */
  public String goVersionOutput() {
    return buildInfo.goVersionOutput(file);
  }
}
