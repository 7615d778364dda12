package dev.gofer.toolchain.tools;

import dev.gofer.mod.goproxy.ModuleProxy;
import dev.gofer.mod.ModException;
import dev.gofer.mod.semver.Semver;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Go program that gofer builds per toolchain.
 *
 * @param name the binary's name ({@code gopls})
 * @param module the module that releases it ({@code golang.org/x/tools/gopls})
 * @param pkg the main package ({@code golang.org/x/tools/gopls}; {@code
 *     github.com/go-delve/delve/cmd/dlv} for dlv)
 */
public record Tool(String name, String module, String pkg) {
  /** The tools known by name. */
  public static final Map<String, Tool> KNOWN = Map.of(
      "gopls", new Tool("gopls", "golang.org/x/tools/gopls", "golang.org/x/tools/gopls"),
      "dlv", new Tool("dlv", "github.com/go-delve/delve", "github.com/go-delve/delve/cmd/dlv"));

  public Tool {
    if (!pkg.equals(module) && !pkg.startsWith(module + "/")) {
      throw new IllegalArgumentException(pkg + " is not in module " + module);
    }
  }

  /**
   * What the user asked for: a tool and, when pinned ({@code gopls@v0.16.2}), its version.
   *
   * @param version a canonical semver version, or empty for the newest release that fits
   */
  public record Request(Tool tool, Optional<String> version) {}

  /**
   * Parses {@code NAME[@VERSION]}: a {@linkplain #KNOWN known} name, or the path of a main
   * package, whose module is the longest prefix of it that {@code proxy} lists releases for (as
   * the go command looks a package up).
   */
  public static Request parse(String spec, ModuleProxy proxy) throws ToolException {
    int at = spec.indexOf('@');
    String name = at < 0 ? spec : spec.substring(0, at);
    Optional<String> version = Optional.empty();
    if (at >= 0) {
      String v = spec.substring(at + 1);
      if (!Semver.isValid(v) || !Semver.canonical(v).equals(v) || !Semver.build(v).isEmpty()) {
        throw ToolException.usage("invalid version \"" + v + "\" in " + spec + ": want a release such as v0.16.2");
      }
      version = Optional.of(v);
    }
    Tool known = KNOWN.get(name);
    if (known != null) {
      return new Request(known, version);
    }
    if (!name.contains("/") || name.startsWith("/") || name.endsWith("/") || name.contains("..")) {
      throw ToolException.usage("unknown tool \"" + name + "\": want gopls, dlv or the path of a main package");
    }
    return new Request(new Tool(binaryName(name), moduleOf(name, proxy), name), version);
  }

  /** The go command's binary name for a package path: its last element, unless that is a major version. */
  static String binaryName(String pkg) {
    List<String> parts = List.of(pkg.split("/"));
    String last = parts.getLast();
    if (last.matches("v[0-9]+") && parts.size() > 2) {
      return parts.get(parts.size() - 2);
    }
    return last;
  }

  private static String moduleOf(String pkg, ModuleProxy proxy) throws ToolException {
    String candidate = pkg;
    while (candidate.contains("/")) {
      try {
        if (!proxy.list(candidate).isEmpty()) {
          return candidate;
        }
      } catch (ModException | IllegalArgumentException e) {
        // not a module (or not a valid module path): try the parent
      }
      candidate = candidate.substring(0, candidate.lastIndexOf('/'));
    }
    throw ToolException.runtime("no module with releases provides " + pkg + " (asked the GOPROXY list)");
  }
}
