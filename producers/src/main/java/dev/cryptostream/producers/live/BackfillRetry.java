package dev.cryptostream.producers.live;

import java.time.Duration;

/**
 * How long a gap is worth asking REST for: REST can lag the socket, or fail, for minutes. Attempts
 * are spaced by capped, jittered backoff from {@code firstDelay} up to {@code maxDelay}; a gap
 * still not complete when the next attempt would fall beyond {@code horizon} (counted from when the
 * gap was found) is given up and counted.
 */
public record BackfillRetry(Duration firstDelay, Duration maxDelay, Duration horizon) {
  public static final Duration DEFAULT_HORIZON = Duration.ofMinutes(10);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

  public BackfillRetry {
    if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException(
          "need 0 < firstDelay <= maxDelay, got " + firstDelay + ", " + maxDelay);
    }
    if (horizon.isNegative()) {
      throw new IllegalArgumentException("horizon must not be negative: " + horizon);
    }
  }

  /**
   * The venue's REST pacing (at least 200 ms) as the first delay, 30 s at most between attempts.
   */
  public static BackfillRetry forVenue(Duration restMinInterval, Duration horizon) {
    Duration first =
        restMinInterval.compareTo(Duration.ofMillis(200)) > 0
            ? restMinInterval
            : Duration.ofMillis(200);
    return new BackfillRetry(
        first, DEFAULT_MAX_DELAY.compareTo(first) > 0 ? DEFAULT_MAX_DELAY : first, horizon);
  }
}
