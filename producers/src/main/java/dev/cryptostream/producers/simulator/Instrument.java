package dev.cryptostream.producers.simulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** One simulated instrument: venue, BASE-QUOTE symbol, starting price and price tick. */
public record Instrument(String exchange, String symbol, BigDecimal startPrice, BigDecimal tick) {
  private static final Pattern EXCHANGE = Pattern.compile("[a-z][a-z0-9_]{1,31}");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{1,16}-[A-Z0-9]{1,16}");

  /**
   * Parses {@code exchange:BASE-QUOTE} entries separated by commas; an entry without an exchange
   * belongs to the venue "simulator".
   */
  public static List<Instrument> parseList(String spec) {
    List<Instrument> out = new ArrayList<>();
    for (String raw : spec.split(",", -1)) { // empty entries are skipped below
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int colon = entry.indexOf(':');
      String exchange =
          colon < 0 ? "simulator" : entry.substring(0, colon).toLowerCase(Locale.ROOT);
      String symbol = (colon < 0 ? entry : entry.substring(colon + 1)).toUpperCase(Locale.ROOT);
      if (!EXCHANGE.matcher(exchange).matches()) {
        throw new IllegalArgumentException("bad exchange id '" + exchange + "' in --symbols");
      }
      if (!SYMBOL.matcher(symbol).matches()) {
        throw new IllegalArgumentException(
            "bad symbol '" + symbol + "' in --symbols: expected BASE-QUOTE such as BTC-USDT");
      }
      for (Instrument seen : out) {
        if (seen.exchange().equals(exchange) && seen.symbol().equals(symbol)) {
          throw new IllegalArgumentException(
              "duplicate instrument '" + exchange + ":" + symbol + "' in --symbols");
        }
      }
      BigDecimal start = startPriceFor(symbol.substring(0, symbol.indexOf('-')));
      BigDecimal tick =
          start.compareTo(BigDecimal.TEN) >= 0 ? new BigDecimal("0.01") : new BigDecimal("0.0001");
      out.add(new Instrument(exchange, symbol, start, tick));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--symbols names no instrument");
    }
    return out;
  }

  /** Plausible late-2026 price levels so that the local run looks like a market. */
  static BigDecimal startPriceFor(String base) {
    return switch (base) {
      case "BTC" -> new BigDecimal("91250.00");
      case "ETH" -> new BigDecimal("3120.00");
      case "SOL" -> new BigDecimal("142.00");
      case "XRP" -> new BigDecimal("2.1500");
      case "DOGE" -> new BigDecimal("0.1800");
      default -> new BigDecimal("25.00");
    };
  }
}
