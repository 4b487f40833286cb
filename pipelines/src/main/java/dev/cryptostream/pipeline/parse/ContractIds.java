package dev.cryptostream.pipeline.parse;

import dev.cryptostream.contracts.ContractPatterns;

/**
 * The contract's venue id ({@link ContractPatterns#EXCHANGE}) and symbol ({@link
 * ContractPatterns#SYMBOL}) checked by hand, as {@link ContractTimestamp} reads timestamps: the
 * parser checks both on every trade, and the two patterns were a sixth of parsing one. Accepts
 * exactly what the patterns accept (tested against them on generated near-misses).
 */
public final class ContractIds {
  private ContractIds() {}

  /** A lower-case ASCII letter, then 1 to 31 lower-case letters, digits or underscores. */
  public static boolean isExchange(String text) {
    int n = text.length();
    if (n < 2 || n > 32 || !isLower(text.charAt(0))) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = text.charAt(i);
      if (!isLower(c) && !isDigit(c) && c != '_') {
        return false;
      }
    }
    return true;
  }

  /** BASE-QUOTE: 1 to 16 upper-case ASCII letters or digits on each side of one dash. */
  public static boolean isSymbol(String text) {
    int dash = text.indexOf('-');
    return dash >= 1
        && dash <= 16
        && text.length() - dash - 1 >= 1
        && text.length() - dash - 1 <= 16
        && upperOrDigits(text, 0, dash)
        && upperOrDigits(text, dash + 1, text.length());
  }

  private static boolean upperOrDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!(c >= 'A' && c <= 'Z') && !isDigit(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
