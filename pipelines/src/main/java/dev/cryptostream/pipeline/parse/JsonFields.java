package dev.cryptostream.pipeline.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptostream.contracts.Utf8;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.SourceRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reading the fields of a JSON event strictly, with one reason code per kind of problem. Shared
 * by every event parser (trades, price snapshots) so they reject the same things the same way.
 */
public final class JsonFields {
  /** DECIMAL(38,18): at most 20 digits before the point and 18 after. */
  public static final int MAX_SCALE = 18;

  public static final int MAX_INTEGER_DIGITS = 20;
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonFields() {}

  /** A field-level problem found while walking an event; parsers turn it into a rejection. */
  public static final class FieldProblem extends Exception {
    private final RejectReason reason;

    public FieldProblem(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public RejectReason reason() {
      return reason;
    }
  }

  /** The record's value as one JSON object. */
  public static JsonNode readObject(SourceRecord record) throws FieldProblem {
    byte[] payload = record.payload();
    if (payload == null || payload.length == 0) {
      throw new FieldProblem(RejectReason.EMPTY_PAYLOAD, "record has no value");
    }
    String text = Utf8.decodeOrNull(payload);
    if (text == null) {
      throw new FieldProblem(RejectReason.NOT_UTF8, "value is not valid UTF-8");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new FieldProblem(RejectReason.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new FieldProblem(RejectReason.MALFORMED_JSON, "value is not a JSON object");
    }
    return root;
  }

  /** schema_version must be an integer equal to {@code expected}. */
  public static void schemaVersion(JsonNode root, int expected) throws FieldProblem {
    JsonNode version = required(root, "schema_version");
    if (!version.isIntegralNumber()) {
      throw new FieldProblem(RejectReason.WRONG_TYPE, "schema_version must be an integer");
    }
    if (version.asLong() != expected) {
      throw new FieldProblem(
          RejectReason.UNSUPPORTED_SCHEMA_VERSION,
          "schema_version " + version.asText() + " is not supported (expected " + expected + ")");
    }
  }

  public static JsonNode required(JsonNode root, String field) throws FieldProblem {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw new FieldProblem(RejectReason.MISSING_FIELD, "required field '" + field + "' is missing");
    }
    return node;
  }

  public static String string(JsonNode root, String field) throws FieldProblem {
    JsonNode node = required(root, field);
    if (!node.isTextual()) {
      throw new FieldProblem(
          RejectReason.WRONG_TYPE, "field '" + field + "' must be a string, got " + node.getNodeType());
    }
    return node.textValue();
  }

  /** A decimal string that fits DECIMAL(38,18). */
  public static BigDecimal decimal(JsonNode root, String field) throws FieldProblem {
    String text = string(root, field);
    if (!DECIMAL.matcher(text).matches()) {
      throw new FieldProblem(
          RejectReason.BAD_DECIMAL, "field '" + field + "' is not a plain decimal: '" + abbreviate(text) + "'");
    }
    BigDecimal value = new BigDecimal(text);
    if (value.scale() > MAX_SCALE || value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
      throw new FieldProblem(
          RejectReason.BAD_DECIMAL, "field '" + field + "' does not fit DECIMAL(38,18): " + text);
    }
    return value;
  }

  /**
   * As {@link #decimal} when present; null when the field is JSON null. The field itself must
   * be there (the contract lists it as required, nullable).
   */
  public static @Nullable BigDecimal nullableDecimal(JsonNode root, String field) throws FieldProblem {
    JsonNode node = root.get(field);
    if (node == null) {
      throw new FieldProblem(RejectReason.MISSING_FIELD, "required field '" + field + "' is missing");
    }
    return node.isNull() ? null : decimal(root, field);
  }

  /** An RFC 3339 instant, as epoch microseconds. */
  public static long timestamp(JsonNode root, String field) throws FieldProblem {
    String text = string(root, field);
    try {
      return Micros.of(Instant.parse(text));
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new FieldProblem(
          RejectReason.BAD_TIMESTAMP, "field '" + field + "' is not an RFC 3339 instant: '" + abbreviate(text) + "'");
    }
  }

  public static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
