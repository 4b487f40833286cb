package dev.cryptostream.pipeline.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.instrument.BatchByInstrument;
import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.metrics.ProgressReporter;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import dev.cryptostream.pipeline.testing.BeamPipeline;
import dev.cryptostream.pipeline.testing.Trades;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeduplicateTradesTest {
  private static final Duration TEN_MINUTES = Duration.standardMinutes(10);

  @RegisterExtension final BeamPipeline beam = new BeamPipeline();

  private static Trade trade(String symbol, String id, String price, String time) {
    return Trades.trade(symbol, id, price, "1", TakerSide.BUY, time);
  }

  private static Trade trade(String symbol, String id, String price) {
    return trade(symbol, id, price, "2026-11-22T10:00:00Z");
  }

  private static PCollection<String> ids(PCollection<Trade> trades) {
    return trades.apply(
        MapElements.into(TypeDescriptors.strings())
            .via(t -> t.symbol() + "/" + t.tradeId() + "@" + t.price()));
  }

  private Map<String, Long> run() {
    PipelineResult result = beam.pipeline().run();
    result.waitUntilFinish();
    return ProgressReporter.counters(result);
  }

  @Test
  void firstCopyWinsWithinTheHorizon() {
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .addElements(trade("BTC-USDT", "1", "100"), trade("BTC-USDT", "2", "101"))
            .advanceWatermarkTo(Trades.at("2026-11-22T10:05:00Z"))
            // Same id again (even with another price: the venue's id is the identity).
            .addElements(trade("BTC-USDT", "1", "999"), trade("ETH-USDT", "1", "50"))
            .addElements(trade("BTC-USDT", "2", "101"))
            .advanceWatermarkToInfinity();

    PCollection<Trade> unique =
        beam.pipeline().apply(stream).apply(new DeduplicateTrades(TEN_MINUTES));
    PAssert.that(ids(unique))
        .containsInAnyOrder("BTC-USDT/1@100", "BTC-USDT/2@101", "ETH-USDT/1@50");
    Map<String, Long> counters = run();
    assertEquals(2L, counters.get(PipelineMetrics.DUPLICATES));
    assertEquals(3L, counters.get(PipelineMetrics.UNIQUE_TRADES));
  }

  /** "id@price@second of the element timestamp". */
  static class WithTimestampFn extends DoFn<Trade, String> {
    @ProcessElement
    public void process(@Element Trade t, @Timestamp Instant at, OutputReceiver<String> out) {
      out.output(t.tradeId() + "@" + t.price() + "@" + at.getMillis() / 1_000L % 60);
    }
  }

  @Test
  void copiesWithinOneBundleAreCheckedInItsOrderAndEachTradeKeepsItsTimestamp() {
    // One bundle: one batch for the keyed step, emitted at its earliest timestamp (second 20).
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .addElements(
                TimestampedValue.of(
                    trade("BTC-USDT", "1", "100", "2026-11-22T10:00:30Z"),
                    Trades.at("2026-11-22T10:00:30Z")),
                TimestampedValue.of(
                    trade("BTC-USDT", "1", "999", "2026-11-22T10:00:30Z"),
                    Trades.at("2026-11-22T10:00:30Z")),
                TimestampedValue.of(
                    trade("BTC-USDT", "2", "101", "2026-11-22T10:00:20Z"),
                    Trades.at("2026-11-22T10:00:20Z")),
                TimestampedValue.of(
                    trade("BTC-USDT", "2", "102", "2026-11-22T10:00:20Z"),
                    Trades.at("2026-11-22T10:00:20Z")))
            .advanceWatermarkToInfinity();

    PCollection<String> unique =
        beam.pipeline()
            .apply(stream)
            .apply(new DeduplicateTrades(TEN_MINUTES, BatchByInstrument.perBundle()))
            .apply(ParDo.of(new WithTimestampFn()));
    PAssert.that(unique).containsInAnyOrder("1@100@30", "2@101@20");
    Map<String, Long> counters = run();
    assertEquals(2L, counters.get(PipelineMetrics.DUPLICATES));
    assertEquals(2L, counters.get(PipelineMetrics.UNIQUE_TRADES));
  }

  @Test
  void aCopyIsDroppedUntilTheWatermarkPassesItsGenerationPlusAHorizon() {
    // Trade time 10:03: generation [10:00, 10:10), forgotten once the watermark passes 10:20.
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .addElements(trade("BTC-USDT", "1", "100", "2026-11-22T10:03:00Z"))
            .advanceWatermarkTo(Trades.at("2026-11-22T10:13:00Z"))
            // One horizon past its trade time: still remembered.
            .addElements(trade("BTC-USDT", "1", "101", "2026-11-22T10:03:00Z"))
            // Processing time plays no part: a replay read in seconds de-duplicates as live.
            .advanceProcessingTime(Duration.standardHours(2))
            .addElements(trade("BTC-USDT", "1", "102", "2026-11-22T10:03:00Z"))
            .advanceWatermarkTo(Trades.at("2026-11-22T10:19:59Z"))
            .addElements(trade("BTC-USDT", "1", "103", "2026-11-22T10:03:00Z"))
            .advanceWatermarkTo(Trades.at("2026-11-22T10:20:01Z"))
            // Forgotten: past the horizon, passed on and counted as such.
            .addElements(trade("BTC-USDT", "1", "104", "2026-11-22T10:03:00Z"))
            .advanceWatermarkToInfinity();

    PCollection<Trade> unique =
        beam.pipeline().apply(stream).apply(new DeduplicateTrades(TEN_MINUTES));
    PAssert.that(ids(unique)).containsInAnyOrder("BTC-USDT/1@100", "BTC-USDT/1@104");
    Map<String, Long> counters = run();
    assertEquals(3L, counters.get(PipelineMetrics.DUPLICATES));
    assertEquals(2L, counters.get(PipelineMetrics.UNIQUE_TRADES));
    assertEquals(1L, counters.get(PipelineMetrics.TRADES_PAST_DEDUP_HORIZON));
  }

  @Test
  void generationsAreForgottenOneByOneAsTheWatermarkPassesThem() {
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .addElements(
                trade("BTC-USDT", "1", "100", "2026-11-22T10:03:00Z"),
                trade("BTC-USDT", "2", "200", "2026-11-22T10:15:00Z"),
                trade("ETH-USDT", "1", "10", "2026-11-22T10:04:00Z"))
            .advanceWatermarkTo(Trades.at("2026-11-22T10:25:00Z"))
            // [10:00, 10:10) is forgotten (for every instrument); [10:10, 10:20) is not, until
            // 10:30.
            .addElements(
                trade("BTC-USDT", "1", "101", "2026-11-22T10:03:00Z"),
                trade("BTC-USDT", "2", "201", "2026-11-22T10:15:00Z"),
                trade("ETH-USDT", "1", "11", "2026-11-22T10:04:00Z"))
            .advanceWatermarkTo(Trades.at("2026-11-22T10:30:01Z"))
            .addElements(trade("BTC-USDT", "2", "202", "2026-11-22T10:15:00Z"))
            .advanceWatermarkToInfinity();

    PCollection<Trade> unique =
        beam.pipeline().apply(stream).apply(new DeduplicateTrades(TEN_MINUTES));
    PAssert.that(ids(unique))
        .containsInAnyOrder(
            "BTC-USDT/1@100",
            "BTC-USDT/2@200",
            "ETH-USDT/1@10",
            "BTC-USDT/1@101",
            "ETH-USDT/1@11",
            "BTC-USDT/2@202");
    Map<String, Long> counters = run();
    assertEquals(1L, counters.get(PipelineMetrics.DUPLICATES));
    assertEquals(3L, counters.get(PipelineMetrics.TRADES_PAST_DEDUP_HORIZON));
  }

  @Test
  void aLateTradeIsRememberedForItsOwnGeneration() {
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .addElements(trade("BTC-USDT", "1", "100", "2026-11-22T10:15:00Z"))
            .advanceWatermarkTo(Trades.at("2026-11-22T10:16:00Z"))
            // Late (10:01, the watermark is at 10:16) but its generation is not forgotten yet.
            .addElements(trade("BTC-USDT", "5", "50", "2026-11-22T10:01:00Z"))
            .advanceWatermarkTo(Trades.at("2026-11-22T10:19:00Z"))
            .addElements(trade("BTC-USDT", "5", "51", "2026-11-22T10:01:00Z"))
            // Its generation ends at 10:10: forgotten at 10:20, before the newer one (10:30).
            .advanceWatermarkTo(Trades.at("2026-11-22T10:21:00Z"))
            .addElements(
                trade("BTC-USDT", "5", "52", "2026-11-22T10:01:00Z"),
                trade("BTC-USDT", "1", "101", "2026-11-22T10:15:00Z"))
            .advanceWatermarkToInfinity();

    PCollection<Trade> unique =
        beam.pipeline().apply(stream).apply(new DeduplicateTrades(TEN_MINUTES));
    PAssert.that(ids(unique))
        .containsInAnyOrder("BTC-USDT/1@100", "BTC-USDT/5@50", "BTC-USDT/5@52");
    Map<String, Long> counters = run();
    assertEquals(2L, counters.get(PipelineMetrics.DUPLICATES));
    assertEquals(1L, counters.get(PipelineMetrics.TRADES_PAST_DEDUP_HORIZON));
  }

  @Test
  void anInstrumentIdleForLongStillKnowsWhatIsPastTheHorizon() {
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .addElements(trade("BTC-USDT", "1", "100", "2026-11-22T10:03:00Z"))
            // Everything of the instrument forgotten; a copy hours later is past the horizon.
            .advanceWatermarkTo(Trades.at("2026-11-22T14:00:00Z"))
            .addElements(trade("BTC-USDT", "1", "101", "2026-11-22T10:03:00Z"))
            .addElements(trade("BTC-USDT", "1", "102", "2026-11-22T10:03:00Z"))
            // A new trade of the instrument is remembered again.
            .addElements(trade("BTC-USDT", "7", "70", "2026-11-22T13:59:00Z"))
            .addElements(trade("BTC-USDT", "7", "71", "2026-11-22T13:59:00Z"))
            .advanceWatermarkToInfinity();

    PCollection<Trade> unique =
        beam.pipeline().apply(stream).apply(new DeduplicateTrades(TEN_MINUTES));
    PAssert.that(ids(unique))
        .containsInAnyOrder("BTC-USDT/1@100", "BTC-USDT/1@101", "BTC-USDT/1@102", "BTC-USDT/7@70");
    Map<String, Long> counters = run();
    assertEquals(1L, counters.get(PipelineMetrics.DUPLICATES));
    assertEquals(2L, counters.get(PipelineMetrics.TRADES_PAST_DEDUP_HORIZON));
  }

  @Test
  void rejectsANonPositiveHorizon() {
    assertThrows(IllegalArgumentException.class, () -> new DeduplicateTrades(Duration.ZERO));
  }
}
