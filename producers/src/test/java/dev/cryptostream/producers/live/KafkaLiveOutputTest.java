package dev.cryptostream.producers.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaLiveOutputTest {

  @Test
  void whileKafkaIsDownATradeBlocksTheCallerThenCountsAsFailedNeverSilentlyLost() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // nothing listens there once closed: Kafka is "down"
    }
    Properties config = KafkaRecordPublisher.defaultConfig("127.0.0.1:" + port);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 700);
    TradeEvent e =
        new TradeEvent(
            "okx",
            "BTC-USDT",
            "1",
            new BigDecimal("1.5"),
            new BigDecimal("2"),
            TakerSide.BUY,
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:00:00.001Z"),
            TradeSource.WS);
    try (KafkaLiveOutput output =
        new KafkaLiveOutput(
            new KafkaRecordPublisher(config, "t"), new KafkaRecordPublisher(config, "d"))) {
      long t0 = System.nanoTime();
      output.trade(e);
      long blockedMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(
          blockedMs >= 600,
          "the caller (the socket reader) was held back only " + blockedMs + " ms");
      assertEquals(1, output.failed());
      assertEquals(0, output.acked());
      assertInstanceOf(TimeoutException.class, output.firstFailure());
    }
  }
}
