package dev.cryptostream.pipeline.model;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One emission (pane) of a candle for one instrument and one event-time window. A window can be
 * emitted several times (early, on time, late corrections): {@code paneIndex} orders them and the
 * newest one is the truth.
 *
 * @param paneTiming EARLY, ON_TIME or LATE (Beam's PaneInfo.Timing)
 * @param paneIndex 0 for the first emission of this window, then 1, 2, ...
 * @param finalPane true when Beam guarantees no further emission for this window
 */
public record Candle(
    String exchange,
    String symbol,
    long windowStartMicros,
    long windowEndMicros,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    BigDecimal volume,
    BigDecimal quoteVolume,
    BigDecimal vwap,
    long tradeCount,
    BigDecimal takerBuyVolume,
    BigDecimal takerSellVolume,
    long firstTradeTimeMicros,
    long lastTradeTimeMicros,
    String paneTiming,
    long paneIndex,
    boolean finalPane,
    long emittedAtMicros)
    implements Serializable {}
