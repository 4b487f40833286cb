package dev.cryptostream.producers.coingecko;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** HTTP Retry-After (RFC 9110): how long a 429 asks the client to wait. */
final class RetryAfter {
  private RetryAfter() {}

  /**
   * A Retry-After header: delay-seconds or an HTTP-date (RFC 9110). Empty when absent or
   * unreadable; a date in the past is a zero wait.
   */
  static Optional<Duration> parse(String header, Instant now) {
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
