package dev.cryptostream.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.options.ValidationOptions;
import dev.cryptostream.pipeline.testing.Trades;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class TradeValidatorTest {
  private static final String TIME = "2026-11-22T10:00:00Z";
  private static final long NOW = Micros.of(Instant.parse(TIME));

  private final TradeValidator permissive =
      new TradeValidator(Set.of(), ".*", Duration.ofSeconds(30), Duration.ofDays(7), null, null);

  private static Trade trade(String price, String qty, String time) {
    return Trades.trade("BTC-USDT", "1", price, qty, TakerSide.BUY, time);
  }

  @Test
  void acceptsASaneTrade() {
    assertNull(permissive.check(trade("100", "1", TIME), NOW));
  }

  @Test
  void rejectsNonPositivePriceAndQuantity() {
    assertEquals(
        RejectReason.NON_POSITIVE_PRICE, permissive.check(trade("0", "1", TIME), NOW).reason());
    assertEquals(
        RejectReason.NON_POSITIVE_PRICE, permissive.check(trade("-1.5", "1", TIME), NOW).reason());
    assertEquals(
        RejectReason.NON_POSITIVE_QUANTITY,
        permissive.check(trade("1", "0.000", TIME), NOW).reason());
    assertEquals(
        RejectReason.NON_POSITIVE_QUANTITY, permissive.check(trade("1", "-2", TIME), NOW).reason());
  }

  @Test
  void rejectsAmountsThatCouldOverflowCandleSums() {
    assertNull(
        permissive.check(trade("1000", "1000000000000", TIME), NOW),
        "exactly 10^15 quote amount is fine");
    assertEquals(
        RejectReason.AMOUNT_OUT_OF_RANGE,
        permissive.check(trade("1000000000000", "1000000000", TIME), NOW).reason());
    assertEquals(
        RejectReason.AMOUNT_OUT_OF_RANGE,
        permissive.check(trade("0.000001", "1000000000000001", TIME), NOW).reason());
  }

  @Test
  void enforcesPriceBoundsInclusively() {
    TradeValidator bounded =
        new TradeValidator(
            Set.of(),
            ".*",
            Duration.ofSeconds(30),
            Duration.ofDays(7),
            new BigDecimal("10"),
            new BigDecimal("20"));
    assertNull(bounded.check(trade("10", "1", TIME), NOW));
    assertNull(bounded.check(trade("20.000", "1", TIME), NOW));
    assertEquals(
        RejectReason.PRICE_OUT_OF_BOUNDS, bounded.check(trade("9.99", "1", TIME), NOW).reason());
    assertEquals(
        RejectReason.PRICE_OUT_OF_BOUNDS, bounded.check(trade("20.01", "1", TIME), NOW).reason());
  }

  @Test
  void enforcesKnownExchangesAndSymbolPattern() {
    TradeValidator strict =
        new TradeValidator(
            Set.of("kraken"),
            "(BTC|ETH)-USD",
            Duration.ofSeconds(30),
            Duration.ofDays(7),
            null,
            null);
    assertEquals(RejectReason.UNKNOWN_EXCHANGE, strict.check(trade("1", "1", TIME), NOW).reason());
    Trade kraken =
        new Trade(
            "kraken",
            "BTC-USDT",
            "1",
            BigDecimal.ONE,
            BigDecimal.ONE,
            TakerSide.BUY,
            NOW,
            NOW,
            dev.cryptostream.contracts.TradeSource.WS,
            1,
            "t",
            0,
            0,
            NOW);
    assertEquals(RejectReason.UNKNOWN_SYMBOL, strict.check(kraken, NOW).reason());
    Trade ok =
        new Trade(
            "kraken",
            "ETH-USD",
            "1",
            BigDecimal.ONE,
            BigDecimal.ONE,
            TakerSide.BUY,
            NOW,
            NOW,
            dev.cryptostream.contracts.TradeSource.WS,
            1,
            "t",
            0,
            0,
            NOW);
    assertNull(strict.check(ok, NOW));
  }

  @Test
  void rejectsTimesInTheFutureBeyondTheSkew() {
    assertNull(
        permissive.check(trade("1", "1", "2026-11-22T10:00:30Z"), NOW),
        "exactly at the skew is fine");
    var r = permissive.check(trade("1", "1", "2026-11-22T10:00:30.000001Z"), NOW);
    assertEquals(RejectReason.TIMESTAMP_IN_FUTURE, r.reason());
    assertTrue(r.message().contains("future"));
  }

  @Test
  void rejectsTradesOlderThanTheMaximumAge() {
    assertNull(
        permissive.check(trade("1", "1", "2026-11-15T10:00:00Z"), NOW), "exactly 7 days is fine");
    assertEquals(
        RejectReason.TOO_OLD,
        permissive.check(trade("1", "1", "2026-11-15T09:59:59.999999Z"), NOW).reason());
  }

  @Test
  void buildsFromOptionsAndNamesBadOptions() {
    ValidationOptions o = PipelineOptionsFactory.as(ValidationOptions.class);
    o.setKnownExchanges(" binance , okx ");
    o.setMaxPrice("100");
    TradeValidator v = TradeValidator.fromOptions(o);
    assertNull(v.check(trade("99", "1", TIME), NOW));
    assertEquals(RejectReason.PRICE_OUT_OF_BOUNDS, v.check(trade("101", "1", TIME), NOW).reason());

    o.setMaxFutureSkew("30 seconds");
    var e = assertThrows(IllegalArgumentException.class, () -> TradeValidator.fromOptions(o));
    assertTrue(e.getMessage().contains("--maxFutureSkew"), e.getMessage());
    o.setMaxFutureSkew("PT30S");
    o.setMinPrice("ten");
    e = assertThrows(IllegalArgumentException.class, () -> TradeValidator.fromOptions(o));
    assertTrue(e.getMessage().contains("--minPrice"), e.getMessage());
    o.setMinPrice("200");
    assertThrows(
        IllegalArgumentException.class, () -> TradeValidator.fromOptions(o), "min above max");
  }
}
