package dev.cryptostream.producers.json;

import java.math.BigDecimal;

/**
 * The decimals the contracts allow: at most 20 integer and 18 fractional digits, written without an
 * exponent. Checked before anything calls {@link BigDecimal#toPlainString()}, which for a hostile
 * 1e999999999 would try to write a billion digits.
 */
public final class ContractDecimal {
  private static final int MAX_SCALE = 18;
  private static final int MAX_INTEGER_DIGITS = 20;

  private ContractDecimal() {}

  /** Why a decimal does not fit the contract. */
  public static final class OutOfRangeException extends Exception {
    OutOfRangeException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * {@code value} at a scale the contract can write: trailing zeros beyond 18 decimals dropped
   * (1.5000…0 is still exact), an exponent written out (1E+2 is 100); never rounded.
   *
   * @param what names the value in the message, e.g. {@code field 'price'}
   */
  public static BigDecimal fit(String what, BigDecimal value) throws OutOfRangeException {
    if (value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
      throw new OutOfRangeException(what + " is too large: " + readable(value));
    }
    BigDecimal v = value;
    if (v.scale() > MAX_SCALE) {
      v = v.stripTrailingZeros();
    }
    if (v.scale() > MAX_SCALE) {
      throw new OutOfRangeException(
          what + " has more than " + MAX_SCALE + " decimals: " + readable(value));
    }
    return v.scale() < 0 ? v.setScale(0) : v;
  }

  /** Plain digits when short; otherwise with an exponent, so 1E-999999999 stays 12 characters. */
  public static String readable(BigDecimal value) {
    return value.precision() <= 64 && Math.abs(value.scale()) <= 64
        ? value.toPlainString()
        : value.toString();
  }
}
