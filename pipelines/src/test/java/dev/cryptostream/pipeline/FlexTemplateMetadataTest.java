package dev.cryptostream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptostream.pipeline.options.TradePipelineOptions;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Flex Template's metadata (templates/trade-pipeline/metadata.json) names only options the
 * pipeline really has, so a parameter typo fails here rather than at job launch.
 */
class FlexTemplateMetadataTest {
  private static final Path METADATA = Path.of("..", "templates", "trade-pipeline", "metadata.json");

  private static Set<String> pipelineOptionNames() {
    Set<String> names = new HashSet<>();
    for (Method m : TradePipelineOptions.class.getMethods()) {
      if (m.getName().startsWith("get") && m.getParameterCount() == 0) {
        names.add(Introspector.decapitalize(m.getName().substring(3)));
      }
    }
    return names;
  }

  @Test
  void everyParameterIsAPipelineOptionWithValidRegexes() throws Exception {
    JsonNode meta = new ObjectMapper().readTree(Files.readString(METADATA));
    Set<String> options = pipelineOptionNames();
    Set<String> seen = new HashSet<>();
    for (JsonNode p : meta.path("parameters")) {
      String name = p.path("name").asText();
      assertTrue(options.contains(name), "metadata parameter " + name + " is not a pipeline option");
      assertTrue(seen.add(name), "parameter listed twice: " + name);
      assertTrue(!p.path("label").asText().isBlank() && !p.path("helpText").asText().isBlank(), name);
      for (JsonNode r : p.path("regexes")) {
        Pattern.compile(r.asText());
      }
    }
    assertTrue(seen.containsAll(Set.of("bootstrapServers", "sink", "bigQueryDataset", "kafkaSaslMechanism")));
    assertEquals(true, meta.path("streaming").asBoolean());
  }

  @Test
  void regexesAcceptTypicalValues() throws Exception {
    JsonNode meta = new ObjectMapper().readTree(Files.readString(METADATA));
    for (JsonNode p : meta.path("parameters")) {
      String sample =
          switch (p.path("name").asText()) {
            case "allowedLateness", "alertWindow", "dedupHorizon" -> "PT10M";
            case "maxOutOfOrderness", "bigQueryTriggeringFrequency" -> "PT5S";
            case "maxTradeAge" -> "P7D";
            case "alertWindowPeriod" -> "PT1M";
            case "kafkaSaslMechanism" -> "OAUTHBEARER";
            case "kafkaPasswordSecret" -> "projects/p/secrets/kafka-password/versions/latest";
            case "bootstrapServers" -> "bootstrap.trades.europe-west1.managedkafka.p.cloud.goog:9092";
            default -> null;
          };
      if (sample != null) {
        for (JsonNode r : p.path("regexes")) {
          assertTrue(Pattern.compile(r.asText()).matcher(sample).matches(), p.path("name").asText() + " ~ " + sample);
        }
      }
    }
  }
}
