package dev.cryptostream.pipeline.parse;

import dev.cryptostream.contracts.ContractPatterns;

/**
 * The contract's decimal form with an optional sign ({@link ContractPatterns#SIGNED_DECIMAL}: up to
 * 20 ASCII digits, then optionally a point and 1 to 18 digits) checked by hand, as {@link
 * ContractTimestamp} reads timestamps: the parser checks two per trade. Accepts exactly what the
 * pattern accepts (tested against it on generated near-misses).
 */
public final class ContractDecimal {
  private ContractDecimal() {}

  /** True when {@code text} matches {@link ContractPatterns#SIGNED_DECIMAL}. */
  public static boolean isSigned(String text) {
    int n = text.length();
    int i = n > 0 && text.charAt(0) == '-' ? 1 : 0;
    int integerDigits = digitsFrom(text, i);
    if (integerDigits < 1 || integerDigits > JsonFields.MAX_INTEGER_DIGITS) {
      return false;
    }
    i += integerDigits;
    if (i == n) {
      return true;
    }
    if (text.charAt(i) != '.') {
      return false;
    }
    int fractionDigits = digitsFrom(text, i + 1);
    return fractionDigits >= 1
        && fractionDigits <= JsonFields.MAX_SCALE
        && i + 1 + fractionDigits == n;
  }

  /** How many ASCII digits follow {@code from}. */
  private static int digitsFrom(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }
}
