package dev.cryptostream.pipeline.candles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.model.Candle;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import dev.cryptostream.pipeline.testing.BeamPipeline;
import dev.cryptostream.pipeline.testing.Trades;
import java.math.BigDecimal;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BuildCandlesTest {
  @RegisterExtension final BeamPipeline beam = new BeamPipeline();

  private static final BuildCandles.Settings NO_EARLY =
      new BuildCandles.Settings(
          Duration.standardMinutes(1), Duration.standardMinutes(10), Duration.ZERO);

  private static TimestampedValue<Trade> t(
      String id, String price, String qty, TakerSide side, String time) {
    return TimestampedValue.of(
        Trades.trade("BTC-USDT", id, price, qty, side, time), Trades.at(time));
  }

  /** Everything but the emission time, which is processing time. */
  private static PCollection<String> summaries(PCollection<Candle> candles) {
    return candles.apply(
        MapElements.into(TypeDescriptors.strings())
            .via(
                c ->
                    String.join(
                            " ",
                            c.exchange(),
                            c.symbol(),
                            Long.toString(c.windowStartMicros() / 1_000_000),
                            c.paneTiming(),
                            Long.toString(c.paneIndex()),
                            "o=" + c.open().toPlainString(),
                            "h=" + c.high().toPlainString(),
                            "l=" + c.low().toPlainString(),
                            "c=" + c.close().toPlainString(),
                            "v=" + c.volume().stripTrailingZeros().toPlainString(),
                            "n=" + c.tradeCount(),
                            "vwap=" + c.vwap().stripTrailingZeros().toPlainString(),
                            "buy=" + c.takerBuyVolume().stripTrailingZeros().toPlainString(),
                            "sell=" + c.takerSellVolume().stripTrailingZeros().toPlainString())
                        + (c.finalPane() ? " final" : "")));
  }

  @Test
  void onTimeCandleHasExactOhlcvAndVwap() {
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .advanceWatermarkTo(Trades.at("2026-11-22T10:00:00Z"))
            // Arrive out of order; open/close follow trade time, not arrival.
            .addElements(
                t("3", "101", "1", TakerSide.SELL, "2026-11-22T10:00:40Z"),
                t("1", "100", "2", TakerSide.BUY, "2026-11-22T10:00:01Z"),
                t("2", "104", "0.5", TakerSide.BUY, "2026-11-22T10:00:20Z"),
                t("4", "99", "1.5", TakerSide.SELL, "2026-11-22T10:00:59.999Z"),
                // Next window.
                t("5", "98", "1", TakerSide.BUY, "2026-11-22T10:01:05Z"))
            .advanceWatermarkToInfinity();

    PCollection<Candle> candles = beam.pipeline().apply(stream).apply(new BuildCandles(NO_EARLY));
    // VWAP = (200 + 52 + 101 + 148.5) / 5 = 100.3
    PAssert.that(summaries(candles))
        .containsInAnyOrder(
            "binance BTC-USDT 1795341600 ON_TIME 0 o=100 h=104 l=99 c=99 v=5 n=4 vwap=100.3 buy=2.5 sell=2.5 final",
            "binance BTC-USDT 1795341660 ON_TIME 0 o=98 h=98 l=98 c=98 v=1 n=1 vwap=98 buy=1 sell=0 final");
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void lateTradesCorrectTheCandleUntilTheAllowedLatenessEnds() {
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .advanceWatermarkTo(Trades.at("2026-11-22T10:00:00Z"))
            .addElements(t("10", "100", "1", TakerSide.BUY, "2026-11-22T10:00:10Z"))
            .advanceWatermarkTo(Trades.at("2026-11-22T10:02:00Z"))
            // Late but within the 10 minutes: a LATE pane with the corrected, accumulated candle.
            .addElements(t("9", "90", "3", TakerSide.SELL, "2026-11-22T10:00:05Z"))
            .advanceWatermarkTo(Trades.at("2026-11-22T10:11:01Z"))
            // Beyond the allowed lateness: the window is gone, no pane.
            .addElements(t("8", "80", "1", TakerSide.SELL, "2026-11-22T10:00:02Z"))
            .advanceWatermarkToInfinity();

    PCollection<Candle> candles = beam.pipeline().apply(stream).apply(new BuildCandles(NO_EARLY));
    PAssert.that(summaries(candles))
        .containsInAnyOrder(
            "binance BTC-USDT 1795341600 ON_TIME 0 o=100 h=100 l=100 c=100 v=1 n=1 vwap=100 buy=1 sell=0",
            "binance BTC-USDT 1795341600 LATE 1 o=90 h=100 l=90 c=100 v=4 n=2 vwap=92.5 buy=1 sell=3",
            // The window's end (allowed lateness over): a last pane marked final.
            "binance BTC-USDT 1795341600 LATE 2 o=90 h=100 l=90 c=100 v=4 n=2 vwap=92.5 buy=1 sell=3 final");
    org.apache.beam.sdk.PipelineResult result = beam.pipeline().run();
    result.waitUntilFinish();
    // The too-late trade is counted (as one dropped partial candle), not silently lost, and the
    // final pane holds exactly the two trades that made it.
    java.util.Map<String, Long> counters =
        dev.cryptostream.pipeline.metrics.ProgressReporter.counters(result);
    org.junit.jupiter.api.Assertions.assertEquals(
        1L, counters.get(dev.cryptostream.pipeline.metrics.PipelineMetrics.LATE_PARTIALS_DROPPED));
    org.junit.jupiter.api.Assertions.assertEquals(
        2L, counters.get(dev.cryptostream.pipeline.metrics.PipelineMetrics.CANDLE_TRADES_FINAL));
  }

  @Test
  void earlyPanesShowTheCandleBeforeTheWindowCloses() {
    BuildCandles.Settings early =
        new BuildCandles.Settings(
            Duration.standardMinutes(1),
            Duration.standardMinutes(10),
            Duration.standardSeconds(10));
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .advanceWatermarkTo(Trades.at("2026-11-22T10:00:00Z"))
            .addElements(t("1", "100", "1", TakerSide.BUY, "2026-11-22T10:00:01Z"))
            .advanceProcessingTime(Duration.standardSeconds(11))
            .addElements(t("2", "102", "1", TakerSide.BUY, "2026-11-22T10:00:30Z"))
            .advanceWatermarkToInfinity();

    PCollection<Candle> candles = beam.pipeline().apply(stream).apply(new BuildCandles(early));
    PAssert.that(summaries(candles))
        .containsInAnyOrder(
            "binance BTC-USDT 1795341600 EARLY 0 o=100 h=100 l=100 c=100 v=1 n=1 vwap=100 buy=1 sell=0",
            "binance BTC-USDT 1795341600 ON_TIME 1 o=100 h=102 l=100 c=102 v=2 n=2 vwap=101 buy=2 sell=0 final");
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void tradeIdBreaksTiesInTradeTimeNumerically() {
    CandleAccumulator acc = new CandleAccumulator();
    // Same microsecond: id 10 is later than id 9 even though "10" < "9" as text.
    acc.add(Trades.trade("BTC-USDT", "10", "2", "1", TakerSide.BUY, "2026-11-22T10:00:00Z"));
    acc.add(Trades.trade("BTC-USDT", "9", "1", "1", TakerSide.BUY, "2026-11-22T10:00:00Z"));
    assertEquals(new BigDecimal("1"), acc.open);
    assertEquals(new BigDecimal("2"), acc.close);
  }

  @Test
  void mergingPartialsEqualsAddingAllTrades() {
    Trade[] trades = {
      Trades.trade("BTC-USDT", "1", "10", "1", TakerSide.BUY, "2026-11-22T10:00:03Z"),
      Trades.trade("BTC-USDT", "2", "12", "2", TakerSide.SELL, "2026-11-22T10:00:01Z"),
      Trades.trade("BTC-USDT", "3", "9", "3", TakerSide.UNKNOWN, "2026-11-22T10:00:05Z"),
      Trades.trade("BTC-USDT", "4", "11", "4", TakerSide.BUY, "2026-11-22T10:00:02Z")
    };
    CandleAccumulator whole = new CandleAccumulator();
    for (Trade t : trades) {
      whole.add(t);
    }
    CandleAccumulator a = new CandleAccumulator().add(trades[0]).add(trades[3]);
    CandleAccumulator b = new CandleAccumulator().add(trades[2]).add(trades[1]);
    CandleAccumulator merged =
        new dev.cryptostream.pipeline.combine.MergePartials<
                dev.cryptostream.pipeline.model.Trade, CandleAccumulator>(
                none -> new CandleAccumulator(), CandleAccumulatorCoder.of())
            .mergeAccumulators(java.util.List.of(b, new CandleAccumulator(), a));
    assertEquals(whole.open, merged.open);
    assertEquals(new BigDecimal("12"), merged.open);
    assertEquals(whole.close, merged.close);
    assertEquals(new BigDecimal("9"), merged.close);
    assertEquals(0, whole.high.compareTo(merged.high));
    assertEquals(0, whole.low.compareTo(merged.low));
    assertEquals(0, whole.volume.compareTo(merged.volume));
    assertEquals(0, whole.quoteVolume.compareTo(merged.quoteVolume));
    assertEquals(whole.count, merged.count);
    assertEquals(0, new BigDecimal("5").compareTo(merged.takerBuyVolume));
    assertEquals(
        0, new BigDecimal("2").compareTo(merged.takerSellVolume), "unknown side counts in neither");
  }

  @Test
  void vwapRoundsHalfEvenAtEighteenDecimals() {
    assertEquals(
        new BigDecimal("0.333333333333333333"),
        BuildCandles.vwap(BigDecimal.ONE, new BigDecimal("3")));
    assertEquals(
        new BigDecimal("0.666666666666666667"),
        BuildCandles.vwap(new BigDecimal("2"), new BigDecimal("3")));
  }
}
