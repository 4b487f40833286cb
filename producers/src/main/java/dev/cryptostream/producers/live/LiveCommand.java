package dev.cryptostream.producers.live;

import dev.cryptostream.producers.ProducerCli;
import dev.cryptostream.producers.cli.CommaList;
import dev.cryptostream.producers.cli.DurationConverter;
import dev.cryptostream.producers.cli.DurationOrNone;
import dev.cryptostream.producers.cli.KafkaConnection;
import dev.cryptostream.producers.cli.UrlConverter;
import dev.cryptostream.producers.cli.UsageError;
import dev.cryptostream.producers.kafka.KafkaSecurityConfig;
import dev.cryptostream.producers.net.SurvivingTask;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code producers live --venue V --symbols A-B,...}: one venue's WebSocket trades to Kafka until
 * stopped.
 */
@Command(
    name = "live",
    sortOptions = false,
    sortSynopsis = false,
    description = {
      "Streams one exchange's trades over WebSocket into Kafka as canonical events. Gaps in trade"
          + " ids are backfilled from the exchange's REST API (source rest-backfill); unusable"
          + " frames go to the producer dead-letter topic.",
      "Both topics must exist. Runs until --duration or Ctrl-C (what was read is flushed first)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped as asked",
      "1:Kafka not ready or records not delivered, or the venue refused every symbol",
      "2:bad options, unknown venue or symbols"
    })
public final class LiveCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(LiveCommand.class);

  @Spec private CommandSpec spec;
  @ParentCommand private ProducerCli cli;

  @Option(
      names = "--venue",
      paramLabel = "NAME",
      required = true,
      converter = VenueOptions.VenueName.class,
      description = "The exchange: binance, coinbase, kraken or okx (any case).")
  private String venue;

  @Option(
      names = "--symbols",
      paramLabel = "LIST",
      required = true,
      converter = VenueOptions.SymbolList.class,
      description = "Canonical BASE-QUOTE symbols, comma-separated, e.g. BTC-USDT,ETH-USDT.")
  private CommaList<String> symbols;

  @Mixin private KafkaConnection kafka;

  @Mixin private TradeOutputOptions topics;

  @Option(
      names = "--ws-url",
      paramLabel = "URL",
      converter = UrlConverter.WebSocket.class,
      description = "WebSocket base URL (default: the venue's public endpoint).")
  private String wsUrl;

  @Option(
      names = "--rest-url",
      paramLabel = "URL",
      converter = UrlConverter.Http.class,
      description = "REST base URL for backfill (default: the venue's public API).")
  private String restUrl;

  @Option(
      names = "--status-every",
      paramLabel = "D",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Time between status lines (default: ${DEFAULT-VALUE}).")
  private Duration statusEvery;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Stop after this long (default: run until Ctrl-C).")
  private Duration duration;

  @Option(
      names = "--max-trade-age",
      paramLabel = "D|none",
      defaultValue = "24h",
      converter = DurationOrNone.Converter.class,
      description =
          "Dead-letter trades older than D before their receive time; none = no limit; for"
              + " backfilled trades, D before the trade before the gap (default: ${DEFAULT-VALUE}).")
  private DurationOrNone maxTradeAge;

  @Option(
      names = "--max-trade-ahead",
      paramLabel = "D",
      defaultValue = "1m",
      converter = DurationConverter.class,
      description =
          "Dead-letter trades more than D after their receive time: a wrong time unit or clock"
              + " (default: ${DEFAULT-VALUE}).")
  private Duration maxTradeAhead;

  @Option(
      names = "--backfill-horizon",
      paramLabel = "D",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description =
          "How long a gap is asked from REST, with backoff, before it is given up and counted"
              + " (default: ${DEFAULT-VALUE}).")
  private Duration backfillHorizon;

  @Mixin private TimeUnitOption timeUnit;

  /** Everything the live command needs, validated. */
  public record LiveConfig(
      String venue,
      List<String> symbols,
      String bootstrapServers,
      String topic,
      String dlqTopic,
      String wsUrl,
      String restUrl,
      Duration statusEvery,
      Duration duration,
      TradeTimeWindow tradeTimeWindow,
      Duration backfillHorizon,
      boolean microseconds,
      KafkaSecurityConfig security) {}

  /** The options, checked together; a bad combination is a usage error. */
  public LiveConfig config() {
    requirePositive(statusEvery, "--status-every");
    if (duration != null) {
      requirePositive(duration, "--duration");
    }
    if (backfillHorizon.isNegative()) {
      throw UsageError.of(spec, "--backfill-horizon must not be negative");
    }
    kafka.checkOptions();
    Venues.Endpoints open = Venues.publicEndpoints(venue);
    return new LiveConfig(
        venue,
        symbols.items(),
        kafka.bootstrapServers(),
        topics.topic(),
        topics.dlqTopic(),
        wsUrl != null ? wsUrl : open.wsUrl(),
        restUrl != null ? restUrl : open.restUrl(),
        statusEvery,
        duration,
        tradeTimeWindow(spec, maxTradeAge.limit(), maxTradeAhead),
        backfillHorizon,
        UsageError.check(spec, () -> timeUnit.microseconds(venue)),
        kafka.security());
  }

  private void requirePositive(Duration d, String option) {
    if (d.isNegative() || d.isZero()) {
      throw UsageError.of(spec, option + " must be positive");
    }
  }

  /**
   * --max-trade-age (null: none) and --max-trade-ahead as a window; negative bounds are refused.
   */
  static TradeTimeWindow tradeTimeWindow(CommandSpec spec, Duration maxAge, Duration maxAhead) {
    if ((maxAge != null && maxAge.isNegative()) || maxAhead.isNegative()) {
      throw UsageError.of(spec, "--max-trade-age and --max-trade-ahead must not be negative");
    }
    return new TradeTimeWindow(maxAge, maxAhead);
  }

  /** The venue's protocol for the configured endpoints and symbols. */
  private static VenueProtocol protocol(LiveConfig c, HttpClient http) {
    return Venues.protocol(
        c.venue(),
        c.symbols(),
        new Venues.Endpoints(c.wsUrl(), c.restUrl()),
        http,
        c.tradeTimeWindow(),
        c.microseconds());
  }

  /** Runs the command; returns the exit code (0 ok, 1 runtime failure). */
  @Override
  public Integer call() {
    LiveConfig c = config();
    PrintStream out = cli.out();
    PrintStream err = cli.err();
    if (!kafka.ready(err, List.of(c.topic(), c.dlqTopic()))) {
      return 1;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    VenueProtocol protocol = protocol(c, http);
    KafkaLiveOutput output =
        new KafkaLiveOutput(kafka.publisher(c.topic()), kafka.publisher(c.dlqTopic()));
    ConnectionPolicy policy = protocol.defaultPolicy();
    LiveConnector connector =
        new LiveConnector(
            protocol,
            c.symbols(),
            policy,
            BackfillRetry.forVenue(policy.restMinInterval(), c.backfillHorizon()),
            output,
            http);
    ScheduledExecutorService status =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "live-status");
              t.setDaemon(true);
              return t;
            });
    CountDownLatch stop = new CountDownLatch(1);
    boolean allRejected = false;
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C: stop reading, flush what was read to Kafka, then let the JVM go. The bound only
    // matters if something hangs: it covers closing the connections, the backfill grace period and
    // a Kafka flush up to the producer's delivery timeout (120 s).
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await(180, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    out.printf(
        "live: %s %s over %d connection(s) to %s, trades -> %s, dead letters -> %s%n",
        c.venue(),
        c.symbols().stream().map(s -> s + "=" + protocol.venueSymbol(s)).toList(),
        connector.connectionCount(),
        c.wsUrl(),
        c.topic(),
        c.dlqTopic());
    try {
      connector.start();
      long every = c.statusEvery().toMillis();
      var unusedStatusTask = // ends when the executor is shut down
          status.scheduleAtFixedRate(
              SurvivingTask.of(
                  c.venue() + " status line",
                  log,
                  () -> {
                    connector.stats().statusLines().forEach(out::println);
                    out.printf(
                        "%s kafka: %d records acked, %d failed%n",
                        c.venue(), output.acked(), output.failed());
                  }),
              every,
              every,
              TimeUnit.MILLISECONDS);
      long deadline = c.duration() == null ? 0 : System.nanoTime() + c.duration().toNanos();
      while (true) {
        long wait = 1_000_000_000L;
        if (c.duration() != null) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          wait = Math.min(wait, left);
        }
        if (stop.await(wait, TimeUnit.NANOSECONDS)) {
          break;
        }
        if (!connector.hasSymbolsLeft()) {
          allRejected = true; // nothing left to stream: say so and exit 1 instead of idling
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      status.shutdownNow();
      connector.close();
      output.close();
      connector.stats().statusLines().forEach(out::println);
      out.printf(
          "%s kafka: %d records acked, %d failed (final)%n",
          c.venue(), output.acked(), output.failed());
      stopped.countDown();
    }
    ProducerCli.removeShutdownHook(hook);
    if (output.failed() > 0) {
      return ProducerCli.undelivered(err, output.failed(), output.firstFailure());
    }
    if (allRejected) {
      err.println(
          "error: "
              + c.venue()
              + " refused every symbol (see the status lines and the dead letters)");
      return 1;
    }
    return 0;
  }
}
