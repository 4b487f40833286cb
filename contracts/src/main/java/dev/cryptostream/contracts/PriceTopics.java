package dev.cryptostream.contracts;

/** Kafka naming of price snapshots and of what the producers could not turn into them. */
public final class PriceTopics {
  /** CoinGecko price snapshots, JSON per price-snapshot-v1.schema.json, key coin_id:vs_currency. */
  public static final String COINGECKO_PRICES_V1 = "prices.coingecko.v1";

  /**
   * Producer-side dead letters: responses the producer could not read (reason, detail, raw body),
   * so nothing it received is dropped silently.
   */
  public static final String PRODUCER_DLQ = "prices.producer.dlq";

  private PriceTopics() {}
}
