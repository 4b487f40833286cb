package dev.cryptostream.producers.live;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces connection attempts of all connections to one venue: venue limits count attempts per IP
 * (Binance 300 per 5 minutes, OKX 3 per second), not per connection.
 */
public final class AttemptPacer {
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private long nextFree = Long.MIN_VALUE;

  public AttemptPacer(Duration interval, LongSupplier nanoClock) {
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
  }

  /** Books the next free slot and returns how long the caller must wait for it, in nanoseconds. */
  public synchronized long reserve() {
    long now = nanoClock.getAsLong();
    long slot = nextFree == Long.MIN_VALUE || nextFree < now ? now : nextFree;
    nextFree = slot + intervalNanos;
    return slot - now;
  }
}
