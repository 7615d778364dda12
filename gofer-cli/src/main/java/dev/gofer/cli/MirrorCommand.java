package dev.gofer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gofer.proxy.ServeConfig;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.mirror.MirrorExport;
import dev.gofer.proxy.mirror.MirrorImport;
import dev.gofer.proxy.mirror.MirrorSync;
import dev.gofer.proxy.mirror.SumdbSeal;
import dev.gofer.proxy.mirror.SyncInputs;
import dev.gofer.proxy.mirror.SyncReport;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gofer mirror sync|export|import}: fill a store, and carry it across an air gap. */
@Command(
    name = "mirror",
    mixinStandardHelpOptions = true,
    header = "Fill a store, and carry it to a machine without network.",
    description = {
      "",
      "sync fetches module versions into the store through the same verified path as 'gofer "
          + "serve'; export writes the store (or what go.sum files name) with the checksum-database"
          + " data that verifies it as one zip archive; import verifies such an archive whole "
          + "before publishing it.",
    },
    commandListHeading = "%nCommands:%n",
    subcommands = {MirrorCommand.Sync.class, MirrorCommand.Export.class, MirrorCommand.Import.class})
final class MirrorCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: sync, export or import");
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Command(
      name = "sync",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      header = "Fetch module versions into the store, verified.",
      description = {
        "",
        "INPUT is a go.mod file (every required version), a go.sum file (every version it "
            + "names; go.mod-only lines need the .mod alone, and its hashes are compared), "
            + "module@version, or @FILE, a list of inputs. Progress goes to stderr, the summary to "
            + "stdout. Exit 0: everything present; 1: something failed.",
        "",
        "Store, upstreams, private patterns and checksum databases are configured as for 'gofer"
            + " serve': the same --config file, GOFER_* variables and flags, in the same precedence. "
            + "sync always fetches: 'offline' in the file or GOFER_OFFLINE is for serve.",
      },
      footer = {
        "",
        "Examples:",
        "  gofer mirror sync --data /srv/gofer go.sum tools/go.sum golang.org/x/text@v0.14.0",
        "  gofer mirror sync --config /etc/gofer/gofer.toml go.sum",
        "      Fill the store that 'gofer serve --config /etc/gofer/gofer.toml' serves, from its upstreams.",
      })
  static final class Sync implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;
    @Mixin StoreOptions.Upstreams upstreams;
    @Mixin StoreOptions.Fetching fetching;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "Versions fetched at once. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "go.mod, go.sum, module@version or @list.txt.")
    List<String> inputs = new ArrayList<>();

    @Override
    public Integer call() {
      if (concurrency < 1 || concurrency > 256) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--concurrency must be between 1 and 256");
      }
      ServeConfig cfg = store.config();
      SyncInputs wanted;
      try {
        wanted = SyncInputs.read(inputs, Path.of(""));
      } catch (SyncInputs.InputException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      Store s = Sources.openStore(cfg);
      ServeConfig.Sumdb db = cfg.sumdbs().get(0);
      try (Sources sources = Sources.of(cfg, s, new Metrics())) {
        SumdbSeal seal = new SumdbSeal(db.key(), Sources.TILE_HEIGHT, s, SumdbSeal.through(sources.sumdb(), db.name()));
        MirrorSync sync =
            new MirrorSync(s, sources.modules(), sources.sumdb(), cfg.privatePatterns(), Optional.of(seal), concurrency);
        SyncReport report = sync.sync(wanted, SyncProgress.on(spec.commandLine().getErr(), quiet || json && !SyncProgress.isTerminal()));
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() + "\n" : report.text());
        out.flush();
        return report.ok() ? 0 : Gofer.EXIT_PROBLEMS;
      }
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      header = "Write the store, or what go.sum files name, as one zip archive.",
      description = {
        "",
        "The archive holds the module files, and per checksum database the store's signed tree "
            + "head, the lookups of the exported versions, every stored tile, and a manifest with the"
            + " SHA-256 of each entry. It is written to a temp file beside FILE and renamed when "
            + "complete.",
        "",
        "The store is the one 'gofer serve' uses: --data, GOFER_DATA, or 'data' in the --config"
            + " file.",
      },
      footer = {"", "Example: gofer mirror export --gosum go.sum /media/usb/gofer-2024-06.zip"})
  static final class Export implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(names = "--gosum", paramLabel = "GO.SUM", description = "Export only the versions this go.sum names (repeatable).")
    List<String> goSums = new ArrayList<>();

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Parameters(paramLabel = "FILE", description = "The archive to write (a zip).")
    Path file;

    @Override
    public Integer call() {
      ServeConfig cfg = store.config();
      Optional<List<dev.gofer.proxy.mirror.Wanted>> only = Optional.empty();
      if (!goSums.isEmpty()) {
        try {
          only = Optional.of(SyncInputs.read(goSums, Path.of("")).wanted());
        } catch (SyncInputs.InputException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
      }
      Store s = Sources.openStore(cfg);
      MirrorExport.Result r;
      try {
        r = new MirrorExport(s).export(file, only);
      } catch (MirrorExport.MissingException e) {
        throw new UserException(e.getMessage(), Gofer.EXIT_PROBLEMS);
      } catch (IOException e) {
        throw new UserException("writing " + file + ": " + e);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode n = JSON.createObjectNode();
        n.put("file", file.toString());
        n.put("versions", r.versions());
        n.put("files", r.files());
        n.put("lookups", r.lookups());
        n.put("tiles", r.tiles());
        n.put("bytes", r.bytes());
        out.println(n);
      } else {
        out.print(r.text());
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      header = "Verify an archive from 'gofer mirror export' whole, then publish it into the store.",
      description = {
        "",
        "Nothing is published unless everything verifies: the manifest's checksums, the tree "
            + "head's signature (with the configured --sumdb key) and its consistency with the "
            + "store's head, every lookup and tile through the tree, and every .mod and .zip against "
            + "its verified lookup. Files already stored are kept. Exit 1 with one line and the store"
            + " unchanged when the archive is refused.",
        "",
        "Store, upstreams, private patterns and checksum databases are configured as for 'gofer"
            + " serve': the same --config file, GOFER_* variables and flags, in the same precedence. "
            + "import reads nothing from the network.",
      },
      footer = {"", "Example: gofer mirror import --data /srv/gofer /media/usb/gofer-2024-06.zip"})
  static final class Import implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;
    @Mixin StoreOptions.Upstreams upstreams;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Parameters(paramLabel = "FILE", description = "The archive to import.")
    Path file;

    @Override
    public Integer call() {
      ServeConfig cfg = store.config();
      List<String> keys = cfg.sumdbs().stream().map(ServeConfig.Sumdb::key).toList();
      Store s = Sources.openStore(cfg);
      PrintWriter out = spec.commandLine().getOut();
      try {
        MirrorImport.Result r = new MirrorImport(s, keys, cfg.privatePatterns()).importArchive(file);
        if (json) {
          ObjectNode n = JSON.createObjectNode();
          n.put("ok", true);
          n.put("versions", r.versions());
          n.put("published", r.published());
          n.put("present", r.present());
          ObjectNode heads = n.putObject("treeSizes");
          r.heads().forEach(heads::put);
          out.println(n);
        } else {
          out.print(r.text());
        }
        out.flush();
        return 0;
      } catch (MirrorImport.RefusedException e) {
        if (json) {
          ObjectNode n = JSON.createObjectNode();
          n.put("ok", false);
          n.put("error", e.getMessage());
          out.println(n);
          out.flush();
        }
        spec.commandLine().getErr().println("gofer: " + e.getMessage());
        return Gofer.EXIT_PROBLEMS;
      } catch (NoSuchFileException e) {
        throw new UserException("no such archive: " + file, Gofer.EXIT_USAGE);
      } catch (IOException e) {
        throw new UserException("importing " + file + ": " + e);
      }
    }
  }
}
