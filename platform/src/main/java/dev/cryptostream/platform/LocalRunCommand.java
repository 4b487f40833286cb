package dev.cryptostream.platform;

import dev.cryptostream.producers.cli.DurationConverter;
import dev.cryptostream.producers.live.Venues;
import dev.cryptostream.producers.replay.ReplayCommand;
import dev.cryptostream.producers.simulator.Instrument;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The launcher's flags ({@code make run ARGS="..."}): typed, with defaults, validated before
 * anything starts; a bad flag exits 2 with the reason, {@code --help} and {@code --version} exit 0.
 */
@Command(
    name = "local-run",
    mixinStandardHelpOptions = true,
    versionProvider = LocalRunCommand.VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "The main job on embedded defaults: a Kafka broker, a source publishing trades into it,"
          + " the pipeline's bundled jar reading them into a Parquet lake, checks that every record"
          + " is accounted for, then dbt build on DuckDB and a summary.",
      "",
      "Sources:",
      "  simulator  default: simulated trades with known faults (--duration, --rate)",
      "  live       exchange trades (--venues) until --duration or Ctrl-C / SIGTERM",
      "  replay     a recorded NDJSON file of canonical events (FILE) at --speed",
      "",
      "Ctrl-C or SIGTERM stops the source; the pipeline still drains and the checks, dbt and the"
          + " summary still run. Once the source has stopped, a second one aborts.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the run finished and every check held",
      "1:a check failed, or the source, the pipeline or dbt failed",
      "2:bad flags",
      "130:aborted by Ctrl-C once the source had stopped",
      "143:aborted by SIGTERM once the source had stopped"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  make run ARGS=\"--duration 5m --rate 50 --symbols binance:BTC-USDT\"",
      "  make run ARGS=\"--runner FlinkRunner --rate 2000\"",
      "  make run ARGS=\"--source live --venues binance:BTC-USDT,okx:XRP-USDT\"",
      "  make run ARGS=\"--source replay recorded.ndjson --speed 60\""
    })
final class LocalRunCommand implements Callable<Integer> {
  /** The simulator's instruments: one or two per venue the live connectors also speak. */
  static final String DEFAULT_SYMBOLS =
      "binance:BTC-USDT,binance:ETH-USDT,coinbase:BTC-USD,kraken:SOL-USD,okx:XRP-USDT";

  static final String SIMULATOR = "simulator";
  static final String LIVE = "live";
  static final String REPLAY = "replay";

  /** The flags that mean something for one or two sources only: anywhere else they are errors. */
  static final Map<String, Set<String>> SOURCE_FLAGS =
      Map.of(
          "--duration", Set.of(SIMULATOR, LIVE),
          "--rate", Set.of(SIMULATOR),
          "--symbols", Set.of(SIMULATOR),
          "--seed", Set.of(SIMULATOR),
          "--venues", Set.of(LIVE),
          "--ws-url", Set.of(LIVE),
          "--rest-url", Set.of(LIVE),
          "--speed", Set.of(REPLAY));

  @Spec CommandSpec spec;

  @Option(
      names = "--source",
      paramLabel = "NAME",
      defaultValue = SIMULATOR,
      description = "simulator, live or replay (then FILE); default ${DEFAULT-VALUE}")
  String source;

  @Parameters(
      arity = "0..1",
      paramLabel = "FILE",
      description = "with --source replay: the NDJSON file of canonical trade events")
  Path replayFile;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "simulator: how long it produces (default 2m); live: how long it runs (default: until"
              + " Ctrl-C or SIGTERM). 90s, 2m, 1h or PT2M")
  Duration duration;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "60",
      description = "simulator: records per second (default ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--symbols",
      paramLabel = "LIST",
      defaultValue = DEFAULT_SYMBOLS,
      description = "simulator: exchange:BASE-QUOTE,... (default ${DEFAULT-VALUE})")
  String symbols;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "7",
      description = "simulator: random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--venues",
      paramLabel = "LIST",
      description =
          "live (required): venue:BASE-QUOTE,... over binance, coinbase, kraken and okx, e.g."
              + " binance:BTC-USDT,coinbase:BTC-USD")
  String venues;

  @Option(
      names = "--ws-url",
      paramLabel = "VENUE=URL",
      description =
          "live: a venue's WebSocket base URL instead of its public endpoint (ws or wss;"
              + " repeatable)")
  Map<String, String> wsUrls = new LinkedHashMap<>();

  @Option(
      names = "--rest-url",
      paramLabel = "VENUE=URL",
      description =
          "live: a venue's REST base URL for backfills instead of its public API (http or https;"
              + " repeatable)")
  Map<String, String> restUrls = new LinkedHashMap<>();

  @Option(
      names = "--speed",
      paramLabel = "S",
      defaultValue = "max",
      converter = ReplayCommand.Speed.class, // the replay command's own reading of it
      description =
          "replay: 1 = the recorded pace, N = N times faster, max = as fast as possible"
              + " (default ${DEFAULT-VALUE})")
  double speed;

  @Option(
      names = "--runner",
      paramLabel = "NAME",
      defaultValue = "DirectRunner",
      description =
          "DirectRunner (default) or FlinkRunner (an embedded Flink cluster with checkpoints"
              + " under the work dir; much faster here)")
  String runner;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      defaultValue = ".local-run",
      description =
          "where Kafka's data, the lake and the DuckDB file go, fresh each run (default"
              + " ${DEFAULT-VALUE})")
  Path workDir;

  @Option(
      names = "--skip-dbt",
      description = "stop after the pipeline and the checks (no dbt build, no market summary)")
  boolean skipDbt;

  private final PrintStream out;
  private final StopRequest stop;

  LocalRunCommand(PrintStream out, StopRequest stop) {
    this.out = out;
    this.stop = stop;
  }

  /** The command line with the launcher's output streams and error handling. */
  static CommandLine commandLine(LocalRunCommand command, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter w = commandLine.getErr();
          w.println("error: " + e.getMessage());
          e.printStackTrace(w);
          w.flush();
          return CommandLine.ExitCode.SOFTWARE;
        });
    return cl;
  }

  @Override
  public Integer call() throws Exception {
    return new LocalRun(out).run(config(), stop);
  }

  /** The validated run configuration; a ParameterException (exit 2) says what is wrong. */
  LocalRun.Config config() {
    try {
      return new LocalRun.Config(
          source(),
          runner(),
          workDir.toAbsolutePath().normalize(),
          skipDbt,
          Path.of(System.getProperty("repo.root", ".")).toAbsolutePath().normalize());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private RunSource source() {
    if (!List.of(SIMULATOR, LIVE, REPLAY).contains(source)) {
      throw new IllegalArgumentException(
          "--source must be simulator, live or replay, got '" + source + "'");
    }
    SOURCE_FLAGS.forEach(
        (flag, sources) -> {
          if (spec.commandLine().getParseResult().hasMatchedOption(flag)
              && !sources.contains(source)) {
            throw new IllegalArgumentException(
                flag
                    + " is for --source "
                    + String.join(" or ", sorted(sources))
                    + ", not "
                    + source);
          }
        });
    if (replayFile != null && !source.equals(REPLAY)) {
      throw new IllegalArgumentException(
          "unexpected argument '" + replayFile + "' (a FILE is for --source replay)");
    }
    if (duration != null && (duration.isZero() || duration.isNegative())) {
      throw new IllegalArgumentException("--duration must be positive");
    }
    return switch (source) {
      case LIVE -> liveSource();
      case REPLAY -> replaySource();
      default -> simulatorSource();
    };
  }

  private RunSource simulatorSource() {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("--rate must be a positive number, got " + rate);
    }
    return new SimulatorSource(
        Instrument.parseList(symbols),
        rate,
        duration == null ? Duration.ofMinutes(2) : duration,
        seed);
  }

  private RunSource liveSource() {
    if (venues == null) {
      throw new IllegalArgumentException(
          "--source live needs --venues, e.g. --venues binance:BTC-USDT,coinbase:BTC-USD");
    }
    Map<String, List<String>> byVenue = LiveSource.parseVenues(venues);
    Map<String, String> ws = byVenueName("--ws-url", wsUrls, byVenue.keySet());
    Map<String, String> rest = byVenueName("--rest-url", restUrls, byVenue.keySet());
    Map<String, Venues.Endpoints> endpoints = new LinkedHashMap<>();
    for (String venue : byVenue.keySet()) {
      Venues.Endpoints open = Venues.publicEndpoints(venue);
      endpoints.put(
          venue,
          new Venues.Endpoints(
              url("--ws-url", ws.getOrDefault(venue, open.wsUrl()), "ws", "wss"),
              url("--rest-url", rest.getOrDefault(venue, open.restUrl()), "http", "https")));
    }
    return new LiveSource(byVenue, endpoints, duration);
  }

  /** VENUE=URL overrides keyed by lower-case venue, each naming a venue of --venues. */
  private static Map<String, String> byVenueName(
      String flag, Map<String, String> urls, Set<String> venues) {
    Map<String, String> out = new LinkedHashMap<>();
    urls.forEach(
        (venue, url) -> {
          String name = venue.toLowerCase(java.util.Locale.ROOT);
          if (!venues.contains(name)) {
            throw new IllegalArgumentException(
                flag + " names " + venue + ", which --venues does not");
          }
          out.put(name, url);
        });
    return out;
  }

  private RunSource replaySource() {
    if (replayFile == null) {
      throw new IllegalArgumentException(
          "--source replay needs a FILE: --source replay trades.ndjson");
    }
    if (!Files.isRegularFile(replayFile) || !Files.isReadable(replayFile)) {
      throw new IllegalArgumentException("cannot read " + replayFile + " (the FILE to replay)");
    }
    return new ReplaySource(replayFile.toAbsolutePath().normalize(), speed);
  }

  private String runner() {
    if (!LocalRun.BUNDLED_RUNNERS.containsKey(runner)) {
      throw new IllegalArgumentException(
          "--runner "
              + runner
              + " is not in the bundled pipeline jar yet; available: "
              + sorted(LocalRun.BUNDLED_RUNNERS.keySet()));
    }
    return runner;
  }

  private static String url(String flag, String value, String... schemes) {
    try {
      URI u = new URI(value);
      if (u.getHost() == null || !List.of(schemes).contains(u.getScheme())) {
        throw new IllegalArgumentException(
            flag + " must be a " + String.join("/", schemes) + " URL, got '" + value + "'");
      }
      return value;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(flag + " is not a URL: '" + value + "'");
    }
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  /** The project version the jar was built as. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"local-run (crypto-stream) " + Version.PROJECT};
    }
  }
}
