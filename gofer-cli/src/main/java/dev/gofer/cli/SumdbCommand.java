package dev.gofer.cli;

import dev.gofer.mod.ModException;
import dev.gofer.mod.note.Keys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gofer sumdb}: checksum-database keys and tools. */
@Command(
    name = "sumdb",
    mixinStandardHelpOptions = true,
    header = "Checksum-database keys and tools.",
    subcommands = {SumdbCommand.Keygen.class})
final class SumdbCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code gofer sumdb keygen NAME}. */
  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      header = "Generate an Ed25519 key pair for a checksum database.",
      description = {
        "",
        "Prints the verifier key, the public half that clients put in GOSUMDB, for example",
        "  GOSUMDB='sum.corp.example+1a2b3c4d+AXXX... https://sum.corp.example'",
        "The signer key (PRIVATE+KEY+...) signs tree heads: anyone holding it can sign.",
        "With --signer-file it is written to a new file readable only by you; without it,",
        "it is printed on the second line.",
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  gofer sumdb keygen sum.corp.example --signer-file /etc/gofer/sumdb.key",
        "  gofer sumdb keygen localhost.localdev/sumdb --json",
      })
  static final class Keygen implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Database name: host[/path] of its URL.")
    String name;

    @Option(names = "--signer-file", paramLabel = "FILE", description = "Write the signer key to FILE (created with mode 0600; never overwritten).")
    Path signerFile;

    @Option(names = "--json", description = "Print {\"name\", \"verifier\", \"signer\"?} as JSON.")
    boolean json;

    @Override
    public Integer call() {
      Keys.KeyPair pair;
      try {
        pair = Keys.generate(name);
      } catch (ModException | IllegalArgumentException e) {
        throw new UserException("invalid database name " + Json.quote(name) + ": " + e.getMessage(), Gofer.EXIT_USAGE);
      }
      if (signerFile != null) {
        writeSecret(signerFile, pair.signerKey());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        StringBuilder b = new StringBuilder("{\"name\":").append(Json.quote(name));
        b.append(",\"verifier\":").append(Json.quote(pair.verifierKey()));
        if (signerFile == null) {
          b.append(",\"signer\":").append(Json.quote(pair.signerKey()));
        } else {
          b.append(",\"signer_file\":").append(Json.quote(signerFile.toString()));
        }
        out.println(b.append('}'));
      } else {
        out.println(pair.verifierKey());
        if (signerFile == null) {
          out.println(pair.signerKey());
        }
      }
      out.flush();
      return 0;
    }

    private static void writeSecret(Path file, String secret) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        throw new UserException(file + " already exists: gofer never overwrites a signer key; choose another --signer-file");
      } catch (IOException e) {
        throw new UserException("writing " + file + ": " + e.getMessage());
      }
    }
  }
}
