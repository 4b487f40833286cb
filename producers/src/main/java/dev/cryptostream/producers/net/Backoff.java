package dev.cryptostream.producers.net;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with "equal jitter", shared by every producer that retries (venue
 * reconnects, REST polling): the n-th delay lies between half and all of {@code min(cap, base *
 * 2^n)}, so many clients reconnecting at once spread out, yet every delay still grows and none
 * falls below a floor (a venue's minimum interval between connection attempts).
 */
public final class Backoff {
  private final long baseNanos;
  private final long capNanos;
  private final long floorNanos;
  private final DoubleSupplier random;
  private int failures;

  public Backoff(Duration base, Duration cap, Duration floor, DoubleSupplier random) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap, got " + base + ", " + cap);
    }
    this.baseNanos = base.toNanos();
    this.capNanos = cap.toNanos();
    this.floorNanos = floor.toNanos();
    this.random = random;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  public synchronized Duration next() {
    int shift = Math.min(failures, 40);
    long ceiling =
        baseNanos > (capNanos >> shift) ? capNanos : Math.min(capNanos, baseNanos << shift);
    failures++;
    long half = ceiling / 2;
    long delay = half + (long) (random.getAsDouble() * (ceiling - half));
    return Duration.ofNanos(Math.max(floorNanos, delay));
  }

  /** A connection proved stable: start again from the base delay. */
  public synchronized void reset() {
    failures = 0;
  }

  public synchronized int failures() {
    return failures;
  }
}
