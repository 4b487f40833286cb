package dev.cryptostream.producers;

import dev.cryptostream.producers.cli.ProjectVersion;
import dev.cryptostream.producers.coingecko.PollCoinGeckoCommand;
import dev.cryptostream.producers.kafka.KafkaBrokerCheck;
import dev.cryptostream.producers.live.LiveCommand;
import dev.cryptostream.producers.replay.ReplayCommand;
import dev.cryptostream.producers.simulator.SimulateCommand;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The producers' command line, {@code producers <command> [options]}: one picocli command per
 * subcommand, generated help, and the exit codes 0 (done), 1 (a runtime failure) and 2 (bad
 * options, with a one-line error).
 */
@Command(
    name = "producers",
    // Every subcommand has --help and --version, and the exit code list unless it has its own.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = ProjectVersion.class,
    description = "Publishes crypto trades and price snapshots to Kafka.",
    subcommands = {
      SimulateCommand.class,
      ReplayCommand.class,
      LiveCommand.class,
      PollCoinGeckoCommand.class,
      HelpCommand.class
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = "'producers COMMAND --help' lists the options of a command.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:a runtime failure, e.g. records not delivered", "2:bad options"})
public final class ProducerCli implements Runnable {
  public static final String DEFAULT_SYMBOLS =
      "binance:BTC-USDT,binance:ETH-USDT,coinbase:BTC-USD,kraken:SOL-USD,okx:XRP-USDT";

  @Spec private CommandSpec spec;
  private final PrintStream out;
  private final PrintStream err;

  private ProducerCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Where status lines and results go. */
  public PrintStream out() {
    return out;
  }

  /** Where errors go. */
  public PrintStream err() {
    return err;
  }

  /** No command: the usage, as with --help. */
  @Override
  public void run() {
    spec.commandLine().usage(out);
  }

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs {@code args} as the command line would; returns the exit code. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return commandLine(out, err).execute(args);
  }

  /** The command tree, writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new ProducerCli(out, err));
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExpandAtFiles(false); // "@name" is a value like any other, never a file of arguments
    cl.setOverwrittenOptionsAllowed(true); // a later occurrence of an option wins
    cl.setParameterExceptionHandler(ProducerCli::usageError);
    cl.setExecutionExceptionHandler(ProducerCli::runtimeFailure);
    return cl;
  }

  /** One line naming the problem, and where the options are listed. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String message = e instanceof UnmatchedArgumentException u ? unmatched(u) : e.getMessage();
    cmd.getErr()
        .printf("error: %s; see '%s --help'%n", message, cmd.getCommandSpec().qualifiedName());
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * Unknown options by name, with the nearest known ones; not the values after them, which may be a
   * secret given to a mistyped option ({@code --api-key KEY}).
   */
  private static String unmatched(UnmatchedArgumentException u) {
    List<String> options = u.getUnmatched().stream().filter(a -> a.startsWith("-")).toList();
    if (options.isEmpty()) {
      return u.getMessage(); // a stray argument or an unknown command: worth seeing as typed
    }
    String names = "'" + String.join("', '", options) + "'";
    List<String> near = u.getSuggestions();
    return (options.size() == 1 ? "Unknown option: " : "Unknown options: ")
        + names
        + (near.isEmpty()
            ? ""
            : " (did you mean "
                + String.join(" or ", near.subList(0, Math.min(3, near.size())))
                + "?)");
  }

  /**
   * An exception a command did not handle: a runtime failure, with its trace for diagnosis. A Kafka
   * client failure (a login handler without credentials, an unreadable trust store) is one line
   * with its causes: the reason, not a trace through Kafka's internals.
   */
  private static int runtimeFailure(Exception e, CommandLine cmd, ParseResult parsed) {
    if (e instanceof KafkaException) {
      cmd.getErr().println("error: Kafka client: " + KafkaBrokerCheck.describe(e));
      return cmd.getCommandSpec().exitCodeOnExecutionException();
    }
    cmd.getErr().println("error: " + e);
    e.printStackTrace(cmd.getErr());
    return cmd.getCommandSpec().exitCodeOnExecutionException();
  }

  /** Lost records are a failure of the command (exit 1), whatever else went well. */
  public static int undelivered(PrintStream err, long failed, Exception firstFailure) {
    if (failed == 0) {
      return 0;
    }
    err.println("error: " + failed + " records were not delivered: " + firstFailure);
    return 1;
  }

  /** Removes a Ctrl-C hook once the run ended by itself. */
  public static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C: the hook is running and waits for the command to finish.
    }
  }
}
