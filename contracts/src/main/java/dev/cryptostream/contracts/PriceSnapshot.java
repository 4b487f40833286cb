package dev.cryptostream.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * An aggregated price of one coin in one currency at one moment, version 1 (see {@code
 * schemas/price-snapshot-v1.schema.json}). Not a trade: CoinGecko publishes a price across venues
 * every few tens of seconds, so these go to their own topic, never to the trade stream.
 *
 * <p>{@code marketCap}, {@code volume24h} and {@code change24hPct} may be null when the source has
 * no figure for the coin.
 */
public record PriceSnapshot(
    String coinId,
    String vsCurrency,
    BigDecimal price,
    BigDecimal marketCap,
    BigDecimal volume24h,
    BigDecimal change24hPct,
    Instant lastUpdatedAt,
    Instant polledAt) {

  public static final int SCHEMA_VERSION = 1;

  public PriceSnapshot {
    Objects.requireNonNull(coinId, "coinId");
    Objects.requireNonNull(vsCurrency, "vsCurrency");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(lastUpdatedAt, "lastUpdatedAt");
    Objects.requireNonNull(polledAt, "polledAt");
  }

  /**
   * The Kafka record key: every snapshot of one coin in one currency lands in one partition, in
   * order.
   */
  public String kafkaKey() {
    return coinId + ":" + vsCurrency;
  }
}
