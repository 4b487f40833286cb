package dev.cryptostream.producers.live;

import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import java.nio.charset.StandardCharsets;

/**
 * Trades to the canonical topic keyed exchange:symbol, unusable frames to the producer DLQ keyed by
 * venue.
 */
public final class KafkaLiveOutput implements LiveOutput, AutoCloseable {
  /** Producer-side dead letters: frames that never became canonical events. */
  public static final String DEFAULT_DLQ_TOPIC = "trades.producer.dlq";

  private final KafkaRecordPublisher trades;
  private final KafkaRecordPublisher deadLetters;

  public KafkaLiveOutput(KafkaRecordPublisher trades, KafkaRecordPublisher deadLetters) {
    this.trades = trades;
    this.deadLetters = deadLetters;
  }

  /**
   * Blocks while the producer's buffer is full or the broker unknown (up to max.block.ms, 60 s by
   * default): back-pressure that stops the socket being read. A record Kafka still refuses after
   * that is counted as failed, never silently lost: status lines show it and the command exits 1.
   */
  @Override
  public void trade(TradeEvent e) {
    trades.send(
        e.kafkaKey(),
        TradeEventJson.toJson(e).getBytes(StandardCharsets.UTF_8),
        e.tradeTime().toEpochMilli());
  }

  @Override
  public void deadLetter(DeadLetter d) {
    deadLetters.send(
        d.venue(), d.toJson().getBytes(StandardCharsets.UTF_8), d.receivedAt().toEpochMilli());
  }

  public long acked() {
    return trades.acked() + deadLetters.acked();
  }

  public long failed() {
    return trades.failed() + deadLetters.failed();
  }

  public Exception firstFailure() {
    return trades.firstFailure() != null ? trades.firstFailure() : deadLetters.firstFailure();
  }

  @Override
  public void close() {
    try {
      trades.close();
    } finally {
      deadLetters.close();
    }
  }
}
