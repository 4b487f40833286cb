package dev.cryptostream.contracts;

/** Kafka naming of the canonical trade stream. */
public final class TradeTopics {
  /** Canonical trades, JSON per trade-event-v1.schema.json. */
  public static final String TRADES_V1 = "crypto.trades.v1";

  /** Default partition count: enough for several consumers, few enough for a laptop. */
  public static final int DEFAULT_PARTITIONS = 6;

  private TradeTopics() {}

  /** The record key: all trades of one instrument land in one partition, in order. */
  public static String key(String exchange, String symbol) {
    return exchange + ":" + symbol;
  }
}
