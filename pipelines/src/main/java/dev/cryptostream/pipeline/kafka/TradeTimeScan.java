package dev.cryptostream.pipeline.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cryptostream.pipeline.parse.ContractTimestamp;
import dev.cryptostream.pipeline.parse.PlainJsonObject;
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
 *
 * <p>A value in producers' plain form ({@link PlainJsonObject}) with one {@code schema_version} of
 * 1 and one contract-form {@code trade_time} is answered from that reading; every other value goes
 * through Jackson, which decides as it always has.
 */
final class TradeTimeScan {
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] TRADE_TIME = PlainJsonObject.ascii("trade_time");
  private static final byte[] SCHEMA_VERSION = PlainJsonObject.ascii("schema_version");
  private static final byte[] ONE = PlainJsonObject.ascii("1");

  private TradeTimeScan() {}

  /** The trade time in epoch milliseconds, or empty when the value is not trade-shaped. */
  static OptionalLong tradeTimeMillis(byte[] value) {
    if (value == null || value.length == 0) {
      return OptionalLong.empty();
    }
    long plain = plainTradeTimeMillis(value);
    return plain != ContractTimestamp.NOT_A_TIMESTAMP
        ? OptionalLong.of(plain)
        : jacksonTradeTimeMillis(value);
  }

  /**
   * The trade time of a plain value that certainly has one, else {@link
   * ContractTimestamp#NOT_A_TIMESTAMP} (Jackson then decides).
   */
  static long plainTradeTimeMillis(byte[] value) {
    PlainJsonObject object = PlainJsonObject.read(value);
    if (object == null) {
      return ContractTimestamp.NOT_A_TIMESTAMP;
    }
    int tradeTime = -1;
    int versions = 0;
    boolean versionOne = false;
    for (int m = 0; m < object.size(); m++) {
      if (object.nameIs(m, TRADE_TIME)) {
        if (tradeTime >= 0 || object.kind(m) != PlainJsonObject.Kind.STRING) {
          return ContractTimestamp.NOT_A_TIMESTAMP;
        }
        tradeTime = m;
      } else if (object.nameIs(m, SCHEMA_VERSION)) {
        versions++;
        versionOne = object.kind(m) == PlainJsonObject.Kind.NUMBER && object.valueIs(m, ONE);
      }
    }
    if (tradeTime < 0 || versions != 1 || !versionOne) {
      return ContractTimestamp.NOT_A_TIMESTAMP;
    }
    long micros = ContractTimestamp.micros(object.text(tradeTime));
    return micros == ContractTimestamp.NOT_A_TIMESTAMP ? micros : Math.floorDiv(micros, 1_000L);
  }

  /** The streaming pass with Jackson, for every value that is not plain. */
  static OptionalLong jacksonTradeTimeMillis(byte[] value) {
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
