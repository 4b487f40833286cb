package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.contracts.TradeTopics;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline against a broker that demands SASL/PLAIN: credentials come from environment
 * variables named by options, reading works with the right ones, a wrong password is refused up
 * front with a clear error, and the password never appears in the pipeline's output or log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSaslEndToEndTest {
  private static final String PASSWORD = "s3cr3t-Pa55word";
  @TempDir static Path dir;
  private EmbeddedKafkaBroker broker;

  @BeforeAll
  void startBrokerWithUsers() {
    broker =
        EmbeddedKafkaBroker.start(
            dir.resolve("kafka"),
            0,
            List.of(new EmbeddedKafkaBroker.TopicSpec(TradeTopics.TRADES_V1, 2)),
            Map.of("alice", PASSWORD));
    Instant t = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
    try (KafkaRecordPublisher publisher =
        new KafkaRecordPublisher(broker.bootstrapServers(), TradeTopics.TRADES_V1)) {
      for (int i = 0; i < 5; i++) {
        TradeEvent e =
            new TradeEvent(
                "kraken",
                "BTC-USD",
                Integer.toString(i),
                new BigDecimal("90000.5"),
                new BigDecimal("0.01"),
                TakerSide.BUY,
                t.plusMillis(i),
                t.plusMillis(i + 2),
                TradeSource.WS);
        publisher.send(
            e.kafkaKey(),
            TradeEventJson.toJson(e).getBytes(StandardCharsets.UTF_8),
            e.tradeTime().toEpochMilli());
      }
    }
  }

  @AfterAll
  void stopBroker() {
    broker.close();
  }

  private record Run(int exit, Map<String, String> counters, String output) {}

  private Run run(String name, Map<String, String> env) throws Exception {
    Path jar = PipelineProcess.bundledJar(Path.of(System.getProperty("repo.root", "..")));
    Path log = dir.resolve(name + ".log");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=DirectRunner",
                "--bootstrapServers=" + broker.saslBootstrapServers(),
                "--kafkaSecurityProtocol=SASL_PLAINTEXT",
                "--kafkaSaslMechanism=PLAIN",
                "--kafkaUsernameEnv=E2E_KAFKA_USER",
                "--kafkaPasswordEnv=E2E_KAFKA_PASSWORD",
                "--consumerGroup=" + name,
                "--lakePath=" + dir.resolve(name + "-lake"),
                "--drainWhenIdleFor=PT3S",
                "--progressIntervalSeconds=2"));
    try (PipelineProcess p = PipelineProcess.start(jar, args, log, "1g", env, null)) {
      OptionalInt exit = p.waitFor(Duration.ofMinutes(3));
      assertTrue(exit.isPresent(), name + " did not end; log " + log);
      String output = Files.readString(log) + p.latestProgress();
      return new Run(exit.getAsInt(), p.finalCounters(), output);
    }
  }

  @Test
  void readsWithTheRightCredentialsAndNeverPrintsThem() throws Exception {
    Run r = run("good", Map.of("E2E_KAFKA_USER", "alice", "E2E_KAFKA_PASSWORD", PASSWORD));
    assertEquals(0, r.exit(), r.output());
    assertEquals(5, PipelineProcess.counter(r.counters(), "records_read"));
    assertEquals(5, PipelineProcess.counter(r.counters(), "trades_valid"));
    assertFalse(r.output().contains(PASSWORD), "the password leaked into the pipeline's output");
  }

  @Test
  void aWrongPasswordIsRefusedUpFrontWithAClearError() throws Exception {
    Run r = run("bad", Map.of("E2E_KAFKA_USER", "alice", "E2E_KAFKA_PASSWORD", "not-" + PASSWORD));
    assertEquals(2, r.exit(), r.output());
    assertTrue(
        r.output().contains("is not usable") && r.output().contains("uthentication"), r.output());
    assertFalse(r.output().contains(PASSWORD));
  }

  @Test
  void aMissingCredentialNamesTheVariable() throws Exception {
    Run r = run("missing", Map.of("E2E_KAFKA_USER", "alice"));
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("E2E_KAFKA_PASSWORD"), r.output());
  }
}
