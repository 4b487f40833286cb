package dev.cryptostream.contracts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.serialization.JsonMapperFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The trade-event-v1 (and price-snapshot-v1) schema loaded from the classpath, validating with
 * format assertions on. Shared with other modules' tests through this module's test jar.
 *
 * <p>{@link #schemaVerdict} is how a consumer that validates with the schema judges a Kafka value:
 * strict UTF-8, then a JSON reader that detects duplicate keys and unpaired surrogates (the two
 * rules a JSON Schema validator cannot see, because it is handed an already-parsed tree), then the
 * schema. It deliberately shares no code with the pipeline's parser.
 */
public final class ContractSchema {
  public static final String RESOURCE = "/schemas/trade-event-v1.schema.json";
  public static final ObjectMapper MAPPER = JsonMapperFactory.getInstance();
  public static final String PRICE_SNAPSHOT_RESOURCE = "/schemas/price-snapshot-v1.schema.json";
  private static final JsonSchema SCHEMA = load(RESOURCE);
  private static final JsonSchema PRICE_SNAPSHOT_SCHEMA = load(PRICE_SNAPSHOT_RESOURCE);

  /** Strict reading: duplicates fail, nothing may follow the value, decimals stay exact. */
  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  private ContractSchema() {}

  /** Why a consumer reading by the contract refuses a value; null problem means accepted. */
  public enum Problem {
    NOT_UTF8,
    MALFORMED_JSON,
    DUPLICATE_FIELD,
    BAD_STRING,
    /** Read fine, but the schema reports errors. */
    SCHEMA
  }

  public record Verdict(Problem problem, String detail) {
    public boolean accepted() {
      return problem == null;
    }
  }

  /** Judges one Kafka value against trade-event-v1 (or price-snapshot-v1) as a whole. */
  public static Verdict schemaVerdict(byte[] value, boolean priceSnapshot) {
    String text;
    try {
      text = decodeStrict(value);
    } catch (CharacterCodingException e) {
      return new Verdict(Problem.NOT_UTF8, e.toString());
    }
    JsonNode node;
    try {
      node = STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      boolean duplicate = String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field");
      return new Verdict(
          duplicate ? Problem.DUPLICATE_FIELD : Problem.MALFORMED_JSON, e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      return new Verdict(Problem.MALFORMED_JSON, "no JSON value");
    }
    String surrogate = unpairedSurrogate(node);
    if (surrogate != null) {
      return new Verdict(Problem.BAD_STRING, surrogate);
    }
    Set<ValidationMessage> errors;
    try {
      errors = priceSnapshot ? PRICE_SNAPSHOT_SCHEMA.validate(node) : SCHEMA.validate(node);
    } catch (NumberFormatException e) {
      // Jackson reads a number beyond double range (1e400) as Infinity even with exact decimals
      // on, and the validator's const check then throws: such a number is never the contract's.
      return new Verdict(
          Problem.SCHEMA, "validator failed on a number out of double range: " + e.getMessage());
    }
    return errors.isEmpty()
        ? new Verdict(null, "")
        : new Verdict(Problem.SCHEMA, errors.toString());
  }

  /** Where the tree holds a key or string with an unpaired surrogate, or null. */
  private static String unpairedSurrogate(JsonNode node) {
    if (node.isTextual()) {
      return isUnicode(node.textValue()) ? null : "string value";
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!isUnicode(e.getKey())) {
        return "key";
      }
      String inside = unpairedSurrogate(e.getValue());
      if (inside != null) {
        return inside + " under '" + e.getKey() + "'";
      }
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        String inside = unpairedSurrogate(element);
        if (inside != null) {
          return inside;
        }
      }
    }
    return null;
  }

  /** A string is Unicode text when encoding it to UTF-8 needs no replacement. */
  private static boolean isUnicode(String s) {
    return java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }

  private static JsonSchema load(String resource) {
    try (InputStream in = ContractSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + resource);
      }
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  /** Parses a Kafka value, which must be strict UTF-8. */
  public static JsonNode parse(byte[] bytes) {
    try {
      return parse(decodeStrict(bytes));
    } catch (CharacterCodingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String decodeStrict(byte[] bytes) throws CharacterCodingException {
    return Utf8.decodeStrict(bytes);
  }

  public static Set<ValidationMessage> validate(String json) {
    return SCHEMA.validate(parse(json));
  }

  public static Set<ValidationMessage> validate(JsonNode node) {
    return SCHEMA.validate(node);
  }

  /** Validates against price-snapshot-v1 instead of the trade event. */
  public static Set<ValidationMessage> validatePriceSnapshot(String json) {
    return PRICE_SNAPSHOT_SCHEMA.validate(parse(json));
  }

  /** The top-level property a message is about, from its instance location or its property. */
  public static String field(ValidationMessage m) {
    String location = m.getInstanceLocation().toString();
    if (location.startsWith("/")) {
      return location.substring(1);
    }
    if (location.startsWith("$.")) {
      return location.substring(2);
    }
    return m.getProperty() != null ? m.getProperty() : location;
  }
}
