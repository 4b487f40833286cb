package dev.cryptostream.producers.replay;

import java.time.Instant;

/**
 * Paces a replay by the events' own times: at the recorded pace (speed 1), N times faster (speed
 * N), or not at all (speed 0 or less). Times that go backwards do not sleep and do not move the
 * clock back, so out-of-order records pass at once.
 */
final class ReplayPacer {
  private final double speed;
  private final ReplayRun.Sleeper sleeper;
  private Instant previous;
  private long sleptNanos;

  ReplayPacer(double speed, ReplayRun.Sleeper sleeper) {
    if (Double.isNaN(speed)) {
      throw new IllegalArgumentException("speed must be a number");
    }
    this.speed = speed;
    this.sleeper = sleeper;
  }

  /** Waits until {@code time} is due, relative to the previous event. */
  void awaitTurn(Instant time) throws InterruptedException {
    if (speed > 0 && previous != null && time.isAfter(previous)) {
      long gap = (long) ((time.toEpochMilli() - previous.toEpochMilli()) * 1_000_000L / speed);
      if (gap > 0) {
        sleeper.sleepNanos(gap);
        sleptNanos += gap;
      }
    }
    if (previous == null || time.isAfter(previous)) {
      previous = time;
    }
  }

  long sleptNanos() {
    return sleptNanos;
  }
}
