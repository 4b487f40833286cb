package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.cryptostream.contracts.PriceTopics;
import dev.cryptostream.producers.ProducerCli;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code producers poll-coingecko} as wired by its command, against a local HTTP server playing
 * CoinGecko and the real embedded broker: snapshots land on their own topic (once each), the
 * unreadable answer on the producer dead-letter topic.
 */
class CoinGeckoToKafkaTest {
  @TempDir Path dir;

  @Test
  void snapshotsAndDeadLettersReachTheirTopics() throws Exception {
    String good =
        "{\"bitcoin\":{\"usd\":67187.3358936566,\"usd_market_cap\":1317802988326.25,\"usd_24h_vol\":31260929299.52,"
            + "\"usd_24h_change\":-3.39,\"last_updated_at\":1711356300}}";
    List<String> script = List.of(good, "{\"bitcoin\":", good); // the third is unchanged
    AtomicInteger calls = new AtomicInteger();
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/api/v3/simple/price",
        exchange -> {
          int n = calls.getAndIncrement();
          byte[] body = (n < script.size() ? script.get(n) : "{}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    http.start();
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            dir.resolve("kafka"),
            0,
            List.of(
                new EmbeddedKafkaBroker.TopicSpec(PriceTopics.COINGECKO_PRICES_V1, 1),
                new EmbeddedKafkaBroker.TopicSpec(PriceTopics.PRODUCER_DLQ, 1)))) {
      String[] args = {
        "poll-coingecko",
        "--bootstrap-servers",
        broker.bootstrapServers(),
        "--coins",
        "bitcoin",
        "--vs",
        "usd",
        "--interval",
        "1s",
        "--duration",
        "2500ms",
        "--base-url",
        "http://127.0.0.1:" + http.getAddress().getPort(),
        "--api-key-env",
        "CG_TEST_KEY_NOT_SET"
      };
      assertEquals(0, ProducerCli.run(System.out, System.err, args));
      assertEquals(3, calls.get(), "calls at 0, 1 and 2 s");

      List<ConsumerRecord<byte[], byte[]>> prices =
          read(broker.bootstrapServers(), PriceTopics.COINGECKO_PRICES_V1);
      assertEquals(1, prices.size(), "the unchanged third answer is not republished");
      assertEquals("bitcoin:usd", new String(prices.get(0).key(), StandardCharsets.UTF_8));
      assertEquals(1711356300_000L, prices.get(0).timestamp());
      String snapshot = new String(prices.get(0).value(), StandardCharsets.UTF_8);
      assertTrue(
          snapshot.startsWith(
              "{\"schema_version\":1,\"coin_id\":\"bitcoin\",\"vs_currency\":\"usd\",\"price\":\"67187.3358936566\""),
          snapshot);

      List<ConsumerRecord<byte[], byte[]>> dead =
          read(broker.bootstrapServers(), PriceTopics.PRODUCER_DLQ);
      assertEquals(1, dead.size());
      String letter = new String(dead.get(0).value(), StandardCharsets.UTF_8);
      assertTrue(letter.contains("\"reason\":\"MALFORMED_JSON\""), letter);
      assertTrue(letter.contains("\"raw\":\"{\\\"bitcoin\\\":\""), letter);
    } finally {
      http.stop(0);
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (consumer.position(tp) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
