package dev.cryptostream.producers.simulator;

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
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** The contract schema, read from the contracts jar on the test classpath. */
final class ContractSchema {
  static final ObjectMapper MAPPER = JsonMapperFactory.getInstance();
  private static final JsonSchema SCHEMA = load();

  private ContractSchema() {}

  private static JsonSchema load() {
    try (InputStream in = ContractSchema.class.getResourceAsStream("/schemas/trade-event-v1.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("contract schema not on the classpath");
      }
      SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Strict UTF-8 decoding: throws on malformed input instead of substituting. */
  static String decodeStrict(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  static JsonNode parse(byte[] bytes) {
    try {
      return MAPPER.readTree(decodeStrict(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Set<ValidationMessage> validate(JsonNode node) {
    return SCHEMA.validate(node);
  }

  /** The top-level property a message is about, from its instance location or its property. */
  static String field(ValidationMessage m) {
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
