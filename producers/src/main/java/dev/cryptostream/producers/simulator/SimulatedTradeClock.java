package dev.cryptostream.producers.simulator;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A clock for the simulator that is not the wall clock: each reading is the next arrival of a
 * Poisson process at {@code tradesPerSecond} of trade time, from {@code start}. With it a backlog
 * of any size covers as many minutes of trade time as a live market would, however fast it is
 * published (a busy day of one symbol published in seconds), and the same seed gives the same trade
 * times.
 */
public final class SimulatedTradeClock implements Supplier<Instant> {
  private final Instant start;
  private final double tradesPerSecond;
  private final SplittableRandom random;
  private double elapsedNanos;

  public SimulatedTradeClock(Instant start, double tradesPerSecond, long seed) {
    if (!(tradesPerSecond > 0)) {
      throw new IllegalArgumentException("--trade-rate must be positive");
    }
    this.start = start;
    this.tradesPerSecond = tradesPerSecond;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public Instant get() {
    elapsedNanos += -Math.log(1.0 - random.nextDouble()) * 1e9 / tradesPerSecond;
    return start.plusNanos((long) elapsedNanos);
  }
}
