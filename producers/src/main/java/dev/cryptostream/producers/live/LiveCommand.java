package dev.cryptostream.producers.live;

import dev.cryptostream.contracts.TradeTopics;
import dev.cryptostream.producers.CliArgs;
import dev.cryptostream.producers.kafka.KafkaBrokerCheck;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import dev.cryptostream.producers.kafka.KafkaSecurityConfig;
import dev.cryptostream.producers.live.binance.BinanceBackfill;
import dev.cryptostream.producers.live.binance.BinanceProtocol;
import dev.cryptostream.producers.live.coinbase.CoinbaseBackfill;
import dev.cryptostream.producers.live.coinbase.CoinbaseProtocol;
import dev.cryptostream.producers.live.kraken.KrakenBackfill;
import dev.cryptostream.producers.live.kraken.KrakenProtocol;
import dev.cryptostream.producers.live.okx.OkxBackfill;
import dev.cryptostream.producers.live.okx.OkxProtocol;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code producers live --venue V --symbols A-B,...}: one venue's WebSocket trades to Kafka until
 * stopped.
 */
public final class LiveCommand {
  public static final String USAGE =
      """
      usage: producers live --venue VENUE --symbols LIST [flags]

      Streams one exchange's trades over WebSocket into Kafka as canonical events; gaps in trade ids
      are backfilled from the exchange's REST API (source rest-backfill), unusable frames go to the
      producer dead-letter topic.

      flags:
        --venue NAME                    binance | coinbase | kraken | okx
        --symbols LIST                  canonical BASE-QUOTE symbols, e.g. BTC-USDT,ETH-USDT
        --bootstrap-servers HOST:PORT   Kafka (default localhost:9092, env KAFKA_BOOTSTRAP_SERVERS)
        --topic NAME                    trades topic (default crypto.trades.v1)
        --dlq-topic NAME                dead-letter topic (default trades.producer.dlq)
        --ws-url URL                    WebSocket base URL (default: the venue's public endpoint)
        --rest-url URL                  REST base URL for backfill (default: the venue's public API)
        --status-every D                status line interval (default 30s)
        --duration D                    stop after D (default: run until Ctrl-C)
        --broker-timeout D              how long to wait for Kafka at start (default 15s); both topics must exist
        --max-trade-age D               dead-letter trades older than D before their receive time (default 24h;
                                        none = no limit); backfilled trades: D before the trade before the gap
        --max-trade-ahead D             dead-letter trades more than D after their receive time (default 1m)
        --backfill-horizon D            how long a gap is asked from REST, with backoff, before it is given up
                                        (default 10m)
        --time-unit ms|us               binance only: us connects with timeUnit=MICROSECOND (default ms)

      """
          + KafkaSecurityConfig.USAGE;

  public static final List<String> VENUES = List.of("binance", "coinbase", "kraken", "okx");

  private LiveCommand() {}

  /** Everything the live command needs, parsed and validated. */
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
      Duration brokerTimeout,
      TradeTimeWindow tradeTimeWindow,
      Duration backfillHorizon,
      boolean microseconds,
      KafkaSecurityConfig security) {

    public static LiveConfig from(CliArgs a, String defaultBootstrap) {
      String venue = a.string("venue", null);
      if (venue == null) {
        throw new IllegalArgumentException(
            "--venue is required (" + String.join(", ", VENUES) + ")");
      }
      venue = venue.toLowerCase(Locale.ROOT);
      if (!VENUES.contains(venue)) {
        throw new IllegalArgumentException(
            "unknown venue '" + venue + "' (known: " + String.join(", ", VENUES) + ")");
      }
      String symbolText = a.string("symbols", null);
      if (symbolText == null) {
        throw new IllegalArgumentException(
            "--symbols is required, e.g. --symbols BTC-USDT,ETH-USDT");
      }
      LiveConfig c =
          new LiveConfig(
              venue,
              Symbols.parseList(symbolText),
              a.string("bootstrap-servers", defaultBootstrap),
              a.string("topic", TradeTopics.TRADES_V1),
              a.string("dlq-topic", KafkaLiveOutput.DEFAULT_DLQ_TOPIC),
              url(a, "ws-url", defaultWs(venue), "ws", "wss"),
              url(a, "rest-url", defaultRest(venue), "http", "https"),
              a.duration("status-every", Duration.ofSeconds(30)),
              a.duration("duration", null),
              a.duration("broker-timeout", Duration.ofSeconds(15)),
              parseTradeTimeWindow(a, TradeTimeWindow.LIVE_DEFAULT),
              a.duration("backfill-horizon", BackfillRetry.DEFAULT_HORIZON),
              parseTimeUnit(a, venue),
              KafkaSecurityConfig.fromArgs(a));
      a.rejectUnknown();
      if (!positive(c.statusEvery)) {
        throw new IllegalArgumentException("--status-every must be positive");
      }
      if (c.duration != null && !positive(c.duration)) {
        throw new IllegalArgumentException("--duration must be positive");
      }
      if (!positive(c.brokerTimeout)) {
        throw new IllegalArgumentException("--broker-timeout must be positive");
      }
      if (c.backfillHorizon.isNegative()) {
        throw new IllegalArgumentException("--backfill-horizon must not be negative");
      }
      return c;
    }

    private static boolean positive(Duration d) {
      return !d.isNegative() && !d.isZero();
    }

    private static String url(CliArgs a, String flag, String fallback, String... schemes) {
      String v = a.string(flag, fallback);
      try {
        URI u = new URI(v);
        if (u.getHost() == null || !List.of(schemes).contains(u.getScheme())) {
          throw new IllegalArgumentException(
              "--" + flag + " must be a " + String.join("/", schemes) + " URL, got '" + v + "'");
        }
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("--" + flag + " is not a URL: '" + v + "'");
      }
      return v;
    }
  }

  /** --max-trade-age (a duration or none) and --max-trade-ahead, over the given defaults. */
  public static TradeTimeWindow parseTradeTimeWindow(CliArgs a, TradeTimeWindow defaults) {
    String age = a.string("max-trade-age", null);
    Duration maxAge =
        age == null
            ? defaults.maxAge()
            : age.equalsIgnoreCase("none") ? null : CliArgs.parseDuration("max-trade-age", age);
    Duration ahead = a.duration("max-trade-ahead", defaults.maxAhead());
    if ((maxAge != null && maxAge.isNegative()) || ahead.isNegative()) {
      throw new IllegalArgumentException(
          "--max-trade-age and --max-trade-ahead must not be negative");
    }
    return new TradeTimeWindow(maxAge, ahead);
  }

  /** --time-unit ms|us: Binance's timeUnit=MICROSECOND stream option; no other venue has it. */
  public static boolean parseTimeUnit(CliArgs a, String venue) {
    String unit = a.string("time-unit", null);
    if (unit == null || unit.equals("ms")) {
      return false;
    }
    if (!unit.equals("us")) {
      throw new IllegalArgumentException("--time-unit must be ms or us, got '" + unit + "'");
    }
    if (!venue.equals("binance")) {
      throw new IllegalArgumentException(
          "--time-unit us is a Binance stream option; " + venue + " has no such option");
    }
    return true;
  }

  static String defaultWs(String venue) {
    return switch (venue) {
      case "binance" -> BinanceProtocol.DEFAULT_WS;
      case "coinbase" -> CoinbaseProtocol.DEFAULT_WS;
      case "kraken" -> KrakenProtocol.DEFAULT_WS;
      case "okx" -> OkxProtocol.DEFAULT_WS;
      default -> throw new IllegalArgumentException("unknown venue '" + venue + "'");
    };
  }

  static String defaultRest(String venue) {
    return switch (venue) {
      case "binance" -> BinanceProtocol.DEFAULT_REST;
      case "coinbase" -> CoinbaseProtocol.DEFAULT_REST;
      case "kraken" -> KrakenProtocol.DEFAULT_REST;
      case "okx" -> OkxProtocol.DEFAULT_REST;
      default -> throw new IllegalArgumentException("unknown venue '" + venue + "'");
    };
  }

  /** The venue's protocol for the configured endpoints and symbols. */
  public static VenueProtocol protocol(LiveConfig c, HttpClient http) {
    return protocol(
        c.venue(),
        c.symbols(),
        c.wsUrl(),
        c.restUrl(),
        http,
        c.tradeTimeWindow(),
        c.microseconds());
  }

  /**
   * The venue's protocol on its public endpoints, for reading captured frames (replay): trade times
   * of history are old by nature, so {@code window} usually has no lower bound.
   */
  public static VenueProtocol protocol(
      String venue, List<String> symbols, TradeTimeWindow window, boolean microseconds) {
    if (!VENUES.contains(venue)) {
      throw new IllegalArgumentException(
          "unknown venue '" + venue + "' (known: " + String.join(", ", VENUES) + ")");
    }
    return protocol(
        venue,
        symbols,
        defaultWs(venue),
        defaultRest(venue),
        HttpClient.newHttpClient(),
        window,
        microseconds);
  }

  private static VenueProtocol protocol(
      String venue,
      List<String> symbols,
      String wsUrl,
      String restUrl,
      HttpClient http,
      TradeTimeWindow window,
      boolean microseconds) {
    return switch (venue) {
      case "binance" ->
          new BinanceProtocol(
              wsUrl,
              symbols,
              new BinanceBackfill(restUrl, new RestClient(http, BinanceProtocol.REST_MIN_INTERVAL)),
              window,
              microseconds);
      case "coinbase" ->
          new CoinbaseProtocol(
              wsUrl,
              symbols,
              new CoinbaseBackfill(
                  restUrl, new RestClient(http, CoinbaseProtocol.REST_MIN_INTERVAL)),
              window);
      case "kraken" ->
          new KrakenProtocol(
              wsUrl,
              symbols,
              new KrakenBackfill(restUrl, new RestClient(http, KrakenProtocol.REST_MIN_INTERVAL)),
              window);
      case "okx" ->
          new OkxProtocol(
              wsUrl,
              symbols,
              new OkxBackfill(restUrl, new RestClient(http, OkxProtocol.REST_MIN_INTERVAL)),
              window);
      default -> throw new IllegalArgumentException("unknown venue '" + venue + "'");
    };
  }

  /** Runs the command; returns the process exit code (0 ok, 1 runtime failure, 2 usage error). */
  public static int run(
      String[] args, int from, String defaultBootstrap, PrintStream out, PrintStream err) {
    for (int i = from; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        out.print(USAGE);
        return 0;
      }
    }
    LiveConfig c;
    try {
      c = LiveConfig.from(CliArgs.parse(args, from, Set.of()), defaultBootstrap);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    String brokerProblem =
        KafkaBrokerCheck.problem(
            c.bootstrapServers(),
            c.security(),
            c.brokerTimeout(),
            List.of(c.topic(), c.dlqTopic()));
    if (brokerProblem != null) {
      err.println("error: Kafka at " + c.bootstrapServers() + " is not ready: " + brokerProblem);
      return 1;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    VenueProtocol protocol = protocol(c, http);
    KafkaLiveOutput output =
        new KafkaLiveOutput(
            new KafkaRecordPublisher(c.bootstrapServers(), c.security(), c.topic()),
            new KafkaRecordPublisher(c.bootstrapServers(), c.security(), c.dlqTopic()));
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
      status.scheduleAtFixedRate(
          () -> {
            connector.stats().statusLines().forEach(out::println);
            out.printf(
                "%s kafka: %d records acked, %d failed%n",
                c.venue(), output.acked(), output.failed());
          },
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
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
    if (output.failed() > 0) {
      err.println(
          "error: " + output.failed() + " records were not delivered: " + output.firstFailure());
      return 1;
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
