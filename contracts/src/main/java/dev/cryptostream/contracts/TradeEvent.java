package dev.cryptostream.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The canonical trade event, version 1 (see {@code schemas/trade-event-v1.schema.json}).
 *
 * <p>Times are {@link Instant}s truncated to microseconds on the wire; prices and quantities are
 * {@link BigDecimal}s written as plain decimal strings.
 */
public record TradeEvent(
    String exchange,
    String symbol,
    String tradeId,
    BigDecimal price,
    BigDecimal quantity,
    TakerSide side,
    Instant tradeTime,
    Instant receivedAt,
    TradeSource source) {

  public static final int SCHEMA_VERSION = 1;

  public TradeEvent {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(tradeId, "tradeId");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(tradeTime, "tradeTime");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(source, "source");
  }

  /** The Kafka record key of this trade. */
  public String kafkaKey() {
    return TradeTopics.key(exchange, symbol);
  }
}
