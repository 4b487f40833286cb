package dev.cryptostream.producers.simulator;

import dev.cryptostream.contracts.TradeTopics;
import dev.cryptostream.producers.ProducerCli;
import dev.cryptostream.producers.cli.CommaList;
import dev.cryptostream.producers.cli.DurationConverter;
import dev.cryptostream.producers.cli.KafkaConnection;
import dev.cryptostream.producers.cli.ParsedBy;
import dev.cryptostream.producers.cli.UsageError;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code producers simulate}: synthetic canonical trades, with injected faults, to Kafka. */
@Command(
    name = "simulate",
    sortOptions = false,
    sortSynopsis = false,
    description = {
      "Publishes synthetic canonical trades to Kafka: a random walk per instrument with Poisson"
          + " arrivals, plus a share of exact duplicates, late trades and malformed records.",
      "Stops after --duration or --max-records, or on Ctrl-C (what was produced is flushed first)."
    })
public final class SimulateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @ParentCommand private ProducerCli cli;
  @Mixin private KafkaConnection kafka;

  @Option(
      names = "--topic",
      paramLabel = "NAME",
      defaultValue = TradeTopics.TRADES_V1,
      description = "Topic the trades go to (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(
      names = "--symbols",
      paramLabel = "LIST",
      defaultValue = ProducerCli.DEFAULT_SYMBOLS,
      converter = InstrumentList.class,
      description =
          "Instruments to trade, exchange:BASE-QUOTE comma-separated; without an exchange the"
              + " venue is 'simulator' (default: ${DEFAULT-VALUE}).")
  private CommaList<Instrument> instruments;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "500",
      description = "Records per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
  private double rate;

  @Option(
      names = "--duration",
      paramLabel = "D",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description = "How long to run: 90s, 2m, 1h, PT2M (default: ${DEFAULT-VALUE}).")
  private Duration duration;

  @Option(
      names = "--max-records",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop after N records; 0 = no limit (default: ${DEFAULT-VALUE}).")
  private long maxRecords;

  @Option(
      names = "--duplicate-fraction",
      paramLabel = "F",
      defaultValue = "0.01",
      description =
          "Share of records that repeat an earlier trade exactly (default: ${DEFAULT-VALUE}).")
  private double duplicateFraction;

  @Option(
      names = "--late-fraction",
      paramLabel = "F",
      defaultValue = "0.02",
      description = "Share of trades with a trade time in the past (default: ${DEFAULT-VALUE}).")
  private double lateFraction;

  @Option(
      names = "--max-lateness",
      paramLabel = "D",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description = "How far in the past late trades lie at most (default: ${DEFAULT-VALUE}).")
  private Duration maxLateness;

  @Option(
      names = "--malformed-fraction",
      paramLabel = "F",
      defaultValue = "0.005",
      description =
          "Share of malformed records the pipeline must dead-letter (default: ${DEFAULT-VALUE}).")
  private double malformedFraction;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "7",
      description = "Random seed: the same seed gives the same trades (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--trade-time-start",
      paramLabel = "T",
      converter = InstantConverter.class,
      description =
          "Simulated trade times from this RFC 3339 instant instead of the wall clock, advancing"
              + " at --trade-rate trades per second of trade time whatever --rate is.")
  private Instant tradeTimeStart;

  @Option(
      names = "--trade-rate",
      paramLabel = "N",
      defaultValue = "50",
      description =
          "With --trade-time-start: trades per second of trade time (default: ${DEFAULT-VALUE}).")
  private double tradeRate;

  /** Everything the simulate command needs, validated. */
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

  /** The options, checked together; a bad combination is a usage error. */
  public SimulateConfig config() {
    if (!(rate >= 0)) {
      throw UsageError.of(spec, "--rate must be 0 or more, got " + rate);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw UsageError.of(spec, "--duration must be positive");
    }
    if (maxRecords < 0) {
      throw UsageError.of(spec, "--max-records must be 0 or more, got " + maxRecords);
    }
    if (!(tradeRate > 0)) {
      throw UsageError.of(spec, "--trade-rate must be positive");
    }
    TradeSimulator.Mix mix =
        UsageError.check(
            spec,
            () ->
                new TradeSimulator.Mix(
                    duplicateFraction, lateFraction, malformedFraction, maxLateness));
    kafka.checkOptions(); // with the other options, before anything connects
    return new SimulateConfig(
        kafka.bootstrapServers(),
        topic,
        instruments.items(),
        rate,
        duration,
        maxRecords,
        mix,
        seed,
        tradeTimeStart,
        tradeRate);
  }

  @Override
  public Integer call() {
    SimulateConfig c = config();
    PrintStream out = cli.out();
    if (!kafka.ready(cli.err(), List.of(c.topic()))) {
      return 1;
    }
    try (KafkaRecordPublisher publisher = kafka.publisher(c.topic())) {
      SimulationRun run =
          new SimulationRun(
              c.simulator(), c.rate(), c.duration(), c.maxRecords(), out, Duration.ofSeconds(5));
      // Ctrl-C stops producing, and the hook waits until what was produced is flushed to Kafka.
      CountDownLatch flushed = new CountDownLatch(1);
      Thread onCtrlC =
          new Thread(
              () -> {
                run.requestStop();
                try {
                  flushed.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      Runtime.getRuntime().addShutdownHook(onCtrlC);
      SimulationRun.Result result;
      try {
        result = run.runTo(publisher);
      } finally {
        flushed.countDown();
        ProducerCli.removeShutdownHook(onCtrlC);
      }
      out.printf(
          "simulator done: %d records in %.1f s (%.0f/s), acked=%d failed=%d %s%n",
          result.total(),
          result.elapsedNanos() / 1e9,
          result.perSecond(),
          publisher.acked(),
          publisher.failed(),
          result.counts());
      return ProducerCli.undelivered(cli.err(), publisher.failed(), publisher.firstFailure());
    }
  }

  /** {@code exchange:BASE-QUOTE,...} as instruments. */
  public static final class InstrumentList extends ParsedBy<CommaList<Instrument>> {
    @Override
    protected CommaList<Instrument> parse(String value) {
      return new CommaList<>(Instrument.parseList(value));
    }
  }

  /** An RFC 3339 instant such as 2026-11-03T12:00:00Z. */
  public static final class InstantConverter extends ParsedBy<Instant> {
    @Override
    protected Instant parse(String value) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "must be an RFC 3339 instant such as 2026-11-03T12:00:00Z, got '" + value + "'");
      }
    }
  }
}
