package dev.cryptostream.contracts;

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
import java.util.Set;

/**
 * The trade-event-v1 (and price-snapshot-v1) schema loaded from the classpath, validating with format assertions on.
 * Shared with other modules' tests through this module's test jar.
 */
public final class ContractSchema {
  public static final String RESOURCE = "/schemas/trade-event-v1.schema.json";
  public static final ObjectMapper MAPPER = JsonMapperFactory.getInstance();
  public static final String PRICE_SNAPSHOT_RESOURCE = "/schemas/price-snapshot-v1.schema.json";
  private static final JsonSchema SCHEMA = load(RESOURCE);
  private static final JsonSchema PRICE_SNAPSHOT_SCHEMA = load(PRICE_SNAPSHOT_RESOURCE);

  private ContractSchema() {}

  private static JsonSchema load(String resource) {
    try (InputStream in = ContractSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + resource);
      }
      SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
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
