package dev.cryptostream.pipeline.candles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.testing.Trades;
import java.math.BigDecimal;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/** The candle accumulator's coder: every field survives, an empty accumulator too. */
class CandleAccumulatorCoderTest {
  private static CandleAccumulator roundTrip(CandleAccumulator a) throws Exception {
    CandleAccumulator back = CoderUtils.clone(CandleAccumulatorCoder.of(), a);
    // Same bytes again: nothing lost or reordered.
    assertArrayEquals(
        CoderUtils.encodeToByteArray(CandleAccumulatorCoder.of(), a),
        CoderUtils.encodeToByteArray(CandleAccumulatorCoder.of(), back));
    return back;
  }

  @Test
  void anEmptyAccumulatorIsOneByteAndStaysEmpty() throws Exception {
    CandleAccumulator back = roundTrip(new CandleAccumulator());
    assertEquals(0, back.count());
    assertNull(back.open);
    assertEquals(BigDecimal.ZERO, back.volume);
    assertEquals(
        1,
        CoderUtils.encodeToByteArray(CandleAccumulatorCoder.of(), new CandleAccumulator()).length);
  }

  @Test
  void everyFieldSurvivesWithExtremeDecimals() throws Exception {
    CandleAccumulator a = new CandleAccumulator();
    a.add(
        Trades.trade(
            "BTC-USDT",
            "9",
            "99999999999999999999.999999999999999999",
            "0.000000000000000001",
            TakerSide.BUY,
            "2026-11-22T10:00:01Z"));
    a.add(Trades.trade("BTC-USDT", "10", "1E+3", "12.5", TakerSide.SELL, "2026-11-22T10:00:02Z"));
    a.add(Trades.trade("BTC-USDT", "x", "0.5", "3", TakerSide.UNKNOWN, "2026-11-22T10:00:00Z"));
    CandleAccumulator b = roundTrip(a);
    assertEquals(3, b.count());
    assertEquals(a.openTime, b.openTime);
    assertEquals("x", b.openId);
    assertEquals(a.open, b.open);
    assertEquals("10", b.closeId);
    assertEquals(new BigDecimal("1E+3"), b.close);
    assertEquals(-3, b.close.scale());
    assertEquals(a.high, b.high);
    assertEquals(a.low, b.low);
    assertEquals(a.volume, b.volume);
    assertEquals(a.quoteVolume, b.quoteVolume);
    assertEquals(a.takerBuyVolume, b.takerBuyVolume);
    assertEquals(a.takerSellVolume, b.takerSellVolume);
    // A decoded accumulator merges like the original.
    assertEquals(
        a.merge(new CandleAccumulator()).quoteVolume, b.merge(new CandleAccumulator()).quoteVolume);
  }

  @Test
  void theCoderIsDeterministicAndSerializable() throws Exception {
    CandleAccumulatorCoder.of().verifyDeterministic();
    CoderProperties.coderSerializable(CandleAccumulatorCoder.of());
  }
}
