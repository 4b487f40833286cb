package dev.cryptostream.pipeline.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.SourceRecord;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reading the fields of a JSON event strictly, with one reason code per kind of problem. Shared by
 * every event parser (trades, price snapshots) so they reject the same things the same way.
 */
public final class JsonFields {
  /** DECIMAL(38,18): at most 20 digits before the point and 18 after, counted as written. */
  public static final int MAX_SCALE = 18;

  public static final int MAX_INTEGER_DIGITS = 20;

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

  /** The record's value as one JSON object, read strictly (see {@link StrictJsonReader}). */
  public static JsonNode readObject(SourceRecord record) throws FieldProblem {
    byte[] payload = record.payload();
    if (payload == null || payload.length == 0) {
      throw new FieldProblem(RejectReason.EMPTY_PAYLOAD, "record has no value");
    }
    JsonNode root = StrictJsonReader.read(payload);
    if (!root.isObject()) {
      throw new FieldProblem(RejectReason.MALFORMED_JSON, "value is not a JSON object");
    }
    return root;
  }

  /**
   * schema_version must be the JSON number {@code expected}. As in JSON Schema, numbers compare by
   * value: 1.0 is 1 (the reader keeps decimals exact, so 1.0000000000000000001 is not).
   */
  public static void schemaVersion(JsonNode root, int expected) throws FieldProblem {
    JsonNode version = required(root, "schema_version");
    if (!version.isNumber()) {
      throw new FieldProblem(RejectReason.WRONG_TYPE, "schema_version must be a number");
    }
    if (version.decimalValue().compareTo(BigDecimal.valueOf(expected)) != 0) {
      throw new FieldProblem(
          RejectReason.UNSUPPORTED_SCHEMA_VERSION,
          "schema_version "
              + abbreviate(version.asText())
              + " is not supported (expected "
              + expected
              + ")");
    }
  }

  /** Every key of the object must be one of the contract's fields (additionalProperties: false). */
  public static void onlyFields(JsonNode root, Set<String> allowed) throws FieldProblem {
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new FieldProblem(
            RejectReason.UNKNOWN_FIELD,
            "field '" + abbreviate(name) + "' is not part of the contract");
      }
    }
  }

  public static JsonNode required(JsonNode root, String field) throws FieldProblem {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw new FieldProblem(
          RejectReason.MISSING_FIELD, "required field '" + field + "' is missing");
    }
    return node;
  }

  public static String string(JsonNode root, String field) throws FieldProblem {
    JsonNode node = required(root, field);
    if (!node.isTextual()) {
      throw new FieldProblem(
          RejectReason.WRONG_TYPE,
          "field '" + field + "' must be a string, got " + node.getNodeType());
    }
    return node.textValue();
  }

  /**
   * A string matching one of the contract's patterns, matched as JSON Schema validators do ({@code
   * find} with the schema's anchored pattern).
   */
  public static String matching(
      JsonNode root, String field, Pattern pattern, RejectReason reason, String what)
      throws FieldProblem {
    return matching(field, string(root, field), pattern.asPredicate(), reason, what);
  }

  /**
   * As {@link #matching(JsonNode, String, Pattern, RejectReason, String)}, on the field's text and
   * with the pattern's test given as a predicate (such as a check written by hand).
   */
  public static String matching(
      String field, String text, Predicate<String> form, RejectReason reason, String what)
      throws FieldProblem {
    if (!form.test(text)) {
      throw new FieldProblem(reason, field + " '" + abbreviate(text) + "' is not " + what);
    }
    return text;
  }

  /**
   * A decimal string that fits DECIMAL(38,18) as written: the contract's digits, with an optional
   * minus sign that each field's own rule then judges (a negative price is NON_POSITIVE_PRICE).
   */
  public static BigDecimal decimal(JsonNode root, String field) throws FieldProblem {
    return decimal(field, string(root, field));
  }

  /** As {@link #decimal(JsonNode, String)}, on the field's text. */
  public static BigDecimal decimal(String field, String text) throws FieldProblem {
    if (!ContractDecimal.isSigned(text)) {
      throw new FieldProblem(
          RejectReason.BAD_DECIMAL,
          "field '"
              + field
              + "' is not a plain decimal with at most "
              + MAX_INTEGER_DIGITS
              + " digits before the point and "
              + MAX_SCALE
              + " after: '"
              + abbreviate(text)
              + "'");
    }
    return new BigDecimal(text);
  }

  /**
   * As {@link #decimal} when present; null when the field is JSON null. The field itself must be
   * there (the contract lists it as required, nullable).
   */
  public static @Nullable BigDecimal nullableDecimal(JsonNode root, String field)
      throws FieldProblem {
    JsonNode node = root.get(field);
    if (node == null) {
      throw new FieldProblem(
          RejectReason.MISSING_FIELD, "required field '" + field + "' is missing");
    }
    return node.isNull() ? null : decimal(root, field);
  }

  /**
   * The contract's instant (RFC 3339 UTC, exactly six fraction digits, upper-case T and Z) as epoch
   * microseconds. Nothing is cut: a seventh digit is a rejection, not a truncation.
   */
  public static long timestamp(JsonNode root, String field) throws FieldProblem {
    return timestamp(field, string(root, field));
  }

  /** As {@link #timestamp(JsonNode, String)}, on the field's text. */
  public static long timestamp(String field, String text) throws FieldProblem {
    long micros = ContractTimestamp.micros(text);
    if (micros != ContractTimestamp.NOT_A_TIMESTAMP) {
      return micros;
    }
    throw new FieldProblem(
        RejectReason.BAD_TIMESTAMP,
        "field '"
            + field
            + "' is not an RFC 3339 UTC instant with six fraction digits: '"
            + abbreviate(text)
            + "'");
  }

  /** At most 64 characters for messages, never splitting a surrogate pair. */
  public static String abbreviate(String s) {
    if (s.length() <= 64) {
      return s;
    }
    int cut = Character.isHighSurrogate(s.charAt(60)) ? 60 : 61;
    return s.substring(0, cut) + "...";
  }
}
