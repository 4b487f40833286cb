package dev.cryptostream.pipeline.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.parse.JsonFields.FieldProblem;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;

/**
 * Reads one JSON text into a tree the way the contract demands, which a plain {@code readTree} does
 * not: a key twice in one object is {@link RejectReason#DUPLICATE_FIELD} (Jackson would keep the
 * last value), a string or key holding an unpaired surrogate escape is {@link
 * RejectReason#BAD_STRING} (it is not Unicode text and would be written as '?'), anything after the
 * value is malformed, and decimals are kept exact (never rounded through a double). Nesting deeper
 * than Jackson's limit (1000) is malformed.
 */
final class StrictJsonReader {
  /**
   * Without the value quoted into error locations: the dead letter carries the payload itself, and
   * a String and a byte[] source would be quoted differently.
   */
  static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final int MAX_MESSAGE = 200;

  private StrictJsonReader() {}

  /** Reads a record's value, which must be strict UTF-8 ({@link RejectReason#NOT_UTF8} if not). */
  static JsonNode read(byte[] value) throws FieldProblem {
    try (JsonParser p = Utf8Json.parser(FACTORY, value)) {
      return read(p);
    } catch (CharacterCodingException e) {
      throw new FieldProblem(RejectReason.NOT_UTF8, "value is not valid UTF-8");
    } catch (IOException e) {
      throw malformed(e.toString());
    }
  }

  /** Reads the one value {@code p} holds (its source is the caller's). */
  static JsonNode read(JsonParser p) throws FieldProblem {
    try {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw malformed("no JSON value");
      }
      JsonNode root = value(p, first);
      if (p.nextToken() != null) {
        throw malformed("content after the JSON value");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw malformed(String.valueOf(e.getOriginalMessage()));
    } catch (IOException e) {
      throw malformed(e.toString());
    }
  }

  private static JsonNode value(JsonParser p, JsonToken token) throws IOException, FieldProblem {
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
          String name = unicode(p.currentName(), "key");
          if (object.has(name)) {
            throw new FieldProblem(
                RejectReason.DUPLICATE_FIELD,
                "key '" + JsonFields.abbreviate(name) + "' appears more than once");
          }
          object.set(name, value(p, p.nextToken()));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          array.add(value(p, t));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(unicode(p.getText(), "string value"));
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDecimalValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw malformed("unexpected " + token);
    }
  }

  /** The text itself, when every surrogate in it is half of a pair. */
  private static String unicode(String s, String what) throws FieldProblem {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new FieldProblem(
            RejectReason.BAD_STRING,
            what
                + " holds an unpaired surrogate \\u"
                + Integer.toHexString(c)
                + " at index "
                + i
                + ": not Unicode text");
      }
    }
    return s;
  }

  private static FieldProblem malformed(String detail) {
    String d = detail.length() <= MAX_MESSAGE ? detail : detail.substring(0, MAX_MESSAGE) + "...";
    return new FieldProblem(RejectReason.MALFORMED_JSON, "not valid JSON: " + d);
  }
}
