package dev.cryptostream.pipeline.candles;

/**
 * Orders trades within an instrument: by trade time, then by trade id. Ids are compared as numbers
 * when both are integers (venues number trades sequentially) and as text otherwise.
 */
public final class TradeOrder {
  private TradeOrder() {}

  public static int compare(long timeA, String idA, long timeB, String idB) {
    int byTime = Long.compare(timeA, timeB);
    if (byTime != 0) {
      return byTime;
    }
    return compareIds(idA, idB);
  }

  /**
   * A total order: all-digit ids by numeric value (then by text, so "01" and "1" still differ),
   * all-digit ids before any other id, other ids by text. Being total and transitive, the open and
   * close of a candle do not depend on the order partial candles are merged in.
   */
  static int compareIds(String a, String b) {
    boolean da = isDigits(a);
    boolean db = isDigits(b);
    if (da && db) {
      String na = stripLeadingZeros(a);
      String nb = stripLeadingZeros(b);
      if (na.length() != nb.length()) {
        return Integer.compare(na.length(), nb.length());
      }
      int byValue = na.compareTo(nb);
      return byValue != 0 ? byValue : a.compareTo(b);
    }
    if (da != db) {
      return da ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String stripLeadingZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }
}
