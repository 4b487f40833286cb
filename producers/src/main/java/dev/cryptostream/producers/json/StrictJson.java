package dev.cryptostream.producers.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.io.IOException;

/**
 * The producers' one JSON setup, for venue frames, venue REST answers and CoinGecko alike: numbers
 * become BigDecimal exactly as written (never a double), and input that is not exactly one JSON
 * value is refused: trailing text, a repeated member name (which value would be meant?), NaN and
 * other non-standard tokens, and numbers beyond a double's range (1e400), which Jackson would
 * otherwise keep as an infinite double. Jackson's stream limits bound the rest (nesting depth 1000,
 * numbers of 1000 digits, strings of 20 MB), so hostile input is an error, never a stack overflow.
 */
public final class StrictJson {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          // The raw input travels with the dead letter; the reason need not repeat it.
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .nodeFactory(new FiniteNumbers())
          .build();

  private StrictJson() {}

  /** Text that is not one JSON value; the message is one line with the position. */
  public static final class MalformedJsonException extends Exception {
    MalformedJsonException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The one JSON value {@code text} holds. */
  public static JsonNode read(String text) throws MalformedJsonException {
    JsonNode node;
    try (JsonParser parser = MAPPER.createParser(text)) {
      try {
        node = MAPPER.readTree(parser);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new MalformedJsonException(
            e.getMessage() + at(parser.currentLocation()), e); // from FiniteNumbers
      }
    } catch (JsonProcessingException e) {
      throw new MalformedJsonException(describe(e), e);
    } catch (IOException e) {
      throw new MalformedJsonException("unreadable: " + e.getMessage(), e); // not from a String
    }
    if (node == null || node.isMissingNode()) {
      throw new MalformedJsonException("no JSON value (empty input)", null);
    }
    return node;
  }

  /** Jackson's reason, on one line, with the line and column instead of a copy of the input. */
  private static String describe(JsonProcessingException e) {
    String reason = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
    int newline = reason.indexOf('\n');
    if (newline >= 0) {
      reason = reason.substring(0, newline);
    }
    return reason + at(e.getLocation());
  }

  private static String at(JsonLocation location) {
    return location == null
        ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * With USE_BIG_DECIMAL_FOR_FLOATS every number becomes a BigDecimal, except one whose double
   * value would be infinite: Jackson keeps that as a double, and its decimal value then throws.
   */
  private static final class FiniteNumbers extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public NumericNode numberNode(double v) {
      if (!Double.isFinite(v)) {
        throw new NumberFormatException("number beyond the range of a double");
      }
      return super.numberNode(v);
    }
  }
}
