package dev.cryptostream.producers.coingecko;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/** Time for the poller: the system's in production, a virtual one in tests. */
public interface PollClock {
  /** Monotonic nanoseconds, for waits and the call budget. */
  long nanoTime();

  /** Wall-clock time, written into snapshots as polled_at. */
  Instant now();

  void sleepNanos(long nanos) throws InterruptedException;

  static PollClock system() {
    return new PollClock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public void sleepNanos(long nanos) throws InterruptedException {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    };
  }
}
