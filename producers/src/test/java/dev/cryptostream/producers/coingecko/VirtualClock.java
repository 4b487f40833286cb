package dev.cryptostream.producers.coingecko;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Time that passes only when the poller sleeps, so waits of minutes take no real time. */
final class VirtualClock implements PollClock {
  static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  private final AtomicLong nanos;
  private final long origin;

  VirtualClock() {
    this(0);
  }

  /** A clock whose nanoTime starts at {@code origin}: any value, as System.nanoTime may be. */
  VirtualClock(long origin) {
    this.origin = origin;
    this.nanos = new AtomicLong(origin);
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public Instant now() {
    return START.plusNanos(nanos.get() - origin);
  }

  @Override
  public void sleepNanos(long n) {
    nanos.addAndGet(n);
  }
}
