package dev.cryptostream.platform;

import dev.cryptostream.contracts.TradeTopics;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import dev.cryptostream.producers.replay.ReplayRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A recorded file of canonical trade events (NDJSON) published by the producers' replay: at its
 * recorded pace, N times faster, or at full speed. Lines that are not events are published as they
 * are, so the pipeline dead-letters them. The source ends when the file is published.
 */
final class ReplaySource implements RunSource {
  /**
   * The pipeline's oldest accepted trade time for history: the default (seven days) would
   * dead-letter any older recording as too old.
   */
  static final String HISTORY_MAX_TRADE_AGE = "P36500D";

  private final Path file;
  private final double speed;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong unrecognised = new AtomicLong();

  /**
   * @param speed 1 for the recorded pace, N for N times faster, 0 for as fast as possible
   */
  ReplaySource(Path file, double speed) {
    this.file = file;
    this.speed = speed;
  }

  @Override
  public String name() {
    return "replay";
  }

  Path file() {
    return file;
  }

  double speed() {
    return speed;
  }

  @Override
  public List<String> pipelineArgs() {
    return List.of("--maxTradeAge=" + HISTORY_MAX_TRADE_AGE);
  }

  @Override
  public boolean hasIngestLatency() {
    return false;
  }

  @Override
  public long publishedSoFar() {
    return published.get();
  }

  /** Thrown through the replay when the run is stopped before the end of the file. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super("stopped", null, false, false);
    }
  }

  @Override
  public Outcome run(String bootstrapServers, StopRequest stop, Console console) throws Exception {
    console.say(
        "replay: %s at %s; trades of any age accepted (--maxTradeAge=%s)",
        file, speed > 0 ? speed + " times the recorded pace" : "full speed", HISTORY_MAX_TRADE_AGE);
    ReplayRun replay =
        new ReplayRun(
            speed,
            nanos -> {
              if (stop.await(Duration.ofNanos(nanos))) {
                throw new Stopped();
              }
            });
    try (KafkaRecordPublisher publisher =
        new KafkaRecordPublisher(bootstrapServers, TradeTopics.TRADES_V1)) {
      ReplayRun.Result result = null;
      try {
        result =
            replay.run(
                file,
                (key, value, ts) -> {
                  if (stop.isRequested()) {
                    throw new Stopped();
                  }
                  publisher.send(key, value, ts);
                  published.incrementAndGet();
                  // The replay publishes what it cannot read as an event unkeyed.
                  (key == null ? unrecognised : events).incrementAndGet();
                },
                System::currentTimeMillis);
      } catch (Stopped e) {
        // the run was stopped: what was sent so far is flushed below and accounted for
      } finally {
        publisher.flush();
      }
      return new Result(
          result,
          stop.reason(),
          events.get(),
          unrecognised.get(),
          publisher.acked(),
          RunSource.undelivered(publisher.failed(), publisher.firstFailure()));
    }
  }

  /**
   * What the replay sent: the unrecognised lines must all be dead letters; nothing else about the
   * file is known in advance.
   */
  record Result(
      ReplayRun.Result replayed,
      String stoppedBy,
      long events,
      long unrecognised,
      long published,
      String problem)
      implements Outcome {
    @Override
    public List<String> report() {
      if (replayed == null) {
        return List.of(
            String.format(
                "replay stopped (%s) before the end of the file: %d events, %d unrecognised lines"
                    + " published as-is",
                stoppedBy, events, unrecognised));
      }
      return List.of(
          String.format(
              "replay done: %d events, %d unrecognised lines published as-is (%d not UTF-8),"
                  + " %d blank lines skipped",
              replayed.events(),
              replayed.unrecognised(),
              replayed.notUtf8(),
              replayed.blankLines()));
    }

    @Override
    public List<RunCheck> checks(Map<String, String> fin) {
      return List.of(
          // Events can be dead letters too (a negative price, say): at least, not exactly.
          RunCheck.atLeast(
              "every unrecognised line was dead-lettered",
              unrecognised,
              PipelineProcess.counter(fin, "dead_letters")),
          RunCheck.notApplicable(
              "every injected duplicate was dropped",
              "a recorded file's duplicates are not known in advance; "
                  + PipelineProcess.counter(fin, "duplicates")
                  + " dropped"),
          RunCheck.notApplicable(
              "every unique trade is in a final candle",
              "recorded history may hold trades beyond the allowed lateness; "
                  + PipelineProcess.counter(fin, "trades_beyond_lateness")
                  + " were"));
    }
  }
}
