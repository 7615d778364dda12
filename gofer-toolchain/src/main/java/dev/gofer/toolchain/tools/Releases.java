package dev.gofer.toolchain.tools;

import dev.gofer.mod.ModException;
import dev.gofer.mod.gover.Gover;
import dev.gofer.mod.goproxy.ModuleProxy;
import dev.gofer.mod.modfile.ModFile;
import dev.gofer.mod.semver.Semver;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the release of a tool that a toolchain can build: the newest non-prerelease version in
 * the module's {@code @v/list} whose go.mod {@code go} line is at most the toolchain's version
 * (Go 1.21 and later refuse to build a module that asks for a newer Go). A go.mod without a
 * {@code go} line counts as {@code go 1.16}, as in the go command.
 */
public final class Releases {
  /** How many go.mod files a choice reads at most, walking down from the newest release. */
  public static final int MAX_MOD_FETCHES = 30;

  private Releases() {}

  /**
   * A chosen release.
   *
   * @param version the module version ({@code v0.16.2})
   * @param goLine its go.mod's {@code go} line ({@code 1.22.0})
   * @param skipped newer releases passed over because their {@code go} line was too new
   */
  public record Choice(String version, String goLine, List<String> skipped) {}

  /** The newest release of {@code module} that toolchain {@code goVersion} can build. */
  public static Choice newestFor(ModuleProxy proxy, String module, String goVersion) throws ToolException {
    List<String> versions;
    try {
      versions = new ArrayList<>(proxy.list(module));
    } catch (ModException e) {
      throw ToolException.runtime("listing releases of " + module + ": " + e.getMessage());
    }
    versions.removeIf(v -> !Semver.prerelease(v).isEmpty() || Semver.isIncompatible(v));
    versions.sort(Semver.ORDER.reversed());
    if (versions.isEmpty()) {
      throw ToolException.runtime(module + " has no releases in the GOPROXY list");
    }
    List<String> skipped = new ArrayList<>();
    String newestGo = null;
    for (String v : versions.subList(0, Math.min(MAX_MOD_FETCHES, versions.size()))) {
      String go = goLine(proxy, module, v);
      newestGo = newestGo == null ? go : newestGo;
      if (Gover.compare(go, goVersion) <= 0) {
        return new Choice(v, go, List.copyOf(skipped));
      }
      skipped.add(v + " (go " + go + ")");
    }
    throw ToolException.runtime("no release of " + module + " supports go" + goVersion + ": the newest "
        + skipped.size() + " need a newer Go (" + versions.getFirst() + " wants go " + newestGo
        + "); install a newer toolchain or pin an older release with @VERSION");
  }

  /** The {@code go} line of {@code module@version}'s go.mod; {@code 1.16} when absent. */
  public static String goLine(ModuleProxy proxy, String module, String version) throws ToolException {
    try {
      ModFile mf = ModFile.parseLax(module + "@" + version + "/go.mod", proxy.mod(module, version));
      return mf.go().orElse("1.16");
    } catch (ModException e) {
      throw ToolException.runtime("reading go.mod of " + module + "@" + version + ": " + e.getMessage());
    }
  }
}
