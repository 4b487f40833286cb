package dev.cryptostream.producers.live;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reading venue JSON strictly: numbers become BigDecimal exactly as written (never double), and
 * every missing or mistyped field is a {@link FrameException} naming the field.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          // The raw frame travels with the dead letter; the reason need not repeat it.
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  /** The schema allows 20 integer and 18 fractional digits. */
  private static final int MAX_SCALE = 18;

  private static final int MAX_INTEGER_DIGITS = 20;

  private Json() {}

  public static JsonNode tree(String text) throws FrameException {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new FrameException("empty frame");
      }
      return node;
    } catch (IOException e) {
      throw new FrameException("not JSON: " + firstLine(e.getMessage()));
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
      throw new FrameException("field '" + name + "' is not positive: " + value.toPlainString());
    }
    BigDecimal v = value;
    if (v.scale() > MAX_SCALE) {
      v = v.stripTrailingZeros(); // 1.5000...0 with many zeros is still exact at a smaller scale
    }
    if (v.scale() > MAX_SCALE) {
      throw new FrameException(
          "field '" + name + "' has more than 18 decimals: " + value.toPlainString());
    }
    if (v.scale() < 0) {
      v = v.setScale(0); // 1E+2 is written 100
    }
    if (v.precision() - v.scale() > MAX_INTEGER_DIGITS) {
      throw new FrameException("field '" + name + "' is too large: " + value.toPlainString());
    }
    return v;
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

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
