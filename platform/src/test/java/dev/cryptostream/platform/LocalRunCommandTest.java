package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.live.Venues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The launcher's flags as a user meets them: defaults, every bad value refused with exit code 2 and
 * the reason before anything starts, generated help and version, and the docs naming only flags
 * that exist.
 */
class LocalRunCommandTest {
  @TempDir static Path dir;

  /** Parses and validates without running anything. */
  private static LocalRun.Config config(String... args) {
    LocalRunCommand command = new LocalRunCommand(System.out, new StopRequest());
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  private record Run(int exit, String out, String err) {}

  private static Run execute(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        LocalRun.execute(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new StopRequest());
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theDefaultsAreTheSimulatorForTwoMinutesAtSixtyRecordsPerSecond() {
    LocalRun.Config c = config();
    SimulatorSource s = assertInstanceOf(SimulatorSource.class, c.source());
    assertEquals(Duration.ofMinutes(2), s.duration());
    assertEquals(60.0, s.rate());
    assertEquals(7, s.seed());
    assertEquals(
        List.of(
            "binance:BTC-USDT",
            "binance:ETH-USDT",
            "coinbase:BTC-USD",
            "kraken:SOL-USD",
            "okx:XRP-USDT"),
        s.instruments().stream().map(i -> i.exchange() + ":" + i.symbol()).toList());
    assertEquals("DirectRunner", c.runner());
    assertEquals(Path.of(".local-run").toAbsolutePath().normalize(), c.workDir());
    assertEquals(false, c.skipDbt());
  }

  @Test
  void everySimulatorFlagIsTaken() {
    LocalRun.Config c =
        config(
            "--duration",
            "90s",
            "--rate=50",
            "--symbols",
            "binance:BTC-USDT,kraken:ETH-USD",
            "--seed",
            "11",
            "--runner",
            "FlinkRunner",
            "--work-dir",
            dir.toString(),
            "--skip-dbt");
    SimulatorSource s = (SimulatorSource) c.source();
    assertEquals(Duration.ofSeconds(90), s.duration());
    assertEquals(50.0, s.rate());
    assertEquals(11, s.seed());
    assertEquals(2, s.instruments().size());
    assertEquals("FlinkRunner", c.runner());
    assertEquals(dir.toAbsolutePath().normalize(), c.workDir());
    assertTrue(c.skipDbt());
  }

  @ParameterizedTest
  @CsvSource({
    "90s,PT1M30S",
    "2m,PT2M",
    "1h,PT1H",
    "PT2M,PT2M",
    "pt45s,PT45S",
    "30,PT30S",
    "500ms,PT0.5S"
  })
  void durationsTakeShorthandAndIso(String text, String iso) {
    assertEquals(
        Duration.parse(iso), ((SimulatorSource) config("--duration", text).source()).duration());
  }

  @Test
  void liveTakesSeveralVenuesTheirSymbolsAndEndpointOverrides() {
    LocalRun.Config c =
        config(
            "--source",
            "live",
            "--venues",
            "binance:BTC-USDT,coinbase:btc-usd,binance:ETH-USDT",
            "--ws-url",
            "binance=ws://127.0.0.1:9001",
            "--rest-url",
            "Binance=http://127.0.0.1:9002",
            "--duration",
            "10m");
    LiveSource live = assertInstanceOf(LiveSource.class, c.source());
    assertEquals(
        Map.of("binance", List.of("BTC-USDT", "ETH-USDT"), "coinbase", List.of("BTC-USD")),
        live.symbolsByVenue());
    assertEquals(
        new Venues.Endpoints("ws://127.0.0.1:9001", "http://127.0.0.1:9002"),
        live.endpoints().get("binance"));
    assertEquals(Venues.publicEndpoints("coinbase"), live.endpoints().get("coinbase"));
    assertEquals(Duration.ofMinutes(10), live.duration());
    assertNull(
        ((LiveSource) config("--source", "live", "--venues", "okx:BTC-USDT").source()).duration(),
        "no --duration: until Ctrl-C or SIGTERM");
  }

  @Test
  void replayTakesAFileAndASpeed() throws IOException {
    Path file = Files.writeString(dir.resolve("trades.ndjson"), "{}\n");
    ReplaySource r =
        (ReplaySource) config("--source", "replay", file.toString(), "--speed", "60").source();
    assertEquals(file.toAbsolutePath().normalize(), r.file());
    assertEquals(60.0, r.speed());
    assertEquals(
        0.0,
        ((ReplaySource) config("--source", "replay", file.toString()).source()).speed(),
        "max by default");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--rate 0|--rate must be a positive number",
        "--rate abc|Invalid value for option '--rate'",
        "--rate NaN|--rate must be a positive number",
        "--duration 0s|--duration must be positive",
        "--duration soon|must be a duration such as 90s, 2m or PT2M, got 'soon'",
        "--runner SparkRunner|--runner SparkRunner is not in the bundled pipeline jar yet",
        "--symbols binance:btc|bad symbol 'BTC'",
        "--seed x|Invalid value for option '--seed'",
        "--source kafka|--source must be simulator, live or replay",
        "--no-such-flag|Unknown option: '--no-such-flag'",
        "--skip-dbt extra.ndjson|a FILE is for --source replay",
        "--source live|--source live needs --venues",
        "--source live --venues bitmex:BTC-USD|unknown venue 'bitmex'",
        "--source live --venues binance|must be venue:BASE-QUOTE",
        "--source live --venues binance:BTCUSDT|bad symbol 'BTCUSDT'",
        "--source live --venues binance:BTC-USDT,binance:BTC-USDT|names binance:BTC-USDT twice",
        "--source live --venues binance:BTC-USDT --ws-url okx=ws://h:1|--ws-url names okx",
        "--source live --venues binance:BTC-USDT --ws-url binance=http://h:1|--ws-url must be a ws/wss URL",
        "--source live --venues binance:BTC-USDT --rest-url binance=ws://h:1|--rest-url must be a http/https URL",
        "--source live --venues binance:BTC-USDT --rate 5|--rate is for --source simulator, not live",
        "--source live --venues binance:BTC-USDT --speed 2|--speed is for --source replay, not live",
        "--venues binance:BTC-USDT|--venues is for --source live, not simulator",
        "--source replay|--source replay needs a FILE",
        "--source replay /no/such/file.ndjson|cannot read /no/such/file.ndjson",
        "--source replay /no/such/file.ndjson --duration 1m|--duration is for --source live or simulator, not replay",
        "--speed 2|--speed is for --source replay, not simulator"
      })
  void badFlagsExitTwoWithTheReason(String args, String reason) {
    Run r = execute(args.split(" "));
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains(reason), r.err());
    assertTrue(r.out().isEmpty(), "nothing ran: " + r.out());
  }

  @ParameterizedTest
  @CsvSource({"0", "-1", "fast", "Infinity"})
  void aReplaySpeedIsMaxOrPositive(String speed) throws IOException {
    Path file = Files.writeString(dir.resolve("speed.ndjson"), "{}\n");
    Run r = execute("--source", "replay", file.toString(), "--speed", speed);
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("or max, got '" + speed + "'"), r.err());
  }

  /** One Flink subtask per two cores (measured on two: see LocalRun.localFlinkParallelism). */
  @Test
  void aLocalFlinkRunHasOneSubtaskPerTwoCores() {
    assertEquals(1, LocalRun.localFlinkParallelism(1));
    assertEquals(1, LocalRun.localFlinkParallelism(2));
    assertEquals(1, LocalRun.localFlinkParallelism(3));
    assertEquals(2, LocalRun.localFlinkParallelism(4));
    assertEquals(8, LocalRun.localFlinkParallelism(16));
    assertTrue(
        LocalRun.BUNDLED_RUNNERS
            .get("FlinkRunner")
            .contains(
                "--parallelism="
                    + LocalRun.localFlinkParallelism(Runtime.getRuntime().availableProcessors())));
  }

  @Test
  void helpListsEveryFlagAndExitsZero() {
    Run r = execute("--help");
    assertEquals(0, r.exit(), r.err());
    for (OptionSpec o :
        new CommandLine(new LocalRunCommand(System.out, new StopRequest()))
            .getCommandSpec()
            .options()) {
      assertTrue(r.out().contains(o.longestName()), o.longestName() + " missing from\n" + r.out());
    }
    assertTrue(r.out().contains("Exit codes:"), r.out());
    assertTrue(r.out().contains("(default 60)"), "defaults shown: " + r.out());
  }

  @Test
  void versionIsTheProjectVersion() {
    Run r = execute("--version");
    assertEquals(0, r.exit(), r.err());
    assertEquals("local-run (crypto-stream) " + Version.PROJECT, r.out().trim());
  }

  private static Set<String> optionNames() {
    Set<String> names = new TreeSet<>();
    for (OptionSpec o :
        new CommandLine(new LocalRunCommand(System.out, new StopRequest()))
            .getCommandSpec()
            .options()) {
      names.addAll(List.of(o.names()));
    }
    return names;
  }

  private static List<Path> docs() throws IOException {
    Path root = PipelineRuns.repoRoot();
    List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> s = Files.list(root.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  private static final Pattern FLAG = Pattern.compile("--[a-z][a-z0-9-]*");

  /** Every flag handed to {@code make run} through ARGS in the README or docs is a real flag. */
  @Test
  void everyFlagTheDocsPassThroughArgsExists() throws IOException {
    Pattern args = Pattern.compile("ARGS=(\"[^\"]*\"|\\S+)");
    Set<String> known = optionNames();
    int seen = 0;
    for (Path doc : docs()) {
      Matcher m = args.matcher(Files.readString(doc));
      while (m.find()) {
        Matcher flag = FLAG.matcher(m.group(1));
        while (flag.find()) {
          seen++;
          assertTrue(
              known.contains(flag.group()),
              doc.getFileName() + " passes " + flag.group() + " to make run; flags: " + known);
        }
      }
    }
    assertTrue(seen >= 10, "too few ARGS examples found to mean anything: " + seen);
  }

  /** The launcher's page lists exactly the command's flags in its table. */
  @Test
  void theLaunchersFlagTableIsTheCommandModel() throws IOException {
    Set<String> documented = new TreeSet<>();
    for (String line : Files.readAllLines(PipelineRuns.repoRoot().resolve("docs/local-run.md"))) {
      if (line.startsWith("| `--")) {
        Matcher flag = FLAG.matcher(line.substring(0, line.indexOf('`', 3)));
        flag.find();
        documented.add(flag.group());
      }
    }
    Set<String> model = new TreeSet<>();
    for (OptionSpec o :
        new CommandLine(new LocalRunCommand(System.out, new StopRequest()))
            .getCommandSpec()
            .options()) {
      model.add(o.longestName());
    }
    assertEquals(model, documented, "docs/local-run.md flag table vs the command");
  }
}
