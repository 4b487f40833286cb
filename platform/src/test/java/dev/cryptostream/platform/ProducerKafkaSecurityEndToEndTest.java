package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.ProducerCli;
import dev.cryptostream.producers.live.KafkaLiveOutput;
import dev.cryptostream.producers.live.testing.TestWebSocketServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producers as deployed, against a broker that demands authentication: the bundled CLI (a child
 * JVM, with its own environment) and the live command publish over SASL_PLAINTEXT and SASL_SSL with
 * PLAIN, and over SASL_SSL with OAUTHBEARER through Google's login handler, which takes a
 * service-account key from application default credentials, gets an access token from a local
 * stand-in for Google's token endpoint, and presents it to a broker that validates it as Managed
 * Kafka does. Wrong credentials fail clearly; no secret reaches the output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProducerKafkaSecurityEndToEndTest {
  private static final String PASSWORD = "Pa55-w0rd-of-alice";
  private static final String STORE_PASSWORD = "st0re-Pa55";
  private static final List<String> TOPICS =
      List.of(
          "plain.ok",
          "plain.wrong",
          "oauth.ok",
          "replay.ok",
          "live.ok",
          KafkaLiveOutput.DEFAULT_DLQ_TOPIC);

  @TempDir static Path dir;
  private EmbeddedKafkaBroker broker;
  private FakeGoogleTokenServer google;
  private TestTls tls;

  @BeforeAll
  void start() throws Exception {
    tls = TestTls.create(dir, STORE_PASSWORD);
    google = new FakeGoogleTokenServer();
    broker =
        EmbeddedKafkaBroker.start(
            dir.resolve("kafka"),
            0,
            TOPICS.stream().map(t -> new EmbeddedKafkaBroker.TopicSpec(t, 2)).toList(),
            Map.of("alice", PASSWORD),
            new EmbeddedKafkaBroker.SaslSslListener(
                tls.keystore(),
                STORE_PASSWORD,
                Map.of("alice", PASSWORD),
                GoogleStyleTokenValidator.class.getName()));
  }

  @AfterAll
  void stop() {
    broker.close();
    google.close();
  }

  private record Run(int exit, String output) {}

  /** The bundled producers CLI with exactly the given Kafka/Google environment. */
  private Run producers(String name, Map<String, String> env, String... args) throws Exception {
    Path jar =
        PipelineRuns.repoRoot()
            .resolve("producers/target/producers-" + Version.PROJECT + "-bundled.jar");
    assertTrue(Files.isRegularFile(jar), "build the producers jar first: " + jar);
    List<String> command =
        new ArrayList<>(List.of(PipelineProcess.javaBinary(), "-Xmx256m", "-jar", jar.toString()));
    command.addAll(List.of(args));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("GOOGLE_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(name + " did not end; log " + log);
    }
    return new Run(p.exitValue(), Files.readString(log));
  }

  private String[] simulate(String bootstrap, String topic, int records, String... security) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "simulate",
                "--bootstrap-servers",
                bootstrap,
                "--topic",
                topic,
                "--max-records",
                Integer.toString(records),
                "--rate",
                "0",
                "--duration",
                "60s"));
    args.addAll(List.of(security));
    return args.toArray(String[]::new);
  }

  /** Records on the topic, counted through the broker's unauthenticated listener. */
  private long recordsOn(String topic) throws Exception {
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < 2; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(o -> o.offset())
          .sum();
    }
  }

  private static void assertNoSecret(String output, String... secrets) {
    for (String s : secrets) {
      assertFalse(output.contains(s), "a secret leaked into the output:\n" + output);
    }
  }

  @Test
  void simulatePublishesWithSaslPlainCredentialsFromTheEnvironment() throws Exception {
    Run r =
        producers(
            "plain-ok",
            Map.of("KAFKA_USERNAME", "alice", "KAFKA_PASSWORD", PASSWORD),
            simulate(
                broker.saslBootstrapServers(),
                "plain.ok",
                40,
                "--kafka-security-protocol",
                "SASL_PLAINTEXT",
                "--kafka-sasl-mechanism",
                "PLAIN"));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("acked=40 failed=0"), r.output());
    assertEquals(40, recordsOn("plain.ok"));
    assertTrue(r.output().contains("sasl.jaas.config = [hidden]"), "Kafka's config log hides it");
    assertNoSecret(r.output(), PASSWORD);
  }

  /** The environment of a producer that logs in as alice with SASL PLAIN. */
  private static Map<String, String> plainLogin(String password) {
    return Map.of(
        "KAFKA_SECURITY_PROTOCOL",
        "SASL_PLAINTEXT",
        "KAFKA_USERNAME",
        "alice",
        "KAFKA_PASSWORD",
        password);
  }

  @Test
  void aWrongPasswordFailsClearlyAndPublishesNothing() throws Exception {
    Run r =
        producers(
            "plain-wrong",
            plainLogin("not-" + PASSWORD),
            simulate(broker.saslBootstrapServers(), "plain.wrong", 3));
    assertEquals(1, r.exit(), r.output());
    // Refused by the broker check, before the simulator produced a record.
    assertTrue(
        r.output()
            .contains(
                "error: Kafka at "
                    + broker.saslBootstrapServers()
                    + " is not ready: Authentication failed: Invalid username or password"),
        r.output());
    assertEquals(0, recordsOn("plain.wrong"));
    assertNoSecret(r.output(), PASSWORD);
  }

  @Test
  void aTopicTheBrokerDoesNotHaveIsNamedBeforeAnythingIsPublished() throws Exception {
    Run r =
        producers(
            "plain-absent",
            plainLogin(PASSWORD),
            simulate(broker.saslBootstrapServers(), "absent.topic", 3));
    assertEquals(1, r.exit(), r.output());
    assertTrue(
        r.output().contains("is not ready: missing topic(s) absent.topic; create them first"),
        r.output());
    assertFalse(r.output().contains("simulator done"), r.output());
    assertNoSecret(r.output(), PASSWORD);
  }

  @Test
  void managedKafkaStyleOauthBearerWithApplicationDefaultCredentials() throws Exception {
    Path key = google.writeServiceAccountKey(dir.resolve("sa-key.json"));
    int grantsBefore = google.grants();
    Run r =
        producers(
            "oauth-ok",
            Map.of(
                "GOOGLE_APPLICATION_CREDENTIALS",
                key.toString(),
                "KAFKA_SECURITY_PROTOCOL",
                "SASL_SSL",
                "KAFKA_SASL_MECHANISM",
                "OAUTHBEARER",
                "KAFKA_TRUSTSTORE_PASSWORD",
                STORE_PASSWORD),
            simulate(
                broker.saslSslBootstrapServers(),
                "oauth.ok",
                40,
                "--kafka-truststore-path",
                tls.truststore().toString(),
                "--kafka-truststore-type",
                "PKCS12"));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("acked=40 failed=0"), r.output());
    assertEquals(40, recordsOn("oauth.ok"));
    assertTrue(google.grants() > grantsBefore, "the token came from the token endpoint");
    assertEquals(0, google.refusals());
    assertTrue(
        GoogleStyleTokenValidator.ACCEPTED.contains(FakeGoogleTokenServer.EMAIL),
        "the broker saw the service account as the principal");
    assertFalse(r.output().contains("ya29.test-"), "no access token in the output");
    assertNoSecret(r.output(), STORE_PASSWORD);
  }

  @Test
  void oauthBearerWithoutGoogleCredentialsFailsClearly() throws Exception {
    Run r =
        producers(
            "oauth-no-credentials",
            Map.of(
                "GOOGLE_APPLICATION_CREDENTIALS",
                dir.resolve("absent-key.json").toString(),
                "KAFKA_SECURITY_PROTOCOL",
                "SASL_SSL",
                "KAFKA_SASL_MECHANISM",
                "OAUTHBEARER",
                "KAFKA_TRUSTSTORE_PATH",
                tls.truststore().toString(),
                "KAFKA_TRUSTSTORE_PASSWORD",
                STORE_PASSWORD),
            simulate(broker.saslSslBootstrapServers(), "oauth.ok", 1));
    assertEquals(1, r.exit(), r.output());
    assertTrue(
        r.output()
                .contains("error: Kafka at " + broker.saslSslBootstrapServers() + " is not ready: ")
            && r.output().contains("GOOGLE_APPLICATION_CREDENTIALS")
            && r.output().contains("File does not exist"),
        r.output());
  }

  @Test
  void replayReadsItsCredentialsFromAPropertiesFileOverSaslSsl() throws Exception {
    Instant t = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      lines.add(
          TradeEventJson.toJson(
              new TradeEvent(
                  "kraken",
                  "BTC-USD",
                  Integer.toString(i),
                  new BigDecimal("90000.5"),
                  new BigDecimal("0.01"),
                  TakerSide.BUY,
                  t.plusMillis(i),
                  t.plusMillis(i + 2),
                  TradeSource.WS)));
    }
    Path events = Files.write(dir.resolve("events.ndjson"), lines);
    Path properties = clientProperties("replay.properties", PASSWORD);
    Run r =
        producers(
            "replay-ok",
            Map.of("KAFKA_TRUSTSTORE_PASSWORD", STORE_PASSWORD),
            "replay",
            events.toString(),
            "--bootstrap-servers",
            broker.saslSslBootstrapServers(),
            "--topic",
            "replay.ok",
            "--kafka-security-protocol",
            "SASL_SSL",
            "--kafka-truststore-path",
            tls.truststore().toString(),
            "--kafka-properties",
            properties.toString());
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("replay done: 7 events"), r.output());
    assertEquals(7, recordsOn("replay.ok"));
    assertNoSecret(r.output(), PASSWORD, STORE_PASSWORD);
  }

  /** PLAIN credentials in a properties file, as a mounted secret would hold them. */
  private Path clientProperties(String name, String password) throws Exception {
    return Files.writeString(
        dir.resolve(name),
        "sasl.mechanism=PLAIN\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"alice\" password=\""
            + password
            + "\";\n");
  }

  private int live(String topic, Path properties, PrintStream out, PrintStream err, String ws)
      throws Exception {
    String[] args = {
      "live",
      "--venue",
      "binance",
      "--symbols",
      "BTC-USDT",
      "--bootstrap-servers",
      broker.saslSslBootstrapServers(),
      "--topic",
      topic,
      "--ws-url",
      ws,
      "--rest-url",
      "http://127.0.0.1:9",
      "--duration",
      "5s",
      "--broker-timeout",
      "20s",
      "--max-trade-age",
      "none",
      "--kafka-security-protocol",
      "SASL_SSL",
      "--kafka-truststore-path",
      tls.truststore().toString(),
      "--kafka-truststore-type",
      "PKCS12",
      "--kafka-properties",
      properties.toString()
    };
    return ProducerCli.run(out, err, args);
  }

  @Test
  void liveChecksTheBrokerAndPublishesWithTheSameCredentials() throws Exception {
    // The trust store password in the file too: the in-process command has no environment to set.
    Path properties =
        Files.writeString(
            clientProperties("live.properties", PASSWORD),
            "ssl.truststore.password=" + STORE_PASSWORD + "\n",
            java.nio.file.StandardOpenOption.APPEND);
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    try (TestWebSocketServer ws = new TestWebSocketServer()) {
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return live("live.ok", properties, out, err, ws.baseUrl());
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      TestWebSocketServer.Client c;
      try {
        c = ws.awaitClient(Duration.ofSeconds(40));
      } catch (AssertionError e) {
        throw new AssertionError(errBytes.toString(StandardCharsets.UTF_8), e);
      }
      for (int id = 1; id <= 3; id++) {
        c.sendText(
            "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1787315652708,"
                + "\"s\":\"BTCUSDT\",\"t\":"
                + id
                + ",\"p\":\"76650.01\",\"q\":\"0.0004\",\"T\":"
                + (1787315652000L + id)
                + ",\"m\":true,\"M\":true}}");
      }
      assertEquals(0, exit.get(60, TimeUnit.SECONDS), errBytes.toString(StandardCharsets.UTF_8));
    }
    assertEquals(3, recordsOn("live.ok"));
    String printed = outBytes.toString(StandardCharsets.UTF_8) + errBytes;
    assertTrue(printed.contains("3 records acked, 0 failed (final)"), printed);
    assertNoSecret(printed, PASSWORD, STORE_PASSWORD);

    // The wrong password: refused by the broker check, before any venue connection.
    errBytes.reset();
    Path wrong =
        Files.writeString(
            clientProperties("live-wrong.properties", "not-" + PASSWORD),
            "ssl.truststore.password=" + STORE_PASSWORD + "\n",
            java.nio.file.StandardOpenOption.APPEND);
    int refused = live("live.ok", wrong, out, err, "ws://127.0.0.1:9");
    String message = errBytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, refused, message);
    assertTrue(
        message.contains("is not ready") && message.contains("Authentication failed"), message);
    assertNoSecret(message, PASSWORD);
    assertEquals(3, recordsOn("live.ok"), "nothing more published");
  }
}
