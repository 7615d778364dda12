package dev.gofer.cli;

import dev.gofer.toolchain.install.IndexSource;
import dev.gofer.toolchain.install.InstallException;
import dev.gofer.toolchain.install.Installer;
import dev.gofer.toolchain.install.Platform;
import dev.gofer.toolchain.install.Source;
import dev.gofer.toolchain.install.VersionRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gofer toolchain install VERSION...}. */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    header = "Download, verify and install Go toolchains.",
    description = {
      "",
      "VERSION is 1.22.5 or go1.22.5, 1.22 (its newest patch release), latest (the newest stable",
      "release) or a release candidate (1.23rc1). By default the toolchain module",
      "golang.org/toolchain@v0.0.1-go<V>.linux-<arch> comes through the GOPROXY list and is verified",
      "with the checksum database (GOSUMDB, default sum.golang.org) before anything is unpacked, as",
      "the go command does; only a GOPROXY that is a single file:// URL skips it. With --from-index",
      "the toolchain is a tarball from a go.dev/dl JSON index, checked by its SHA-256.",
      "Toolchains go to $GOFER_HOME/toolchains/go<V> (GOFER_HOME: ~/.gofer).",
      "",
    })
final class ToolchainInstallCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @CommandLine.Mixin ToolchainContext env;

  @Parameters(arity = "1..*", paramLabel = "VERSION", description = "Versions to install.")
  List<String> versions;

  @Option(names = "--proxy", paramLabel = "GOPROXY", description = "GOPROXY list to use. Env: GOPROXY. Default: " + ToolchainContext.DEFAULT_PROXY + ".")
  String proxy;

  @Option(names = "--from-index", paramLabel = "URL", description = "Install from a release index in go.dev/dl JSON form (http(s): or file:).")
  URI index;

  @Option(names = "--base-url", paramLabel = "URL", description = "Where the index's tarballs are (default: the index URL's directory).")
  URI baseUrl;

  @Option(names = "--json", description = "Print [{\"version\", \"goroot\", \"alreadyInstalled\"}] as JSON.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
  boolean quiet;

  @Override
  public Integer call() {
    List<VersionRequest> requests = new ArrayList<>();
    try {
      for (String v : versions) {
        requests.add(VersionRequest.parse(v));
      }
    } catch (InstallException e) {
      throw ToolchainContext.userError(e);
    }
    if (baseUrl != null && index == null) {
      throw new UserException("--base-url needs --from-index", Gofer.EXIT_USAGE);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Installer.Result> results = new ArrayList<>();
    try (Source source = index != null ? IndexSource.create(index, baseUrl, Platform.current()) : env.moduleSource(proxy)) {
      Installer installer = new Installer(env.home(), source,
          DownloadProgress.on(err, quiet || json, SyncProgress.isTerminal(), System.getenv()));
      for (VersionRequest r : requests) {
        Installer.Result res = installer.install(r);
        results.add(res);
        if (!json) {
          out.println(res.alreadyInstalled()
              ? "go" + res.version() + " is already installed in " + res.goroot()
              : "go" + res.version() + " installed in " + res.goroot());
        }
      }
    } catch (InstallException e) {
      throw ToolchainContext.userError(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (!results.isEmpty()) {
        env.refreshShims(); // go1.X.Y links for what was just installed
      }
    }
    if (json) {
      out.println(results.stream()
          .map(r -> "{\"version\":" + Json.quote(r.version()) + ",\"goroot\":" + Json.quote(r.goroot().toString())
              + ",\"alreadyInstalled\":" + r.alreadyInstalled() + "}")
          .collect(java.util.stream.Collectors.joining(",", "[", "]")));
    }
    return 0;
  }
}
