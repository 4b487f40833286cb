package dev.cryptostream.producers.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.producers.json.ContractDecimal;
import dev.cryptostream.producers.json.StrictJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reading venue JSON strictly ({@link StrictJson}: numbers become BigDecimal exactly as written,
 * never double), and every missing or mistyped field is a {@link FrameException} naming the field.
 */
public final class Json {
  private Json() {}

  public static JsonNode tree(String text) throws FrameException {
    try {
      return StrictJson.read(text);
    } catch (StrictJson.MalformedJsonException e) {
      throw new FrameException("not JSON: " + e.getMessage());
    }
  }

  public static JsonNode field(JsonNode node, String name) throws FrameException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new FrameException("missing field '" + name + "'");
    }
    return v;
  }

  public static String text(JsonNode node, String name) throws FrameException {
    JsonNode v = field(node, name);
    if (!v.isTextual()) {
      throw new FrameException("field '" + name + "' is not a string");
    }
    return v.textValue();
  }

  /** A whole number given as a JSON integer or as a string of digits. */
  public static long longValue(JsonNode node, String name) throws FrameException {
    JsonNode v = field(node, name);
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.textValue());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new FrameException("field '" + name + "' is not a whole number: " + v);
  }

  public static boolean bool(JsonNode node, String name) throws FrameException {
    JsonNode v = field(node, name);
    if (!v.isBoolean()) {
      throw new FrameException("field '" + name + "' is not a boolean");
    }
    return v.booleanValue();
  }

  /** A positive decimal written as a string ("76650.00000000"). */
  public static BigDecimal decimalString(JsonNode node, String name) throws FrameException {
    String s = text(node, name);
    try {
      return amount(name, new BigDecimal(s));
    } catch (NumberFormatException e) {
      throw new FrameException("field '" + name + "' is not a decimal: '" + s + "'");
    }
  }

  /** A positive decimal written as a JSON number (Kraken), read exactly as written. */
  public static BigDecimal decimalNumber(JsonNode node, String name) throws FrameException {
    JsonNode v = field(node, name);
    if (!v.isNumber()) {
      throw new FrameException("field '" + name + "' is not a number");
    }
    return amount(name, v.decimalValue());
  }

  /** Checks that a price or quantity fits the contract: positive, at most 18 decimals. */
  public static BigDecimal amount(String name, BigDecimal value) throws FrameException {
    if (value.signum() <= 0) {
      throw new FrameException(
          "field '" + name + "' is not positive: " + ContractDecimal.readable(value));
    }
    try {
      return ContractDecimal.fit("field '" + name + "'", value);
    } catch (ContractDecimal.OutOfRangeException e) {
      throw new FrameException(e.getMessage());
    }
  }

  /** RFC 3339 time such as 2014-11-07T08:19:27.028459Z. */
  public static Instant isoTime(JsonNode node, String name) throws FrameException {
    String s = text(node, name);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new FrameException("field '" + name + "' is not an RFC 3339 time: '" + s + "'");
    }
  }

  /** Epoch milliseconds as a JSON integer or a string of digits. */
  public static Instant epochMillis(JsonNode node, String name) throws FrameException {
    return Instant.ofEpochMilli(longValue(node, name));
  }

  /** Epoch microseconds as a JSON integer or a string of digits. */
  public static Instant epochMicros(JsonNode node, String name) throws FrameException {
    long micros = longValue(node, name);
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
