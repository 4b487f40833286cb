package dev.cryptostream.platform;

import dev.cryptostream.contracts.TradeTopics;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import dev.cryptostream.producers.simulator.Instrument;
import dev.cryptostream.producers.simulator.SimulationRun;
import dev.cryptostream.producers.simulator.TradeSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator at a steady rate for a set time, with its known share of duplicates, late trades
 * and malformed records: the one source whose every expectation is exact.
 */
final class SimulatorSource implements RunSource {
  private final List<Instrument> instruments;
  private final double rate;
  private final Duration duration;
  private final long seed;
  private final AtomicLong published = new AtomicLong();

  SimulatorSource(List<Instrument> instruments, double rate, Duration duration, long seed) {
    this.instruments = List.copyOf(instruments);
    this.rate = rate;
    this.duration = duration;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "simulator";
  }

  @Override
  public long publishedSoFar() {
    return published.get();
  }

  List<Instrument> instruments() {
    return instruments;
  }

  double rate() {
    return rate;
  }

  Duration duration() {
    return duration;
  }

  long seed() {
    return seed;
  }

  @Override
  public Outcome run(String bootstrapServers, StopRequest stop, Console console) {
    TradeSimulator simulator =
        new TradeSimulator(
            instruments,
            new TradeSimulator.Mix(0.01, 0.02, 0.005, Duration.ofMinutes(2)),
            seed,
            Instant::now);
    console.say(
        "simulator: %.0f records/s for %s over %d instruments", rate, duration, instruments.size());
    SimulationRun run =
        new SimulationRun(simulator, rate, duration, 0, null, Duration.ofSeconds(5));
    Thread stopper =
        new Thread(
            () -> {
              try {
                if (stop.await(duration.plusMinutes(1))) {
                  run.requestStop();
                }
              } catch (InterruptedException e) {
                // the run ended by itself
              }
            },
            "simulator-stop");
    stopper.setDaemon(true);
    stopper.start();
    try (KafkaRecordPublisher publisher =
        new KafkaRecordPublisher(bootstrapServers, TradeTopics.TRADES_V1)) {
      SimulationRun.Result result =
          run.run(
              (key, value, ts) -> {
                publisher.send(key, value, ts);
                published.incrementAndGet();
              });
      publisher.flush();
      stopper.interrupt();
      return new Result(
          result,
          publisher.acked(),
          RunSource.undelivered(publisher.failed(), publisher.firstFailure()));
    }
  }

  /** What the simulator sent, by kind: every count is an exact expectation. */
  record Result(SimulationRun.Result simulated, long published, String problem) implements Outcome {
    @Override
    public List<String> report() {
      return List.of("simulator done: " + simulated.total() + " records " + simulated.counts());
    }

    @Override
    public List<RunCheck> checks(Map<String, String> fin) {
      long malformed = simulated.count(TradeSimulator.Kind.MALFORMED);
      return List.of(
          RunCheck.equal(
              "every malformed record was dead-lettered",
              malformed,
              PipelineProcess.counter(fin, "dead_letters")),
          RunCheck.equal(
              "every other record was a valid trade",
              simulated.total() - malformed,
              PipelineProcess.counter(fin, "trades_valid")),
          RunCheck.equal(
              "every injected duplicate was dropped",
              simulated.count(TradeSimulator.Kind.DUPLICATE),
              PipelineProcess.counter(fin, "duplicates")),
          // The simulator's late trades stay within the allowed lateness, so every unique trade
          // must be in a final candle; the difference is what the pipeline reports as
          // trades_beyond_lateness.
          RunCheck.equal(
              "every unique trade is in a final candle",
              PipelineProcess.counter(fin, "unique_trades"),
              PipelineProcess.counter(fin, "candle_trades_final")));
    }
  }
}
