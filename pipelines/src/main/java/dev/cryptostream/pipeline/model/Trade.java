package dev.cryptostream.pipeline.model;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeSource;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * A parsed trade inside the pipeline: the contract's fields (times as epoch microseconds) plus
 * where it was read from and when the pipeline took it in.
 */
public record Trade(
    String exchange,
    String symbol,
    String tradeId,
    BigDecimal price,
    BigDecimal quantity,
    TakerSide side,
    long tradeTimeMicros,
    long receivedAtMicros,
    TradeSource source,
    int schemaVersion,
    String kafkaTopic,
    int kafkaPartition,
    long kafkaOffset,
    long ingestTimeMicros)
    implements Serializable {

  /** Key of the instrument: one candle series per value. */
  public String instrumentKey() {
    return exchange + ":" + symbol;
  }

  /** Key of the trade itself: the venue guarantees uniqueness of trade ids per instrument. */
  public String identityKey() {
    return exchange + ":" + symbol + ":" + tradeId;
  }

  public BigDecimal quoteAmount() {
    return price.multiply(quantity);
  }
}
