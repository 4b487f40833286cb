package dev.cryptostream.pipeline.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cryptostream.pipeline.parse.Utf8Json;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * Finds the trade time of a record that looks like a canonical trade event, for the watermark only.
 *
 * <p>A cheap streaming pass, not the parser: the value must be UTF-8, one JSON object with {@code
 * "schema_version": 1} and exactly one top-level {@code trade_time} string that is an instant.
 * Anything else (malformed, not UTF-8, a price snapshot, a record of another shape) has no trade
 * time and so cannot move event time, whatever its Kafka timestamp says. The parser still decides
 * what is a valid trade; a record that passes this scan and fails the parser only moves the
 * watermark by its own trade time, which the watermark policy caps and checks for outliers.
 */
final class TradeTimeScan {
  private static final JsonFactory JSON = new JsonFactory();

  private TradeTimeScan() {}

  /** The trade time in epoch milliseconds, or empty when the value is not trade-shaped. */
  static OptionalLong tradeTimeMillis(byte[] value) {
    if (value == null || value.length == 0) {
      return OptionalLong.empty();
    }
    // A value that is not strict UTF-8 throws (an IOException): it has no trade time.
    try (JsonParser p = Utf8Json.parser(JSON, value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return OptionalLong.empty();
      }
      Long tradeTime = null;
      boolean versionOne = false;
      int versions = 0;
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("trade_time")) {
          if (tradeTime != null || v != JsonToken.VALUE_STRING) {
            return OptionalLong.empty(); // duplicate or not a string: ambiguous, not a trade
          }
          tradeTime = parseInstantMillis(p.getText());
        } else if (name.equals("schema_version")) {
          versions++;
          versionOne = v == JsonToken.VALUE_NUMBER_INT && p.getLongValue() == 1;
        } else {
          p.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT
          || p.nextToken() != null
          || tradeTime == null
          || !versionOne
          || versions != 1) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(tradeTime);
    } catch (IOException | DateTimeParseException | ArithmeticException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * {@code Instant.parse(text).toEpochMilli()}, reading the contract's own form
   * (yyyy-MM-ddTHH:mm:ss.ffffffZ) by hand: the general parser is a tenth of a record's cost here.
   * Any other text, and any field out of range, goes to {@code Instant.parse}.
   */
  static long parseInstantMillis(String text) {
    if (text.length() == 27
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && text.charAt(10) == 'T'
        && text.charAt(13) == ':'
        && text.charAt(16) == ':'
        && text.charAt(19) == '.'
        && text.charAt(26) == 'Z') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 7);
      int day = digits(text, 8, 10);
      int hour = digits(text, 11, 13);
      int minute = digits(text, 14, 16);
      int second = digits(text, 17, 19);
      int micros = digits(text, 20, 26);
      if (year >= 0
          && month >= 1
          && month <= 12
          && day >= 1
          && day <= 31
          && hour >= 0
          && hour < 24
          && minute >= 0
          && minute < 60
          && second >= 0
          && second < 60
          && micros >= 0) {
        long epochDay;
        try {
          epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException noSuchDay) {
          epochDay = Long.MIN_VALUE; // Feb 30 and the like: the general parser says why
        }
        if (epochDay != Long.MIN_VALUE) {
          return ((epochDay * 24 + hour) * 60 + minute) * 60_000L
              + second * 1_000L
              + micros / 1_000;
        }
      }
    }
    return Instant.parse(text).toEpochMilli();
  }

  /** The decimal digits text[from, to) as a number, or -1 when one of them is not a digit. */
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
