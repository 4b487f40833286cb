package dev.cryptostream.producers.replay;

import dev.cryptostream.producers.ProducerCli;
import dev.cryptostream.producers.cli.CommaList;
import dev.cryptostream.producers.cli.DurationConverter;
import dev.cryptostream.producers.cli.DurationOrNone;
import dev.cryptostream.producers.cli.KafkaConnection;
import dev.cryptostream.producers.cli.ParsedBy;
import dev.cryptostream.producers.cli.UsageError;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import dev.cryptostream.producers.live.KafkaLiveOutput;
import dev.cryptostream.producers.live.TimeUnitOption;
import dev.cryptostream.producers.live.TradeOutputOptions;
import dev.cryptostream.producers.live.TradeTimeWindow;
import dev.cryptostream.producers.live.VenueOptions;
import dev.cryptostream.producers.live.VenueProtocol;
import dev.cryptostream.producers.live.Venues;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code producers replay FILE}: a file of canonical events, or of raw venue frames, to Kafka. */
@Command(
    name = "replay",
    sortOptions = false,
    sortSynopsis = false,
    description = {
      "Publishes FILE to Kafka, then exits. FILE holds canonical trade events as NDJSON, one per"
          + " line; a line that is not a recognisable event is published byte for byte, unkeyed,"
          + " so that the pipeline dead-letters it.",
      "With --frames VENUE, FILE holds raw frames of that venue as captured, one per line, read by"
          + " the live connector's parser; unreadable frames go to --dlq-topic."
    })
public final class ReplayCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @ParentCommand private ProducerCli cli;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The file to publish: NDJSON of canonical events, or raw frames (--frames).")
  private Path file;

  @Mixin private KafkaConnection kafka;

  @Mixin private TradeOutputOptions topics;

  @Option(
      names = "--speed",
      paramLabel = "S",
      defaultValue = "max",
      converter = Speed.class,
      description =
          "1 = the recorded pace (trade times), N = N times faster, max = as fast as possible"
              + " (default: ${DEFAULT-VALUE}).")
  private double speed;

  @Option(
      names = "--frames",
      paramLabel = "VENUE",
      converter = VenueOptions.VenueName.class,
      description = "FILE holds raw frames of VENUE: binance, coinbase, kraken or okx.")
  private String framesVenue;

  @Option(
      names = "--symbols",
      paramLabel = "LIST",
      converter = VenueOptions.SymbolList.class,
      description =
          "With --frames (and required there): the capture's canonical symbols, e.g."
              + " BTC-USDT,ETH-USDT.")
  private CommaList<String> symbols;

  @Mixin private TimeUnitOption timeUnit;

  @Option(
      names = "--max-trade-ahead",
      paramLabel = "D",
      defaultValue = "1m",
      converter = DurationConverter.class,
      description =
          "With --frames: dead-letter trades more than D after now, a wrong time unit"
              + " (default: ${DEFAULT-VALUE}).")
  private Duration maxTradeAhead;

  @Option(
      names = "--max-trade-age",
      paramLabel = "D|none",
      defaultValue = "none",
      converter = DurationOrNone.Converter.class,
      description =
          "With --frames: dead-letter trades older than D before now; history is old by nature"
              + " (default: ${DEFAULT-VALUE}).")
  private DurationOrNone maxTradeAge;

  /** The options that mean something only for raw frames. */
  private static final List<String> FRAMES_ONLY =
      List.of("--symbols", "--dlq-topic", "--time-unit", "--max-trade-ahead", "--max-trade-age");

  @Override
  public Integer call() {
    if (!Files.isReadable(file) || Files.isDirectory(file)) {
      throw UsageError.of(
          spec, "cannot read " + file + (Files.isDirectory(file) ? ": a directory" : ""));
    }
    kafka.checkOptions(); // with the other options, before anything connects
    if (framesVenue == null) {
      for (String option : FRAMES_ONLY) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
          throw UsageError.of(spec, option + " applies only with --frames VENUE");
        }
      }
      return replayEvents();
    }
    if (symbols == null) {
      throw UsageError.of(
          spec, "replay --frames needs --symbols (the capture's symbols, e.g. BTC-USDT,ETH-USDT)");
    }
    TradeTimeWindow window =
        UsageError.check(spec, () -> new TradeTimeWindow(maxTradeAge.limit(), maxTradeAhead));
    boolean microseconds = UsageError.check(spec, () -> timeUnit.microseconds(framesVenue));
    // The venue's own reader on its public endpoints (REST is not called: gaps are not backfilled).
    return replayFrames(
        Venues.protocol(
            framesVenue,
            symbols.items(),
            Venues.publicEndpoints(framesVenue),
            HttpClient.newHttpClient(),
            window,
            microseconds));
  }

  private Integer replayEvents() {
    PrintStream out = cli.out();
    if (!kafka.ready(cli.err(), List.of(topics.topic()))) {
      return 1;
    }
    ReplayRun run = new ReplayRun(speed, LockSupport::parkNanos);
    try (KafkaRecordPublisher publisher = kafka.publisher(topics.topic())) {
      ReplayRun.Result r = run.run(file, publisher::send, System::currentTimeMillis);
      publisher.flush();
      out.printf(
          "replay done: %d events, %d unrecognised lines published as-is (%d not UTF-8), %d blank lines skipped, acked=%d failed=%d%n",
          r.events(),
          r.unrecognised(),
          r.notUtf8(),
          r.blankLines(),
          publisher.acked(),
          publisher.failed());
      return ProducerCli.undelivered(cli.err(), publisher.failed(), publisher.firstFailure());
    } catch (IOException | InterruptedException e) {
      return stopped(e);
    }
  }

  /** Raw venue frames (one per line, as captured) → the venue's reader → canonical events. */
  private Integer replayFrames(VenueProtocol protocol) {
    if (!kafka.ready(cli.err(), List.of(topics.topic(), topics.dlqTopic()))) {
      return 1;
    }
    FrameReplay replay = new FrameReplay(protocol, speed, LockSupport::parkNanos);
    KafkaLiveOutput output =
        new KafkaLiveOutput(kafka.publisher(topics.topic()), kafka.publisher(topics.dlqTopic()));
    FrameReplay.Result r;
    try {
      try (InputStream in = Files.newInputStream(file)) {
        r = replay.run(in, output, Instant::now);
      } finally {
        output
            .close(); // flushes: every record is acknowledged or failed before the counts are read
      }
    } catch (IOException | InterruptedException e) {
      return stopped(e);
    }
    cli.out()
        .printf(
            "replay done: %d frames, %d trades, %d duplicate trades skipped, %d trade-id gaps (not backfilled), %d control frames skipped, %d dead letters, %d blank lines, acked=%d failed=%d%n",
            r.frames(),
            r.trades(),
            r.duplicates(),
            r.idGaps(),
            r.controlFrames(),
            r.deadLetters(),
            r.blankLines(),
            output.acked(),
            output.failed());
    return ProducerCli.undelivered(cli.err(), output.failed(), output.firstFailure());
  }

  /**
   * Part of the file may already be published: a runtime failure (exit 1), not a usage error (2).
   */
  private int stopped(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      cli.err().println("error: replay interrupted before the end of " + file);
    } else {
      cli.err().println("error: reading " + file + " failed: " + e.getMessage());
    }
    return 1;
  }

  /** {@code max} (as fast as possible, 0 here) or a positive factor of the recorded pace. */
  public static final class Speed extends ParsedBy<Double> {
    @Override
    protected Double parse(String value) {
      if (value.equals("max")) {
        return 0.0;
      }
      double speed;
      try {
        speed = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a number or max, got '" + value + "'");
      }
      if (!(speed > 0) || Double.isInfinite(speed)) {
        throw new IllegalArgumentException("must be positive or max, got '" + value + "'");
      }
      return speed;
    }
  }
}
