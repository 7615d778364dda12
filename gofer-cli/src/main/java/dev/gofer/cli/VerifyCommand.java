package dev.gofer.cli;

import dev.gofer.proxy.ServeConfig;
import dev.gofer.proxy.metrics.Metrics;
import dev.gofer.proxy.modules.StoreVerifier;
import dev.gofer.proxy.store.Store;
import dev.gofer.proxy.sumdb.SumdbMirror;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gofer verify}: re-check a whole store against the checksum database. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Re-check every .mod and .zip of a store against the checksum database.",
    description = {
      "",
      "Recomputes the h1: hash of every stored .mod and .zip and compares it with the "
          + "verified checksum-database record (private modules: the .zip with its .ziphash). "
          + "Reports mismatches, invalid zips, versions the database does not know and incomplete "
          + "versions. With --quarantine, moves what did not verify to DATA/quarantine/ (never "
          + "deletes). Exit 0: clean; 1: problems found; 3: could not run.",
      "",
      "Store, upstreams, private patterns and checksum databases are configured as for 'gofer"
          + " serve': the same --config file, GOFER_* variables and flags, in the same precedence.",
    })
final class VerifyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin StoreOptions.Upstreams upstreams;
  @Mixin StoreOptions.Offline offline;

  @Option(names = "--quarantine", description = "Move files that do not verify aside.")
  boolean quarantine;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() {
    ServeConfig cfg = store.config();
    Store s = Sources.openStore(cfg);
    SumdbMirror mirror = Sources.mirror(cfg, s, new Metrics());
    StoreVerifier.Report report;
    try {
      report = new StoreVerifier(s, mirror, cfg.privatePatterns()).verify(quarantine);
    } catch (IOException e) {
      throw new UserException("verifying " + s.data() + ": " + e);
    } finally {
      s.close(); // lookups and tiles fetched for the check are stored in the background
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? report.json() + "\n" : report.text());
    out.flush();
    return report.clean() ? 0 : Gofer.EXIT_PROBLEMS;
  }
}
