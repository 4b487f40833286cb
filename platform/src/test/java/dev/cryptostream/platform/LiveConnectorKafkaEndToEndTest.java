package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptostream.contracts.TradeTopics;
import dev.cryptostream.producers.ProducerCli;
import dev.cryptostream.producers.live.KafkaLiveOutput;
import dev.cryptostream.producers.live.testing.TestRestServer;
import dev.cryptostream.producers.live.testing.TestWebSocketServer;
import dev.cryptostream.producers.live.testing.TestWebSocketServer.Client;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code producers live} as a user runs it, against a local Binance-speaking server and the real
 * embedded broker: trades reach the canonical topic keyed exchange:symbol with the trade time as
 * record time, a gap arrives backfilled from REST, a malformed frame lands in the producer DLQ, and
 * status lines report it all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveConnectorKafkaEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private EmbeddedKafkaBroker broker;

  @BeforeAll
  void startBroker() {
    broker =
        EmbeddedKafkaBroker.start(
            dir.resolve("kafka"),
            0,
            List.of(
                new EmbeddedKafkaBroker.TopicSpec(TradeTopics.TRADES_V1, 2),
                new EmbeddedKafkaBroker.TopicSpec(KafkaLiveOutput.DEFAULT_DLQ_TOPIC, 1)));
  }

  @AfterAll
  void stopBroker() {
    broker.close();
  }

  @Test
  void aMissingTopicIsReportedUpFrontInsteadOfBlockingEverySend() {
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    int exit =
        ProducerCli.run(
            quiet,
            new PrintStream(errBytes, true, StandardCharsets.UTF_8),
            "live",
            "--venue",
            "okx",
            "--symbols",
            "BTC-USDT",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--dlq-topic",
            "no.such.dlq");
    assertEquals(1, exit);
    String err = errBytes.toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("missing topic(s) no.such.dlq"), err);
  }

  private static String trade(String symbol, long id, boolean buyerMaker) {
    return "{\"stream\":\""
        + symbol.toLowerCase()
        + "@trade\",\"data\":{\"e\":\"trade\",\"E\":1787315652708,\"s\":\""
        + symbol
        + "\",\"t\":"
        + id
        + ",\"p\":\"76650.01000000\",\"q\":\"0.00040000\",\"T\":"
        + (1787315652000L + id)
        + ",\"m\":"
        + buyerMaker
        + ",\"M\":true}}";
  }

  @Test
  void liveCommandPublishesTradesBackfillsAndDeadLettersThroughKafka() throws Exception {
    try (TestWebSocketServer ws = new TestWebSocketServer();
        TestRestServer rest =
            new TestRestServer(
                uri ->
                    TestRestServer.Response.json(
                        "[{\"id\":3,\"price\":\"76650.02\",\"qty\":\"0.1\",\"quoteQty\":\"7665.0\",\"time\":1787315652003,"
                            + "\"isBuyerMaker\":false,\"isBestMatch\":true},"
                            + "{\"id\":4,\"price\":\"76650.03\",\"qty\":\"0.2\",\"quoteQty\":\"15330.0\",\"time\":1787315652004,"
                            + "\"isBuyerMaker\":true,\"isBestMatch\":true}]"))) {
      ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
      ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
      PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
      String[] args = {
        "live",
        "--venue",
        "binance",
        "--symbols",
        "BTC-USDT,ETH-USDT",
        "--bootstrap-servers",
        broker.bootstrapServers(),
        "--ws-url",
        ws.baseUrl(),
        "--rest-url",
        rest.baseUrl(),
        "--duration",
        "8s",
        "--status-every",
        "1s",
        "--max-trade-age",
        "none"
      }; // the frames carry fixed trade times of August 2026
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(() -> ProducerCli.run(out, err, args));

      Client c = ws.awaitClient(Duration.ofSeconds(20));
      assertEquals("/stream?streams=btcusdt@trade/ethusdt@trade", c.target());
      c.sendText(trade("BTCUSDT", 1, true));
      c.sendText(trade("BTCUSDT", 2, false));
      c.sendText("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\"");
      c.sendText(trade("BTCUSDT", 5, true));
      c.sendText(trade("ETHUSDT", 900, false));

      assertEquals(0, exit.get(40, TimeUnit.SECONDS), errBytes.toString(StandardCharsets.UTF_8));
      String status = outBytes.toString(StandardCharsets.UTF_8);
      assertTrue(
          status.contains(
              "live: binance [BTC-USDT=btcusdt, ETH-USDT=ethusdt] over 1 connection(s)"),
          status);
      assertTrue(
          status.contains("binance BTC-USDT:")
              && status.contains("gaps 1 found / 2 trades backfilled / 0 unfilled")
              && status.contains("dead letters 1")
              && status.contains("binance kafka: ")
              && status.contains(", 0 failed"),
          status);
      assertEquals(1, rest.requests().size());
      assertEquals(
          "/api/v3/historicalTrades?symbol=BTCUSDT&fromId=3&limit=2",
          rest.requests().get(0).toString());

      List<ConsumerRecord<String, String>> trades = consume(broker, TradeTopics.TRADES_V1, 6);
      assertEquals(6, trades.size(), "each trade exactly once");
      List<String> ids = new ArrayList<>();
      for (ConsumerRecord<String, String> r : trades) {
        JsonNode v = JSON.readTree(r.value());
        assertEquals("binance:" + v.get("symbol").asText(), r.key());
        assertEquals(
            Instant.parse(v.get("trade_time").asText()).toEpochMilli(),
            r.timestamp(),
            "record time is trade time");
        ids.add(
            v.get("symbol").asText()
                + "#"
                + v.get("trade_id").asText()
                + "/"
                + v.get("source").asText()
                + "/"
                + v.get("side").asText()
                + "/"
                + v.get("price").asText());
      }
      assertEquals(
          List.of(
              "BTC-USDT#1/ws/sell/76650.01000000",
              "BTC-USDT#2/ws/buy/76650.01000000",
              "BTC-USDT#3/rest-backfill/buy/76650.02",
              "BTC-USDT#4/rest-backfill/sell/76650.03",
              "BTC-USDT#5/ws/sell/76650.01000000",
              "ETH-USDT#900/ws/buy/76650.01000000"),
          ids.stream().sorted().toList());

      List<ConsumerRecord<String, String>> dead =
          consume(broker, KafkaLiveOutput.DEFAULT_DLQ_TOPIC, 1);
      assertEquals(1, dead.size());
      assertEquals("binance", dead.get(0).key());
      JsonNode d = JSON.readTree(dead.get(0).value());
      assertEquals("binance", d.get("venue").asText());
      assertTrue(d.get("reason").asText().startsWith("not JSON"), d.toString());
      assertEquals(
          "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\"",
          d.get("raw").asText());
    }
  }

  private static List<ConsumerRecord<String, String>> consume(
      EmbeddedKafkaBroker broker, String topic, int atLeast) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + topic);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      // Read until nothing more arrives for a while once the expected count is reached.
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < end && System.nanoTime() < quietUntil) {
        int before = out.size();
        consumer.poll(Duration.ofMillis(500)).forEach(out::add);
        if (out.size() >= atLeast && out.size() == before && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return out;
  }
}
