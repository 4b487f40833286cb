package dev.cryptostream.pipeline.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cryptostream.pipeline.parse.ContractTimestamp;
import dev.cryptostream.pipeline.parse.Utf8Json;
import java.io.IOException;
import java.time.Instant;
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
   * {@code Instant.parse(text).toEpochMilli()}, reading the contract's own form by hand ({@link
   * ContractTimestamp}, as the parser does); any other text goes to {@code Instant.parse}.
   */
  static long parseInstantMillis(String text) {
    long micros = ContractTimestamp.micros(text);
    return micros != ContractTimestamp.NOT_A_TIMESTAMP
        ? Math.floorDiv(micros, 1_000L)
        : Instant.parse(text).toEpochMilli();
  }
}
