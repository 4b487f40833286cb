package dev.cryptostream.producers.coingecko;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Time that passes only when the poller sleeps, so waits of minutes take no real time. */
final class VirtualClock implements PollClock {
  static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  private final AtomicLong nanos = new AtomicLong();

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public Instant now() {
    return START.plusNanos(nanos.get());
  }

  @Override
  public void sleepNanos(long n) {
    nanos.addAndGet(n);
  }
}
