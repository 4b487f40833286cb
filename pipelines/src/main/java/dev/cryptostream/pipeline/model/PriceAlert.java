package dev.cryptostream.pipeline.model;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * A price drop of at least the configured percentage inside one sliding window: the peak ({@code
 * from}) and the lowest later trade ({@code to}).
 *
 * @param alertId exchange|symbol|fromTime|toTime in microseconds: the same drop seen by several
 *     overlapping windows has one id
 */
public record PriceAlert(
    String alertId,
    String exchange,
    String symbol,
    BigDecimal fromPrice,
    long fromTimeMicros,
    BigDecimal toPrice,
    long toTimeMicros,
    double dropPct,
    double thresholdPct,
    long windowStartMicros,
    long windowEndMicros,
    long emittedAtMicros)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static String idOf(
      String exchange, String symbol, long fromTimeMicros, long toTimeMicros) {
    return exchange + "|" + symbol + "|" + fromTimeMicros + "|" + toTimeMicros;
  }
}
