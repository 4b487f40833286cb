package dev.cryptostream.pipeline.model;

import java.io.Serializable;
import java.math.BigDecimal;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One CoinGecko price snapshot (contract price-snapshot-v1) inside the pipeline: an aggregated
 * price, not a trade, with where it was read from and when the pipeline took it in.
 */
public record CoinPriceSnapshot(
    String coinId,
    String vsCurrency,
    BigDecimal price,
    @Nullable BigDecimal marketCap,
    @Nullable BigDecimal volume24h,
    @Nullable Double change24hPct,
    long lastUpdatedAtMicros,
    long polledAtMicros,
    long ingestTimeMicros,
    String kafkaTopic,
    int kafkaPartition,
    long kafkaOffset)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
