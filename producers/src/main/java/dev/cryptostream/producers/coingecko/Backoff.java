package dev.cryptostream.producers.coingecko;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential back-off with jitter: the n-th consecutive failure waits a random time
 * between half and all of min(cap, base * 2^(n-1)), so that many clients do not retry in step and
 * a long outage never leads to waits beyond the cap.
 */
final class Backoff {
  private final Duration base;
  private final Duration cap;
  private final DoubleSupplier random;
  private int failures;

  Backoff(Duration base, Duration cap, DoubleSupplier random) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("back-off needs 0 < base <= cap");
    }
    this.base = base;
    this.cap = cap;
    this.random = random;
  }

  /** The wait after one more failure. */
  Duration next() {
    failures++;
    long ceiling = cap.toNanos();
    long exp = base.toNanos();
    for (int i = 1; i < failures && exp < ceiling; i++) {
      exp = exp > ceiling / 2 ? ceiling : exp * 2;
    }
    exp = Math.min(exp, ceiling);
    return Duration.ofNanos(exp / 2 + (long) (random.getAsDouble() * (exp / 2)));
  }

  int failures() {
    return failures;
  }

  void reset() {
    failures = 0;
  }

  /**
   * A Retry-After header: delay-seconds or an HTTP-date (RFC 9110). Empty when absent or unreadable;
   * a date in the past is a zero wait.
   */
  static Optional<Duration> parseRetryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String v = header.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
