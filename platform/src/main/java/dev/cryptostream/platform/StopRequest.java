package dev.cryptostream.platform;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The end of a run's source: asked for once, by a signal (Ctrl-C, SIGTERM), by the end of {@code
 * --duration}, or by the source having nothing more to publish. Whoever asks first names the
 * reason; later requests are refused, which is how a second Ctrl-C knows it should abort.
 */
final class StopRequest {
  private final CountDownLatch requested = new CountDownLatch(1);
  private volatile String reason;

  /** Asks for the stop; true if this was the first request. */
  synchronized boolean request(String why) {
    if (reason != null) {
      return false;
    }
    reason = why;
    requested.countDown();
    return true;
  }

  boolean isRequested() {
    return reason != null;
  }

  /** Why the stop was asked for, or null while it was not. */
  String reason() {
    return reason;
  }

  /** Waits up to {@code timeout} for a request; true once there is one. */
  boolean await(Duration timeout) throws InterruptedException {
    return requested.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
  }
}
