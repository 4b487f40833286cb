package dev.cryptostream.pipeline.parse;

import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.Rejection;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.options.OptionValues;
import dev.cryptostream.pipeline.options.ValidationOptions;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The business rules a well-formed trade must pass. Immutable and serializable. */
public final class TradeValidator implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Largest quantity and quote amount accepted. DECIMAL(38,18) holds 20 integer digits, so even
   * 100,000 such trades in one candle still fit its volume sums.
   */
  public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000000");

  private final Set<String> knownExchanges;
  private final String symbolRegex;
  private final long maxFutureSkewMicros;
  private final long maxAgeMicros;
  private final @Nullable BigDecimal minPrice;
  private final @Nullable BigDecimal maxPrice;
  private transient @Nullable Pattern symbolPattern;

  public TradeValidator(
      Set<String> knownExchanges,
      String symbolRegex,
      Duration maxFutureSkew,
      Duration maxAge,
      @Nullable BigDecimal minPrice,
      @Nullable BigDecimal maxPrice) {
    if (maxFutureSkew.isNegative() || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxFutureSkew must be >= 0 and maxTradeAge > 0");
    }
    if (minPrice != null && maxPrice != null && minPrice.compareTo(maxPrice) > 0) {
      throw new IllegalArgumentException("minPrice " + minPrice + " is above maxPrice " + maxPrice);
    }
    this.knownExchanges = Set.copyOf(knownExchanges);
    this.symbolRegex = symbolRegex;
    this.symbolPattern = Pattern.compile(symbolRegex);
    this.maxFutureSkewMicros = maxFutureSkew.toNanos() / 1_000L;
    this.maxAgeMicros = maxAge.toNanos() / 1_000L;
    this.minPrice = minPrice;
    this.maxPrice = maxPrice;
  }

  /** Builds a validator from options, failing with a message that names the bad option. */
  public static TradeValidator fromOptions(ValidationOptions o) {
    Set<String> exchanges =
        Arrays.stream(o.getKnownExchanges().split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    return new TradeValidator(
        exchanges,
        o.getSymbolPattern(),
        OptionValues.duration("maxFutureSkew", o.getMaxFutureSkew()),
        OptionValues.duration("maxTradeAge", o.getMaxTradeAge()),
        decimalOrNull("minPrice", o.getMinPrice()),
        decimalOrNull("maxPrice", o.getMaxPrice()));
  }

  /** Returns why the trade is unacceptable at processing time {@code nowMicros}, or null. */
  public @Nullable Rejection check(Trade t, long nowMicros) {
    if (t.price().signum() <= 0) {
      return new Rejection(
          RejectReason.NON_POSITIVE_PRICE, "price " + t.price() + " is not positive");
    }
    if (t.quantity().signum() <= 0) {
      return new Rejection(
          RejectReason.NON_POSITIVE_QUANTITY, "quantity " + t.quantity() + " is not positive");
    }
    if (t.quantity().compareTo(MAX_AMOUNT) > 0 || t.quoteAmount().compareTo(MAX_AMOUNT) > 0) {
      return new Rejection(
          RejectReason.AMOUNT_OUT_OF_RANGE,
          "quantity "
              + t.quantity()
              + " or quote amount "
              + t.quoteAmount()
              + " exceeds "
              + MAX_AMOUNT.toPlainString());
    }
    if ((minPrice != null && t.price().compareTo(minPrice) < 0)
        || (maxPrice != null && t.price().compareTo(maxPrice) > 0)) {
      return new Rejection(
          RejectReason.PRICE_OUT_OF_BOUNDS,
          "price " + t.price() + " is outside [" + minPrice + ", " + maxPrice + "]");
    }
    if (!knownExchanges.isEmpty() && !knownExchanges.contains(t.exchange())) {
      return new Rejection(
          RejectReason.UNKNOWN_EXCHANGE, "exchange '" + t.exchange() + "' is not configured");
    }
    if (!pattern().matcher(t.symbol()).matches()) {
      return new Rejection(
          RejectReason.UNKNOWN_SYMBOL, "symbol '" + t.symbol() + "' does not match " + symbolRegex);
    }
    if (t.tradeTimeMicros() > nowMicros + maxFutureSkewMicros) {
      return new Rejection(
          RejectReason.TIMESTAMP_IN_FUTURE,
          "trade_time is " + (t.tradeTimeMicros() - nowMicros) / 1_000 + " ms in the future");
    }
    if (t.tradeTimeMicros() < nowMicros - maxAgeMicros) {
      return new Rejection(
          RejectReason.TOO_OLD,
          "trade_time is "
              + (nowMicros - t.tradeTimeMicros()) / 1_000_000
              + " s old, over the maximum age");
    }
    return null;
  }

  private Pattern pattern() {
    if (symbolPattern == null) {
      symbolPattern = Pattern.compile(symbolRegex);
    }
    return symbolPattern;
  }

  private static @Nullable BigDecimal decimalOrNull(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return new BigDecimal(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a decimal, got '" + value + "'");
    }
  }
}
