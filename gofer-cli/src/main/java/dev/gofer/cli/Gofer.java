package dev.gofer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gofer} command: the root of every subcommand. */
@Command(
    name = "gofer",
    mixinStandardHelpOptions = true,
    versionProvider = Gofer.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Go, dependable on Linux fleets.",
    description = {
      "",
      "gofer serves Go modules through a verifying proxy and checksum-database mirror,",
      "installs and switches verified Go toolchains, checks hosts that run Go services,",
      "and inspects Go binaries.",
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = {
      "Exit codes: 0 fine, 1 a check found problems, 2 usage error, 3 runtime error.",
      "Run 'gofer COMMAND --help' for more about a command."
    },
    subcommands = {
      ServeCommand.class,
      SumdbCommand.class,
      ToolchainCommand.class,
      MirrorCommand.class,
      VerifyCommand.class,
      SystemdCommand.class,
      JournaldCommand.class,
      InspectCommand.class,
      AuditCommand.class,
      DoctorCommand.class,
      SysctlCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Gofer implements Runnable {

  /** Exit code when a check found problems. */
  public static final int EXIT_PROBLEMS = 1;
  /** Exit code for a usage error. */
  public static final int EXIT_USAGE = 2;
  /** Exit code for a runtime error. */
  public static final int EXIT_RUNTIME = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    keepUpstreamConnections(System.getProperties());
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** The JDK property that says how long an idle HTTP/2 connection stays in its client's pool. */
  static final String H2_IDLE_PROPERTY = "jdk.httpclient.keepalive.timeout.h2";

  /** Seconds an idle upstream HTTP/2 connection is kept: {@link #keepUpstreamConnections}. */
  static final String H2_IDLE_SECONDS = "120";

  /**
   * Keeps idle HTTP/2 connections to an upstream for {@value #H2_IDLE_SECONDS} s rather than the
   * JDK's 30, unless {@code props} already say otherwise ({@code -Djdk.httpclient...}). Clients
   * of a proxy come in bursts: with 30 s, a burst after a short pause found no connection, and
   * the JDK client opens one connection per concurrent request when it has none (12 TLS
   * handshakes at once were measured, 11 of them closed again at once), and the handshakes sent
   * the JIT-compiled TLS and HTTP code back to the interpreter to be compiled again: about 2.5 s
   * of CPU for one burst on 2 cores (bench/RESULTS.md). 120 s stays below the idle timeouts of
   * NAT gateways and load balancers (4 minutes and more), which drop a connection without telling
   * either end. Must run before the first {@code HttpClient} is built: the JDK reads the property
   * once.
   */
  static void keepUpstreamConnections(Properties props) {
    if (props.getProperty(H2_IDLE_PROPERTY) == null) {
      props.setProperty(H2_IDLE_PROPERTY, H2_IDLE_SECONDS);
    }
  }

  /** Runs gofer with the given arguments and streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, System.getenv(), System.err);
  }

  /**
   * Runs gofer as {@link #run(String[], PrintWriter, PrintWriter)} does, with {@code env} in
   * place of the process environment and {@code logs} for serve's access log: tests run serve
   * in-process without touching the real environment.
   */
  static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, OutputStream logs) {
    return run(args, out, err, env, logs, ToolchainContext.workingDirectory(env));
  }

  /** {@link #run(String[], PrintWriter, PrintWriter, Map, OutputStream)} in the directory {@code cwd}. */
  static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, OutputStream logs, java.nio.file.Path cwd) {
    CommandLine cli = commandLine(env, logs, cwd);
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    return commandLine(System.getenv(), System.err);
  }

  /**
   * The command tree; the configuration of every store command ({@link StoreOptions}) reads
   * {@code env}, and serve writes its access log to {@code logs}.
   */
  static CommandLine commandLine(Map<String, String> env, OutputStream logs) {
    return commandLine(env, logs, ToolchainContext.workingDirectory(env));
  }

  /** The command tree; toolchain commands choose for {@code cwd}. */
  static CommandLine commandLine(Map<String, String> env, OutputStream logs, java.nio.file.Path cwd) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> cls) throws Exception {
            if (cls == ServeCommand.class) {
              return cls.cast(new ServeCommand(logs));
            }
            if (cls == StoreOptions.class) {
              return cls.cast(new StoreOptions(env));
            }
            if (cls == ToolchainContext.class) {
              return cls.cast(new ToolchainContext(env, cwd, logs));
            }
            return defaults.create(cls);
          }
        };
    CommandLine cli = new CommandLine(new Gofer(), factory);
    cli.setExecutionExceptionHandler(Gofer::handleError);
    cli.setParameterExceptionHandler(Gofer::handleUsageError);
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** One line, what went wrong, no stack trace (set GOFER_DEBUG=1 to see one). */
  private static int handleError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof UserException ue) {
      err.println("gofer: " + ue.getMessage());
      return ue.exitCode();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println("gofer: " + message);
    if (System.getenv("GOFER_DEBUG") != null) {
      e.printStackTrace(err);
    }
    return EXIT_RUNTIME;
  }

  private static int handleUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("gofer: " + e.getMessage());
    err.println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
    return EXIT_USAGE;
  }

  /** Reads the version that Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "gofer " + version(),
        "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
      };
    }

    static String version() {
      try (InputStream in = Gofer.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return "dev";
        }
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "dev");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
