package dev.cryptostream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptostream.pipeline.options.TradePipelineOptions;
import java.beans.Introspector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Flex Template's metadata (templates/trade-pipeline/metadata.json) is exactly the pipeline's
 * production options: every parameter is a real option (a typo fails here, not at job launch), and
 * every option of the pipeline's own option interfaces is a parameter unless it is listed in {@link
 * #NOT_TEMPLATE_PARAMETERS} with the reason. A new option therefore fails this test until it is
 * either exposed or consciously excluded.
 */
class FlexTemplateMetadataTest {
  static final Path TEMPLATE_DIR = Path.of("..", "templates", "trade-pipeline");
  private static final String OPTIONS_PACKAGE = TradePipelineOptions.class.getPackageName();

  /** Options of the pipeline that are deliberately not template parameters, with why. */
  private static final Map<String, String> NOT_TEMPLATE_PARAMETERS =
      Map.ofEntries( // not Map.of: it stops at ten pairs
          // Catch-up mode that ends the job once Kafka is idle: local runs, tests and one-off
          // backfills; a production streaming job must not finish when the market is quiet.
          Map.entry("drainWhenIdleFor", "local runs and tests only"),
          // Starts that catch-up mode on a local file: the local launcher's end of a live source.
          Map.entry("drainSignalFile", "local runs and tests only"),
          // Progress lines on the submitting process's stdout; on Dataflow the main class exits
          // right after submission, so nothing would print them (Dataflow shows the counters).
          Map.entry("progressIntervalSeconds", "stdout of a local run"),
          // The Parquet lake is the local sink; the template is the BigQuery deployment
          // (sink=bigquery only), so the lake's options would have no effect.
          Map.entry("lakePath", "local Parquet lake"),
          Map.entry("lakeFlushInterval", "local Parquet lake"),
          Map.entry("lakeShards", "local Parquet lake"),
          Map.entry("lakeRunId", "local Parquet lake"),
          // Resuming from the lake is how the DirectRunner survives a crash; Dataflow keeps state.
          Map.entry("lakeResume", "DirectRunner with the lake only"),
          // Credentials from worker environment variables: Dataflow workers have none we set, and
          // baking credentials into an image is what Secret Manager (kafka*Secret) avoids.
          Map.entry("kafkaUsernameEnv", "use kafkaUsernameSecret on Dataflow"),
          Map.entry("kafkaPasswordEnv", "use kafkaPasswordSecret on Dataflow"));

  static JsonNode metadata() {
    try {
      return new ObjectMapper().readTree(Files.readString(TEMPLATE_DIR.resolve("metadata.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Set<String> parameterNames() {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode p : metadata().path("parameters")) {
      assertTrue(
          names.add(p.path("name").asText()), "parameter listed twice: " + p.path("name").asText());
    }
    return names;
  }

  /** Every option the pipeline accepts, Beam's own included. */
  static Set<String> pipelineOptionNames() {
    return optionNames(false);
  }

  /** The options the pipeline's own interfaces declare (not Beam's runner/project/... options). */
  private static Set<String> ownOptionNames() {
    return optionNames(true);
  }

  private static Set<String> optionNames(boolean ownOnly) {
    Set<String> names = new TreeSet<>();
    for (Method m : TradePipelineOptions.class.getMethods()) {
      boolean own = m.getDeclaringClass().getPackageName().equals(OPTIONS_PACKAGE);
      if (m.getName().startsWith("get") && m.getParameterCount() == 0 && (own || !ownOnly)) {
        names.add(Introspector.decapitalize(m.getName().substring(3)));
      }
    }
    return names;
  }

  @Test
  void everyParameterIsAPipelineOptionWithLabelHelpAndValidRegexes() {
    Set<String> options = pipelineOptionNames();
    for (JsonNode p : metadata().path("parameters")) {
      String name = p.path("name").asText();
      assertTrue(
          options.contains(name), "metadata parameter " + name + " is not a pipeline option");
      assertTrue(
          !p.path("label").asText().isBlank() && !p.path("helpText").asText().isBlank(), name);
      for (JsonNode r : p.path("regexes")) {
        Pattern.compile(r.asText());
      }
    }
    assertEquals(true, metadata().path("streaming").asBoolean());
  }

  @Test
  void everyProductionOptionIsATemplateParameter() {
    Set<String> expected = new TreeSet<>(ownOptionNames());
    expected.removeAll(NOT_TEMPLATE_PARAMETERS.keySet());
    assertEquals(
        expected,
        new TreeSet<>(parameterNames()),
        "each pipeline option must be a template parameter or be listed, with its reason, in NOT_TEMPLATE_PARAMETERS");
  }

  @Test
  void theExclusionListNamesOnlyRealOptionsThatAreNotParameters() {
    for (String excluded : NOT_TEMPLATE_PARAMETERS.keySet()) {
      assertTrue(
          ownOptionNames().contains(excluded),
          "stale exclusion: " + excluded + " is no longer an option");
      assertFalse(
          parameterNames().contains(excluded), excluded + " is both excluded and a parameter");
    }
  }

  @Test
  void requiredParametersAreTheOnesWithoutAUsableDefault() {
    Set<String> required = new TreeSet<>();
    for (JsonNode p : metadata().path("parameters")) {
      if (!p.path("isOptional").asBoolean(false)) {
        required.add(p.path("name").asText());
      }
    }
    // bootstrapServers defaults to localhost and sink to the local lake: both wrong on Dataflow.
    assertEquals(Set.of("bootstrapServers", "sink"), required);
  }

  @Test
  void regexesAcceptTypicalValuesAndRejectWrongOnes() {
    Map<String, String> good =
        Map.ofEntries(
            Map.entry("allowedLateness", "PT10M"),
            Map.entry("maxTradeAge", "P7D"),
            Map.entry("bigQueryTriggeringFrequency", "PT5S"),
            Map.entry("kafkaSaslMechanism", "OAUTHBEARER"),
            Map.entry("kafkaPasswordSecret", "projects/p/secrets/kafka-password/versions/latest"),
            Map.entry(
                "bootstrapServers", "bootstrap.trades.europe-west1.managedkafka.p.cloud.goog:9092"),
            Map.entry("sink", "bigquery"),
            Map.entry("readCommitted", "false"),
            Map.entry("kafkaPreflight", "true"),
            Map.entry("minPrice", "0.00000001"),
            Map.entry("maxPrice", ""),
            Map.entry("bigQueryTradesTable", "raw_trades"),
            Map.entry("kafkaTruststorePasswordEnv", "KAFKA_TRUSTSTORE_PASSWORD"));
    Map<String, String> bad =
        Map.ofEntries(
            Map.entry("allowedLateness", "10 minutes"),
            Map.entry("kafkaSaslMechanism", "GSSAPI"),
            Map.entry("kafkaPasswordSecret", "my-password"),
            Map.entry("bootstrapServers", "no-port"),
            Map.entry("sink", "lake"),
            Map.entry("readCommitted", "yes"),
            Map.entry("minPrice", "-1"),
            Map.entry("bigQueryTradesTable", "raw-trades; DROP"),
            Map.entry("kafkaTruststorePasswordEnv", "1BAD NAME"));
    for (JsonNode p : metadata().path("parameters")) {
      String name = p.path("name").asText();
      for (JsonNode r : p.path("regexes")) {
        Pattern regex = Pattern.compile(r.asText());
        if (good.containsKey(name)) {
          assertTrue(
              regex.matcher(good.get(name)).matches(), name + " should accept " + good.get(name));
        }
        if (bad.containsKey(name)) {
          assertFalse(
              regex.matcher(bad.get(name)).matches(), name + " should reject " + bad.get(name));
        }
      }
    }
    Set<String> withRegex = new TreeSet<>();
    metadata()
        .path("parameters")
        .forEach(
            p -> {
              if (p.has("regexes")) withRegex.add(p.path("name").asText());
            });
    assertTrue(
        withRegex.containsAll(good.keySet()),
        "samples name parameters without a regex: " + good.keySet());
    assertTrue(
        withRegex.containsAll(bad.keySet()),
        "samples name parameters without a regex: " + bad.keySet());
  }
}
