package dev.cryptostream.pipeline.tables;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The one rule for decimals in every table: DECIMAL(38,18), rounded half-even. */
public final class Decimal38 {
  public static final int PRECISION = 38;
  public static final int SCALE = 18;

  private Decimal38() {}

  /**
   * The value at scale 18. Input amounts are validated to at most 18 decimals; derived ones (quote
   * volume, VWAP) are rounded half-even.
   *
   * @throws ArithmeticException when the value needs more than 20 integer digits
   */
  public static BigDecimal scaled(BigDecimal value) {
    BigDecimal scaled = value.setScale(SCALE, RoundingMode.HALF_EVEN);
    if (scaled.precision() > PRECISION) {
      throw new ArithmeticException(
          "value " + value.toPlainString() + " does not fit DECIMAL(38,18)");
    }
    return scaled;
  }
}
