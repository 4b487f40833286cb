package dev.cryptostream.producers.simulator;

import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a {@link TradeSimulator} at a target rate (Poisson arrivals) for a fixed time and
 * publishes every record. Prints a status line every few seconds and returns the final counts.
 */
public final class SimulationRun {
  /** Where records go: Kafka in production, a list in tests. */
  @FunctionalInterface
  public interface RecordSink {
    void send(String key, byte[] value, long timestampMillis);
  }

  /** Counts by kind, and how long the run took. */
  public record Result(Map<TradeSimulator.Kind, Long> counts, long elapsedNanos) {
    public long total() {
      return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(TradeSimulator.Kind kind) {
      return counts.getOrDefault(kind, 0L);
    }

    public double perSecond() {
      return elapsedNanos == 0 ? 0 : total() * 1e9 / elapsedNanos;
    }
  }

  /** Longest single park, so that a stop request is noticed within this time. */
  private static final long MAX_PARK_NANOS = 50_000_000L;

  private final TradeSimulator simulator;
  private final double ratePerSecond;
  private final Duration duration;
  private final long maxRecords;
  private final PrintStream status;
  private final Duration statusEvery;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final SplittableRandom arrivals = new SplittableRandom(42);
  // Plain counters per kind: a boxed map update per record showed up in the throughput profile.
  // Indexed by Kind.ordinal(): a primitive count per kind on the hot path, never persisted.
  private final long[] counts = new long[TradeSimulator.Kind.values().length];

  /**
   * @param ratePerSecond target records per second; 0 or less means as fast as possible
   * @param maxRecords stop after this many records; 0 or less means no limit
   */
  public SimulationRun(
      TradeSimulator simulator,
      double ratePerSecond,
      Duration duration,
      long maxRecords,
      PrintStream status,
      Duration statusEvery) {
    this.simulator = simulator;
    this.ratePerSecond = ratePerSecond;
    this.duration = duration;
    this.maxRecords = maxRecords;
    this.status = status;
    this.statusEvery = statusEvery;
  }

  public void requestStop() {
    stopRequested.set(true);
  }

  @SuppressWarnings("EnumOrdinal") // see counts
  public Result run(RecordSink sink) {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long nextStatus = start + statusEvery.toNanos();
    double scheduleNanos = 0; // when the next record is due, relative to start
    long produced = 0;
    while (!stopRequested.get()) {
      long now = System.nanoTime();
      if (now >= end || (maxRecords > 0 && produced >= maxRecords)) {
        break;
      }
      if (ratePerSecond > 0) {
        // Exponential inter-arrival times give Poisson arrivals at the target rate.
        scheduleNanos += -Math.log(1.0 - arrivals.nextDouble()) * 1e9 / ratePerSecond;
        long due = start + (long) scheduleNanos;
        // Park in short slices: a stop request or the end of the run must not wait for a
        // far-off arrival, and a record due after either is not sent.
        while (due - now > 1_000_000L && now < end && !stopRequested.get()) {
          LockSupport.parkNanos(Math.min(Math.min(due - now, end - now), MAX_PARK_NANOS));
          now = System.nanoTime();
        }
        if (now >= end || stopRequested.get()) {
          break;
        }
      }
      TradeSimulator.SimulatedRecord r = simulator.next();
      sink.send(r.key(), r.value(), r.timestampMillis());
      counts[r.kind().ordinal()]++;
      produced++;
      if (status != null && now >= nextStatus) {
        status.printf(
            "simulator produced=%d (%.0f/s) %s%n",
            produced, produced * 1e9 / (now - start), countsByKind());
        nextStatus += statusEvery.toNanos();
      }
    }
    return new Result(countsByKind(), System.nanoTime() - start);
  }

  /** The kinds seen so far and how often, as the status line and the result show them. */
  @SuppressWarnings("EnumOrdinal") // see counts
  private Map<TradeSimulator.Kind, Long> countsByKind() {
    Map<TradeSimulator.Kind, Long> byKind = new EnumMap<>(TradeSimulator.Kind.class);
    for (TradeSimulator.Kind kind : TradeSimulator.Kind.values()) {
      if (counts[kind.ordinal()] > 0) {
        byKind.put(kind, counts[kind.ordinal()]);
      }
    }
    return byKind;
  }

  /** Convenience: publish to Kafka and flush before returning. */
  public Result runTo(KafkaRecordPublisher publisher) {
    Result result = run(publisher::send);
    publisher.flush();
    return result;
  }
}
