package dev.cryptostream.producers;

import dev.cryptostream.contracts.TradeTopics;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import dev.cryptostream.producers.kafka.KafkaSecurityConfig;
import dev.cryptostream.producers.simulator.Instrument;
import dev.cryptostream.producers.simulator.SimulatedTradeClock;
import dev.cryptostream.producers.simulator.SimulationRun;
import dev.cryptostream.producers.simulator.TradeSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The producers' command line: {@code producers <command> [flags]}. */
public final class ProducerCli {
  static final String USAGE =
      """
      usage: producers <command> [flags]

      commands:
        simulate   publish synthetic canonical trades to Kafka
        replay     publish a file of canonical events (NDJSON) to Kafka, then exit
        live       stream one exchange's trades over WebSocket to Kafka (live --help)
        poll-coingecko  publish CoinGecko price snapshots (not trades) to their own topic

      simulate flags:
        --bootstrap-servers HOST:PORT   Kafka (default localhost:9092, env KAFKA_BOOTSTRAP_SERVERS)
        --topic NAME                    default crypto.trades.v1
        --symbols LIST                  exchange:BASE-QUOTE,... (default %s)
        --rate N                        records per second, 0 = as fast as possible (default 500)
        --duration D                    how long to run: 90s, 2m, PT2M (default 2m)
        --max-records N                 stop after N records (default: no limit)
        --duplicate-fraction F          share of exact duplicates (default 0.01)
        --late-fraction F               share of trades with a past trade time (default 0.02)
        --max-lateness D                how far in the past late trades lie (default 2m)
        --malformed-fraction F          share of malformed records (default 0.005)
        --seed N                        random seed (default 7)
        --trade-time-start T            simulated trade times from instant T (RFC 3339) instead of the wall clock,
                                        advancing at --trade-rate trades per second of trade time whatever --rate is
        --trade-rate N                  with --trade-time-start: trades per second of trade time (default 50)

      replay FILE flags:
        --bootstrap-servers HOST:PORT   Kafka (default localhost:9092, env KAFKA_BOOTSTRAP_SERVERS)
        --topic NAME                    default crypto.trades.v1
        --speed S                       1 = recorded pace, N = N times faster, max = as fast as possible (default max)
        --frames VENUE                  FILE holds raw frames of VENUE (binance, coinbase, kraken, okx), one per line,
                                        read by the live connector's parser; unreadable frames go to --dlq-topic
        --symbols LIST                  with --frames: the capture's canonical symbols, e.g. BTC-USDT,ETH-USDT
        --dlq-topic NAME                with --frames: default trades.producer.dlq
        --time-unit ms|us               with --frames binance: us for a capture taken with timeUnit=MICROSECOND
        --max-trade-ahead D             with --frames: dead-letter trades more than D after now (default 1m)
        --max-trade-age D               with --frames: dead-letter trades older than D before now (default none)

      """
          + dev.cryptostream.producers.coingecko.PollCoinGeckoCommand.USAGE
          + "\n"
          + KafkaSecurityConfig.USAGE;

  public static final String DEFAULT_SYMBOLS =
      "binance:BTC-USDT,binance:ETH-USDT,coinbase:BTC-USD,kraken:SOL-USD,okx:XRP-USDT";

  private ProducerCli() {}

  public static void main(String[] args) {
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      System.out.printf(USAGE, DEFAULT_SYMBOLS);
      return;
    }
    try {
      switch (args[0]) {
        case "simulate" -> simulate(CliArgs.parse(args, 1, Set.of()));
        case "replay" -> replay(args);
        case "live" -> live(args);
        case "poll-coingecko" -> {
          CliArgs a = CliArgs.parse(args, 1, Set.of());
          dev.cryptostream.producers.coingecko.PollCoinGeckoCommand.run(a, bootstrapServers(a));
        }
        default ->
            throw new IllegalArgumentException("unknown command '" + args[0] + "' (try --help)");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    } catch (org.apache.kafka.common.KafkaException e) {
      // e.g. a login handler that finds no credentials: say why, without a stack trace.
      System.err.println(
          "error: Kafka client: " + dev.cryptostream.producers.kafka.KafkaBrokerCheck.describe(e));
      System.exit(1);
    }
  }

  /** Everything the simulate command needs, parsed and validated. */
  public record SimulateConfig(
      String bootstrapServers,
      String topic,
      List<Instrument> instruments,
      double rate,
      Duration duration,
      long maxRecords,
      TradeSimulator.Mix mix,
      long seed,
      Instant tradeTimeStart,
      double tradeRate) {

    public static SimulateConfig from(CliArgs a) {
      SimulateConfig c =
          new SimulateConfig(
              ProducerCli.bootstrapServers(a),
              a.string("topic", TradeTopics.TRADES_V1),
              Instrument.parseList(a.string("symbols", DEFAULT_SYMBOLS)),
              a.number("rate", 500),
              a.duration("duration", Duration.ofMinutes(2)),
              a.integer("max-records", 0),
              new TradeSimulator.Mix(
                  a.number("duplicate-fraction", 0.01),
                  a.number("late-fraction", 0.02),
                  a.number("malformed-fraction", 0.005),
                  a.duration("max-lateness", Duration.ofMinutes(2))),
              a.integer("seed", 7),
              tradeTimeStart(a.string("trade-time-start", null)),
              a.number("trade-rate", 50));
      a.rejectUnknown();
      if (c.duration.isNegative() || c.duration.isZero()) {
        throw new IllegalArgumentException("--duration must be positive");
      }
      return c;
    }

    private static Instant tradeTimeStart(String value) {
      if (value == null) {
        return null;
      }
      try {
        return Instant.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            "--trade-time-start must be an RFC 3339 instant, got '" + value + "'");
      }
    }

    public TradeSimulator simulator() {
      // A simulated trade clock makes the backlog's trade times independent of how fast it is
      // published.
      return new TradeSimulator(
          instruments,
          mix,
          seed,
          tradeTimeStart == null
              ? Instant::now
              : new SimulatedTradeClock(tradeTimeStart, tradeRate, seed));
    }
  }

  private static void live(String[] args) {
    int code =
        dev.cryptostream.producers.live.LiveCommand.run(
            args,
            1,
            bootstrapServers(CliArgs.parse(new String[0], 0, Set.of())),
            System.out,
            System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  private static void replay(String[] args) {
    if (args.length < 2 || args[1].startsWith("--")) {
      throw new IllegalArgumentException("replay needs a FILE (NDJSON of canonical events)");
    }
    java.nio.file.Path file = java.nio.file.Path.of(args[1]);
    if (!java.nio.file.Files.isReadable(file)) {
      throw new IllegalArgumentException("cannot read " + file);
    }
    CliArgs a = CliArgs.parse(args, 2, Set.of());
    String bootstrap = bootstrapServers(a);
    KafkaSecurityConfig security = KafkaSecurityConfig.fromArgs(a);
    String topic = a.string("topic", TradeTopics.TRADES_V1);
    String speedText = a.string("speed", "max");
    String framesVenue = a.string("frames", null);
    String symbols = a.string("symbols", null);
    String dlqTopic =
        a.string("dlq-topic", dev.cryptostream.producers.live.KafkaLiveOutput.DEFAULT_DLQ_TOPIC);
    // History has old trade times by nature: only a time in the future is impossible (a wrong
    // unit).
    dev.cryptostream.producers.live.TradeTimeWindow window =
        framesVenue == null
            ? null
            : dev.cryptostream.producers.live.LiveCommand.parseTradeTimeWindow(
                a,
                dev.cryptostream.producers.live.TradeTimeWindow.history(
                    java.time.Duration.ofMinutes(1)));
    boolean microseconds =
        framesVenue != null
            && dev.cryptostream.producers.live.LiveCommand.parseTimeUnit(
                a, framesVenue.toLowerCase(java.util.Locale.ROOT));
    a.rejectUnknown();
    double speed;
    try {
      speed = speedText.equals("max") ? 0 : Double.parseDouble(speedText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--speed must be a number or max, got '" + speedText + "'");
    }
    if (!speedText.equals("max") && !(speed > 0)) {
      throw new IllegalArgumentException("--speed must be positive or max");
    }
    if (framesVenue != null) {
      if (symbols == null) {
        throw new IllegalArgumentException(
            "replay --frames needs --symbols (the capture's symbols, e.g. BTC-USDT,ETH-USDT)");
      }
      replayFrames(
          file,
          dev.cryptostream.producers.live.LiveCommand.protocol(
              framesVenue,
              dev.cryptostream.producers.live.Symbols.parseList(symbols),
              window,
              microseconds),
          bootstrap,
          security,
          topic,
          dlqTopic,
          speed);
      return;
    }
    dev.cryptostream.producers.replay.ReplayRun run =
        new dev.cryptostream.producers.replay.ReplayRun(
            speed, nanos -> java.util.concurrent.locks.LockSupport.parkNanos(nanos));
    try (KafkaRecordPublisher publisher = new KafkaRecordPublisher(bootstrap, security, topic)) {
      dev.cryptostream.producers.replay.ReplayRun.Result r =
          run.run(file, publisher::send, System::currentTimeMillis);
      publisher.flush();
      System.out.printf(
          "replay done: %d events, %d unrecognised lines published as-is (%d not UTF-8), %d blank lines skipped, acked=%d failed=%d%n",
          r.events(),
          r.unrecognised(),
          r.notUtf8(),
          r.blankLines(),
          publisher.acked(),
          publisher.failed());
      exitIfUndelivered(publisher);
    } catch (java.io.IOException | InterruptedException e) {
      exitReplayStopped(file, e);
    }
  }

  /**
   * Part of the file may already be published: a runtime failure (exit 1), not a usage error (2).
   */
  private static void exitReplayStopped(java.nio.file.Path file, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      System.err.println("error: replay interrupted before the end of " + file);
    } else {
      System.err.println("error: reading " + file + " failed: " + e.getMessage());
    }
    System.exit(1);
  }

  /** Raw venue frames (one per line, as captured) → the venue's reader → canonical events. */
  private static void replayFrames(
      java.nio.file.Path file,
      dev.cryptostream.producers.live.VenueProtocol protocol,
      String bootstrap,
      KafkaSecurityConfig security,
      String topic,
      String dlqTopic,
      double speed) {
    dev.cryptostream.producers.replay.FrameReplay replay =
        new dev.cryptostream.producers.replay.FrameReplay(
            protocol, speed, nanos -> java.util.concurrent.locks.LockSupport.parkNanos(nanos));
    dev.cryptostream.producers.live.KafkaLiveOutput out =
        new dev.cryptostream.producers.live.KafkaLiveOutput(
            new KafkaRecordPublisher(bootstrap, security, topic),
            new KafkaRecordPublisher(bootstrap, security, dlqTopic));
    try {
      dev.cryptostream.producers.replay.FrameReplay.Result r;
      try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
        r = replay.run(in, out, java.time.Instant::now);
      } finally {
        out.close(); // flushes: every record is acknowledged or failed before the counts are read
      }
      System.out.printf(
          "replay done: %d frames, %d trades, %d duplicate trades skipped, %d trade-id gaps (not backfilled), %d control frames skipped, %d dead letters, %d blank lines, acked=%d failed=%d%n",
          r.frames(),
          r.trades(),
          r.duplicates(),
          r.idGaps(),
          r.controlFrames(),
          r.deadLetters(),
          r.blankLines(),
          out.acked(),
          out.failed());
      if (out.failed() > 0) {
        System.err.println("error: " + out.failed() + " records were not delivered to Kafka");
        System.exit(1);
      }
    } catch (java.io.IOException | InterruptedException e) {
      exitReplayStopped(file, e);
    }
  }

  private static void simulate(CliArgs args) {
    KafkaSecurityConfig security = KafkaSecurityConfig.fromArgs(args);
    SimulateConfig c = SimulateConfig.from(args);
    try (KafkaRecordPublisher publisher =
        new KafkaRecordPublisher(c.bootstrapServers(), security, c.topic())) {
      SimulationRun run =
          new SimulationRun(
              c.simulator(),
              c.rate(),
              c.duration(),
              c.maxRecords(),
              System.out,
              Duration.ofSeconds(5));
      // Ctrl-C stops producing, and the hook waits until what was produced is flushed to Kafka.
      java.util.concurrent.CountDownLatch flushed = new java.util.concurrent.CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    run.requestStop();
                    try {
                      flushed.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      SimulationRun.Result result;
      try {
        result = run.runTo(publisher);
      } finally {
        flushed.countDown();
      }
      System.out.printf(
          "simulator done: %d records in %.1f s (%.0f/s), acked=%d failed=%d %s%n",
          result.total(),
          result.elapsedNanos() / 1e9,
          result.perSecond(),
          publisher.acked(),
          publisher.failed(),
          result.counts());
      exitIfUndelivered(publisher);
    }
  }

  /** --bootstrap-servers, else KAFKA_BOOTSTRAP_SERVERS, else localhost:9092. */
  static String bootstrapServers(CliArgs a) {
    String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    return a.string("bootstrap-servers", env != null ? env : "localhost:9092");
  }

  /** Lost records are a failure of the command, whatever else went well. */
  private static void exitIfUndelivered(KafkaRecordPublisher publisher) {
    if (publisher.failed() > 0) {
      System.err.println(
          "error: "
              + publisher.failed()
              + " records were not delivered: "
              + publisher.firstFailure());
      System.exit(1);
    }
  }
}
