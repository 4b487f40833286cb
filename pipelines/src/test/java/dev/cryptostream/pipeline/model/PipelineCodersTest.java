package dev.cryptostream.pipeline.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/** Round trips, determinism and size of the pipeline's element coders. */
class PipelineCodersTest {
  /** Decimals at the edges of what the contract lets through (DECIMAL(38,18), exponent forms). */
  static final List<BigDecimal> EXTREME_DECIMALS =
      List.of(
          new BigDecimal(
              "99999999999999999999.999999999999999999"), // 38 digits, 18 of them fraction
          new BigDecimal("-99999999999999999999.999999999999999999"),
          new BigDecimal("0.000000000000000001"),
          new BigDecimal("1E+3"), // negative scale: "1E+3" parses to unscaled 1, scale -3
          new BigDecimal(BigInteger.ONE, -19),
          new BigDecimal("0"),
          new BigDecimal("0.000"), // same value as 0, other scale: kept as written
          new BigDecimal("123.4500"));

  private static Trade trade(BigDecimal price, BigDecimal qty, String id) {
    return new Trade(
        "binance",
        "BTC-USDT",
        id,
        price,
        qty,
        TakerSide.UNKNOWN,
        -1L,
        Long.MAX_VALUE,
        TradeSource.values()[TradeSource.values().length - 1],
        1,
        "crypto.trades.v1",
        Integer.MAX_VALUE,
        Long.MIN_VALUE,
        0L);
  }

  @Test
  void tradesRoundTripWithExtremeDecimals() throws Exception {
    for (BigDecimal d : EXTREME_DECIMALS) {
      Trade t = trade(d, d.negate(), "Ünïcode-𝄞-" + d);
      CoderProperties.coderDecodeEncodeEqual(TradeCoder.of(), t);
      Trade back = CoderUtils.clone(TradeCoder.of(), t);
      assertEquals(d.scale(), back.price().scale(), "the scale survives: " + d);
    }
    CoderProperties.coderDecodeEncodeEqual(
        TradeCoder.of(), trade(BigDecimal.ONE, BigDecimal.TEN, ""));
  }

  @Test
  void sourceRecordsRoundTripWithAndWithoutKeyAndPayload() throws Exception {
    for (SourceRecord r :
        List.of(
            new SourceRecord("t", 0, 0L, (byte[]) null, 0L, null),
            new SourceRecord("t", 1, 7L, new byte[] {(byte) 0xc3, 0x28}, 0L, new byte[] {1}),
            new SourceRecord("t", 5, Long.MAX_VALUE, "", -1L, new byte[0]),
            new SourceRecord(
                "crypto.trades.v1",
                2,
                42L,
                "binance:BTC-USDT",
                1_700_000_000_000L,
                new byte[] {(byte) 0xff, 0, (byte) 0xc3, 0x28}))) {
      CoderProperties.coderDecodeEncodeEqual(SourceRecordCoder.of(), r);
      SourceRecord back = CoderUtils.clone(SourceRecordCoder.of(), r);
      assertArrayEquals(r.key(), back.key());
      assertArrayEquals(r.payload(), back.payload());
    }
  }

  @Test
  void deadLettersRoundTripWithEveryNullableFieldNullOrSet() throws Exception {
    DeadLetter bare =
        new DeadLetter("MALFORMED_JSON", "bad", null, null, "t", 0, 0, null, 0, "parse", 1, null);
    DeadLetter full =
        new DeadLetter(
            "BAD_DECIMAL",
            "price: 1e400",
            "{\"price\":\"1e400\"}",
            "AAEC",
            "t",
            3,
            99,
            "k",
            -5,
            "validate",
            Long.MAX_VALUE,
            DeadLetter.stackTraceOf(new IllegalStateException("x")));
    CoderProperties.coderDecodeEncodeEqual(DeadLetterCoder.of(), bare);
    CoderProperties.coderDecodeEncodeEqual(DeadLetterCoder.of(), full);
    DeadLetter binaryKey =
        new DeadLetter(
            "NOT_UTF8",
            "key and value are not UTF-8",
            null,
            "wyg=",
            "t",
            1,
            7,
            null,
            "wyg=",
            0,
            "parse",
            2,
            null);
    assertEquals("wyg=", CoderUtils.clone(DeadLetterCoder.of(), binaryKey).keyBase64());
    DeadLetter back = CoderUtils.clone(DeadLetterCoder.of(), bare);
    assertNull(back.payloadText());
    assertNull(back.stackTrace());
  }

  static Candle candle(BigDecimal d, boolean last) {
    return new Candle(
        "kraken",
        "SOL-USD",
        -60_000_000L,
        0L,
        d,
        d,
        d,
        d,
        d,
        d,
        d,
        Long.MAX_VALUE,
        d,
        d,
        -1L,
        1L,
        "LATE",
        7,
        last,
        123L);
  }

  @Test
  void candlesRoundTrip() throws Exception {
    for (BigDecimal d : EXTREME_DECIMALS) {
      CoderProperties.coderDecodeEncodeEqual(CandleCoder.of(), candle(d, true));
      CoderProperties.coderDecodeEncodeEqual(CandleCoder.of(), candle(d, false));
    }
  }

  @Test
  void alertsRoundTripIncludingOddDoubles() throws Exception {
    for (double pct : new double[] {5.0, 100.0, Double.MIN_VALUE, Double.NaN, -0.0}) {
      for (BigDecimal d : EXTREME_DECIMALS) {
        PriceAlert a =
            new PriceAlert(
                PriceAlert.idOf("okx", "XRP-USDT", 1, 2),
                "okx",
                "XRP-USDT",
                d,
                1,
                d,
                2,
                pct,
                5.0,
                0,
                600_000_000L,
                9);
        CoderProperties.coderDecodeEncodeEqual(PriceAlertCoder.of(), a);
      }
    }
  }

  @Test
  void theCodersAreDeterministicExceptTheAlertOne() throws Exception {
    for (Coder<?> c :
        List.of(TradeCoder.of(), SourceRecordCoder.of(), DeadLetterCoder.of(), CandleCoder.of())) {
      c.verifyDeterministic();
      CoderProperties.coderSerializable(c);
    }
    Trade a = trade(new BigDecimal("1.50"), BigDecimal.ONE, "1");
    CoderProperties.coderDeterministic(
        TradeCoder.of(), a, trade(new BigDecimal("1.50"), BigDecimal.ONE, "1"));
    CoderProperties.coderDeterministic(
        CandleCoder.of(), candle(BigDecimal.TEN, true), candle(BigDecimal.TEN, true));
    // Doubles are not deterministic for Beam: alerts are never keys, and the coder says so.
    assertThrows(
        Coder.NonDeterministicException.class, () -> PriceAlertCoder.of().verifyDeterministic());
  }

  @Test
  void theCodersAreFarSmallerThanJavaSerialization() throws Exception {
    Trade t = trade(new BigDecimal("97123.45"), new BigDecimal("0.00123"), "4567890123");
    Candle c = candle(new BigDecimal("97123.45"), true);
    int tradeBytes = CoderUtils.encodeToByteArray(TradeCoder.of(), t).length;
    int candleBytes = CoderUtils.encodeToByteArray(CandleCoder.of(), c).length;
    assertTrue(
        tradeBytes * 4 < CoderUtils.encodeToByteArray(SerializableCoder.of(Trade.class), t).length,
        "trade: " + tradeBytes);
    assertTrue(
        candleBytes * 4
            < CoderUtils.encodeToByteArray(SerializableCoder.of(Candle.class), c).length,
        "candle: " + candleBytes);
  }
}
