package dev.cryptostream.pipeline.parse;

import dev.cryptostream.contracts.ContractPatterns;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The contract's timestamp form ({@link ContractPatterns#TIMESTAMP_MICROS_UTC}:
 * yyyy-MM-ddTHH:mm:ss.ffffffZ, UTC, six fraction digits, a day that exists) read by hand, for the
 * parser (two per trade) and the watermark scan (one): about a tenth of the pattern plus {@code
 * LocalDateTime} per timestamp in one JVM (docs/measurements.md). Accepts exactly what the pattern
 * accepts and the calendar allows (tested against both on generated near-misses).
 */
public final class ContractTimestamp {
  /** Returned for text that is not a contract timestamp. */
  public static final long NOT_A_TIMESTAMP = Long.MIN_VALUE;

  private static final int LENGTH = "2026-01-01T00:00:00.000000Z".length();

  private ContractTimestamp() {}

  /** Microseconds since the epoch, or {@link #NOT_A_TIMESTAMP}. */
  public static long micros(String text) {
    if (text.length() != LENGTH
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(19) != '.'
        || text.charAt(26) != 'Z') {
      return NOT_A_TIMESTAMP;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int fraction = digits(text, 20, 26);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || fraction < 0) {
      return NOT_A_TIMESTAMP;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException noSuchDay) {
      return NOT_A_TIMESTAMP; // Feb 30 and the like
    }
    return (((epochDay * 24 + hour) * 60 + minute) * 60 + second) * 1_000_000L + fraction;
  }

  /** The ASCII digits text[from, to) as a number, or -1 when one of them is not one. */
  private static int digits(String text, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
